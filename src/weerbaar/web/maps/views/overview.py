"""The list of maps and a map's overview page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from weerbaar.web.accounts.models import Action
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view, maps_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    maps = list(maps_for(request.user))
    if len(maps) == 1:
        return redirect("maps:overview", map_id=maps[0].pk)
    return render(request, "maps/home.html", {"maps": maps})


@map_view(Action.VIEW)
def overview(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    return render(
        request,
        "maps/overview.html",
        {
            "access": access,
            "version": version,
            "riskmap": m,
            "vital": m.vital_processes,
        },
    )
