"""The live forecast of an incident: per vital process when it goes down, when its MTPD is
breached and how likely, a timeline with now, and what helps most now."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import incidents as compute
from weerbaar.web.incidents import store
from weerbaar.web.incidents.access import incident_of
from weerbaar.web.incidents.timeline import timeline
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view


@map_view(Action.INCIDENTS)
def forecast(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    incident = incident_of(access, incident_id)
    _version, m = service.current(access.record)
    outages = store.outages_of(incident)
    names = {n.id: n.label for n in m.nodes}
    context: dict[str, object] = {"access": access, "incident": incident, "names": names}
    if not outages:
        return render(request, "incidents/forecast.html", context)
    # A closed incident is forecast as it stood when it was closed.
    now = incident.closed or timezone.now()
    try:
        result, advice = compute.run(m, outages, now)
    except compute.ForecastError as exc:
        # A node removed from the map since, say: say which, change nothing.
        context["error"] = str(exc)
        return render(request, "incidents/forecast.html", context, status=409)
    context.update(
        forecast=result,
        advice=advice,
        restores=[
            (r, names.get(r.node, r.node), ", ".join(names.get(p, p) for p in r.prevented))
            for r in advice.restores
        ],
        helps=[(h, names.get(h.member, h.member)) for h in advice.helps],
        timeline=timeline(result, m, [o.node for o in outages]),
    )
    return render(request, "incidents/forecast.html", context)
