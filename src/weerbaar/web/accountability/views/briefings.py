"""Role briefings: one page and one tagged PDF per role, from live data."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from weerbaar.accountability.briefing import BriefingRole, on_one_page
from weerbaar.report.council import to_pdf
from weerbaar.web.accountability.briefings import DUTIES, FOCUS, ROLE_NAMES, TEAMS, build
from weerbaar.web.accountability.models import Status
from weerbaar.web.accountability.views.common import this_year, year_param
from weerbaar.web.accounts.models import Action
from weerbaar.web.maps.access import Access, map_view


def _role(role: str) -> BriefingRole:
    try:
        return BriefingRole(role)
    except ValueError:
        raise Http404("no such role") from None


def _context(request: HttpRequest, access: Access, role: BriefingRole) -> dict[str, Any]:
    b = build(access, role, year_param(request, this_year()))
    page = on_one_page(b)
    decisions, more_decisions = page["decisions"]
    lessons, more_lessons = page["lessons"]
    due, more_due = page["due"]
    return {
        "access": access,
        "b": b,
        "role": role.value,
        "role_name": ROLE_NAMES[role],
        "focus": FOCUS[role],
        "decisions": [(d, TEAMS[d.team], DUTIES[d.duty]) for d in decisions],
        "more_decisions": more_decisions,
        "lessons": [(a, Status(a.status.value).label) for a in lessons],
        "more_lessons": more_lessons,
        "due": due,
        "more_due": more_due,
        "share": None if b.implemented_share is None else round(100 * b.implemented_share),
    }


@map_view(Action.ACCOUNT)
def index(request: HttpRequest, access: Access) -> HttpResponse:
    roles = [(r.value, ROLE_NAMES[r]) for r in BriefingRole]
    return render(request, "accountability/briefings.html", {"access": access, "roles": roles})


@map_view(Action.ACCOUNT)
def page(request: HttpRequest, access: Access, role: str) -> HttpResponse:
    return render(request, "accountability/briefing.html", _context(request, access, _role(role)))


@map_view(Action.ACCOUNT)
def pdf(request: HttpRequest, access: Access, role: str) -> HttpResponse:
    found = _role(role)
    context = _context(request, access, found)
    html = render_to_string("accountability/print/briefing.html", context, request=request)
    response = HttpResponse(to_pdf(html), content_type="application/pdf")
    name = f"rolbriefing-{found.value}-{slugify(access.record.name)}-{context['b'].year}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
