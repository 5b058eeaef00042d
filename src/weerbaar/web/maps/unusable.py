"""A stored version that no longer validates: an explanation, not a 500.

Stored data must not be able to break pages for everyone: a version that an
older release accepted (before the bounds of every number, say) or that was
changed in the database is reported with what is wrong and the way out,
restoring an earlier version on the history page, which keeps working. The
map's own people see the located problems; a chain partner sees only that the
map cannot be read now, since the problems may name nodes hidden from it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from weerbaar.web.api.limits import API_PREFIX
from weerbaar.web.api.problems import PROBLEM_JSON
from weerbaar.web.maps.access import access_for
from weerbaar.web.maps.service import UnusableVersion

#: Problems listed at most; the rest are counted.
SHOWN = 20


class UnusableVersionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, UnusableVersion):
            return None
        version = exc.version
        access = access_for(request.user, version.riskmap)
        problems = [str(p) for p in exc.problems] if access and not access.is_partner else []
        # A partner without the whole map is not told the version number either.
        number = None if access is None or access.restricted else version.number
        if request.path.startswith(API_PREFIX):
            which = "The current version" if number is None else f"Version {number}"
            detail = (
                f"{which} of this map does not pass validation; "
                "an editor can restore an earlier version."
            )
            body = {"type": "about:blank", "title": "Conflict", "status": 409, "detail": detail}
            if problems:
                body["problems"] = problems
            return JsonResponse(body, status=409, content_type=PROBLEM_JSON)
        return render(
            request,
            "maps/unusable.html",
            {
                "record": version.riskmap,
                "number": number,
                "problems": problems[:SHOWN],
                "more": max(0, len(problems) - SHOWN),
                "can_restore": bool(access and access.edit),
                "title": _("Deze versie van de kaart is niet te gebruiken"),
            },
            status=409,
        )
