"""The list of maps and a map's overview page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from weerbaar.web.accounts.models import Action
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view, maps_for
from weerbaar.web.paging import paged

#: Vital processes listed per page.
PAGE_SIZE = 100


@login_required
def home(request: HttpRequest) -> HttpResponse:
    maps = list(maps_for(request.user))
    if len(maps) == 1:
        return redirect("maps:overview", map_id=maps[0].pk)
    return render(request, "maps/home.html", {"maps": maps})


@map_view(Action.VIEW)
def overview(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    parties = {p.id: p.label for p in m.parties}
    seen = [n for n in m.vital_processes if access.sees_node({"id": n.id, "party": n.party})]
    # Thousands on a large map: a page at a time.
    pages = paged(request, seen, PAGE_SIZE)
    vital = [{"node": n, "party": parties.get(n.party or "", n.party)} for n in pages]
    # A partner without the whole map sees its own part only: no totals of
    # the map, and no version line that could name hidden objects or people.
    figures = (
        [(_("Uw knooppunten"), sum(access.sees_node({"party": n.party}) for n in m.nodes))]
        if access.restricted
        else [
            (_("Knooppunten"), len(m.nodes)),
            (_("Vitale processen"), len(m.vital_processes)),
            (_("Ketenpartners"), len(m.parties)),
            (_("Scenario's"), len(m.scenarios)),
            (_("Maatregelen"), len(m.measures)),
        ]
    )
    return render(
        request,
        "maps/overview.html",
        {
            "access": access,
            "version": version,
            "riskmap": m,
            "vital": vital,
            "pages": pages,
            "figures": figures,
        },
    )
