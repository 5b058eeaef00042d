"""The geographic map: located nodes, optionally in their state at a moment of a scenario."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import runs
from weerbaar.web.analyses.dependencies import LAYERS
from weerbaar.web.forms import MomentForm
from weerbaar.web.jobs.models import Job
from weerbaar.web.labels import NODE_KINDS
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view


@map_view(Action.ANALYSE)
def geo(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    form = MomentForm(m, request.GET or None)
    scenario_id, t = "", 0.0
    if form.is_valid():
        scenario_id = form.cleaned_data["scenario"] or ""
        t = form.cleaned_data["t"] or 0.0
    run: runs.Run | None = None
    job: Job | None = None
    if scenario_id:
        outcome = runs.obtain(access.record, version, m, runs.params(scenario_id), request.user)
        if isinstance(outcome, Job):
            job = outcome
        else:
            run = outcome
    down = runs.down_at(run.result, t) if run is not None else set()
    labels = {
        "down": _("uitgevallen"),
        "up": _("in bedrijf"),
        "none": _("geen scenario gekozen") if job is None else _("wordt berekend"),
    }
    located: list[dict[str, Any]] = []
    for n in m.nodes:
        if n.location is None:
            continue
        state = "none" if run is None else ("down" if n.id in down else "up")
        located.append(
            {
                "id": n.id,
                "label": n.label,
                "kind": n.kind.value,
                "kind_label": str(NODE_KINDS[n.kind]),
                "vital": n.vital,
                "lat": n.location.lat,
                "lon": n.location.lon,
                "state": state,
                "state_label": labels[state],
            }
        )
    located.sort(key=lambda x: (LAYERS.index(x["kind"]), x["label"].lower()))
    config: dict[str, Any] = {
        "tiles": settings.TILE_URL,
        "attribution": settings.TILE_ATTRIBUTION,
        "markers": located,
        "text": {
            "group": _("{n} onderdelen op deze plek"),
            "zoomIn": _("Inzoomen"),
            "zoomOut": _("Uitzoomen"),
        },
    }
    return render(
        request,
        "geo/geo.html",
        {
            "access": access,
            "form": form,
            "run": run,
            "job": job,
            "t": t,
            "located": located,
            "unlocated": len(m.nodes) - len(located),
            "down_count": sum(x["state"] == "down" for x in located),
            "config": config,
            "tiles": bool(settings.TILE_URL),
        },
    )
