"""The audit trail: every version of the map, what changed, and restoring one.

Each version stores the changed object before and after, shown side by side
as YAML (the file format the users know). A version that replaced the whole
map (an import, a restore) shows the difference with the version before it.
"""

from __future__ import annotations

import difflib
from typing import Any

import yaml
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.model import MapError
from weerbaar.web.accounts.models import Action
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.maps.models import MapVersion
from weerbaar.web.paging import paged

PAGE_SIZE = 50


def as_yaml(value: Any) -> str:
    """An object of the map as YAML text, as it would stand in the map file."""
    if value is None:
        return ""
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100)


@map_view(Action.ANALYSE)
def history(request: HttpRequest, access: Access) -> HttpResponse:
    versions = access.record.versions.select_related("author").order_by("-number")
    page = paged(request, versions, PAGE_SIZE)
    latest = access.record.current().number
    context = {"access": access, "page": page, "latest": latest}
    return render(request, "maps/history.html", context)


def _version(access: Access, number: int) -> MapVersion:
    version = access.record.versions.select_related("author").filter(number=number).first()
    if version is None:
        raise Http404("no such version")
    return version


@map_view(Action.ANALYSE)
def version(request: HttpRequest, access: Access, number: int) -> HttpResponse:
    shown = _version(access, number)
    diff = ""
    if shown.before is None and shown.after is None:
        previous = access.record.versions.filter(number__lt=number).order_by("-number").first()
        if previous is not None:
            diff = "".join(
                difflib.unified_diff(
                    as_yaml(previous.data).splitlines(keepends=True),
                    as_yaml(shown.data).splitlines(keepends=True),
                    fromfile=_("versie %(n)s") % {"n": previous.number},
                    tofile=_("versie %(n)s") % {"n": shown.number},
                )
            )
    context = {
        "access": access,
        "shown": shown,
        "before": as_yaml(shown.before),
        "after": as_yaml(shown.after),
        "diff": diff,
        "latest": access.record.current().number,
    }
    return render(request, "maps/version.html", context)


@map_view(Action.EDIT_MAP)
@require_POST
def restore(request: HttpRequest, access: Access, number: int) -> HttpResponse:
    _version(access, number)
    if number == access.record.current().number:
        messages.info(request, _("Dit is al de huidige versie."))
        return redirect("maps:history", map_id=access.record.pk)
    try:
        saved = service.restore(access.record, number, author=request.user)
    except MapError as exc:
        # A version stored under older rules may not pass today's checks.
        for problem in exc.problems[:10]:
            messages.error(request, str(problem))
        return redirect("maps:version", map_id=access.record.pk, number=number)
    messages.success(
        request,
        _("Versie %(old)s is teruggezet als nieuwe versie %(new)s.")
        % {"old": number, "new": saved.number},
    )
    return redirect("maps:history", map_id=access.record.pk)
