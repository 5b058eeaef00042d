"""What the incident views share: the detail page with its forms, the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from weerbaar.incident.deadlines import countdown
from weerbaar.web.accounts.models import Action
from weerbaar.web.incidents import store
from weerbaar.web.incidents.forms.log import ContactForm, LogForm, ReportForm
from weerbaar.web.incidents.forms.register import (
    AffectedForm,
    PhaseForm,
    RestoreForm,
    listed,
)
from weerbaar.web.incidents.models import DutyChoice, EntryKind, Incident
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access


def person(request: HttpRequest) -> Any:
    """The signed-in user (the views are behind login_required)."""
    return request.user


def node_search(access: Access) -> str:
    """The address of the node search (for a large map's id fields)."""
    return reverse("incidents:node_search", kwargs={"map_id": access.record.pk})


def deadline_rows(incident: Incident) -> list[dict[str, Any]]:
    now = timezone.now()
    labels = dict(DutyChoice.choices)
    return [
        {
            "duty": d.duty.value,
            "label": labels[d.duty.value],
            "due": d.due,
            "done": d.done,
            "state": d.state(now).value,
            "countdown": countdown(d.remaining(now)),
        }
        for d in store.deadlines_of(incident)
    ]


def render_detail(
    request: HttpRequest,
    access: Access,
    incident: Incident,
    status: int = 200,
    **bound: Any,
) -> HttpResponse:
    """The incident's page; ``bound`` holds a form posted with errors, shown in place."""
    _version, m = service.current(access.record)
    rows = list(incident.affected.all())
    names = {n.id: n.label for n in m.nodes}
    respond = access.can(Action.RESPOND) and incident.phase != "closed"
    context: dict[str, Any] = {
        "access": access,
        "incident": incident,
        "affected": [
            {
                "row": r,
                "name": names.get(r.node_id, r.node_id),
                "form": bound.get(f"restore_{r.pk}") or RestoreForm(r.down, prefix=f"r{r.pk}"),
            }
            for r in rows
        ],
        "deadlines": deadline_rows(incident),
        "log": incident.log.select_related("author"),
        "contacts": incident.contacts.all(),
        "respond": respond,
        "entry_change": EntryKind.CHANGE.value,
        "node_search": node_search(access),
        "by_id": not listed(m),
    }
    if respond:
        duties = [d["duty"] for d in context["deadlines"] if d["done"] is None]
        context.update(
            affected_form=bound.get("affected")
            or AffectedForm(m, {r.node_id for r in rows}, search=node_search(access)),
            log_form=bound.get("log") or LogForm(),
            contact_form=bound.get("contact") or ContactForm(),
            report_form=bound.get("report") or ReportForm(duties),
            phase_form=bound.get("phase") or PhaseForm(incident.phase_enum),
        )
    return render(request, "incidents/detail.html", context, status=status)
