"""The register: the list, a new incident, its page, edits, nodes, phase and closure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.incident.lifecycle import LifecycleError, Phase, allowed, transition
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.accounts.models import Action
from weerbaar.web.incidents import store
from weerbaar.web.incidents.access import incident_of
from weerbaar.web.incidents.forms.fields import NodeIdsField
from weerbaar.web.incidents.forms.register import (
    AffectedForm,
    CloseForm,
    IncidentForm,
    NewIncidentForm,
    PhaseForm,
    RestoreForm,
)
from weerbaar.web.incidents.models import AffectedNode, Incident
from weerbaar.web.incidents.views.common import node_search, person, render_detail
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view

FIELDS = IncidentForm.Meta.fields


def _snapshot(incident: Incident) -> dict[str, object]:
    return {
        f: (v.isoformat() if hasattr(v, "isoformat") else v)
        for f in FIELDS
        for v in [getattr(incident, f)]
    }


def _list(
    request: HttpRequest, access: Access, form: NewIncidentForm | None, status: int = 200
) -> HttpResponse:
    records = access.record.incidents.all()
    return render(
        request,
        "incidents/list.html",
        {
            "access": access,
            "node_search": node_search(access),
            "by_id": form is not None and isinstance(form.fields["nodes"], NodeIdsField),
            "open": [r for r in records if r.phase != Phase.CLOSED.value],
            "closed": [r for r in records if r.phase == Phase.CLOSED.value],
            "form": form,
        },
        status=status,
    )


@map_view(Action.INCIDENTS)
def incident_list(request: HttpRequest, access: Access) -> HttpResponse:
    form = None
    if access.can(Action.RESPOND):
        _version, m = service.current(access.record)
        form = NewIncidentForm(
            m,
            initial={"detected": timezone.localtime().replace(second=0)},
            search=node_search(access),
        )
    return _list(request, access, form)


@map_view(Action.RESPOND)
@require_POST
def new(request: HttpRequest, access: Access) -> HttpResponse:
    _version, m = service.current(access.record)
    form = NewIncidentForm(m, request.POST, search=node_search(access))
    if not form.is_valid():
        return _list(request, access, form, status=400)
    data = form.cleaned_data
    incident = store.open_incident(
        access.record,
        m,
        title=data["title"],
        nodes=data["nodes"],
        author=person(request),
        kind=data["kind"],
        severity=data["severity"],
        grip=data["grip"],
        detected=data["detected"],
        expected=data["expected"],
        description=data["description"],
        personal_data=data["personal_data"],
        significant=data["significant"],
    )
    messages.success(request, _("Het incident is geregistreerd."))
    return redirect("incidents:detail", map_id=access.record.pk, incident_id=incident.pk)


@map_view(Action.INCIDENTS)
def detail(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    return render_detail(request, access, incident_of(access, incident_id))


def _open(access: Access, incident_id: int) -> Incident:
    incident = incident_of(access, incident_id)
    if incident.phase == Phase.CLOSED.value:
        # A closed incident is the record of what happened; it changes no more.
        raise PermissionDenied
    return incident


@map_view(Action.RESPOND)
def edit(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    incident = _open(access, incident_id)
    before = _snapshot(incident)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                saved = form.save()
                after = _snapshot(saved)
                changed = sorted(k for k in after if after[k] != before[k])
                if changed:
                    store.log(
                        saved,
                        person(request),
                        _("Gewijzigd: ") + ", ".join(changed),
                        before={k: before[k] for k in changed},
                        after={k: after[k] for k in changed},
                    )
            messages.success(request, _("Het incident is bijgewerkt."))
            return redirect("incidents:detail", map_id=access.record.pk, incident_id=incident.pk)
        incident.refresh_from_db()
    return render(
        request,
        "incidents/edit.html",
        {"access": access, "incident": incident, "form": form},
        status=400 if form.errors else 200,
    )


@map_view(Action.RESPOND)
@require_POST
def phase(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    incident = _open(access, incident_id)
    form = PhaseForm(incident.phase_enum, request.POST)
    if not form.is_valid():
        return render_detail(request, access, incident, status=400, phase=form)
    current = incident.phase_enum
    try:
        target = transition(current, Phase(form.cleaned_data["phase"]))
    except LifecycleError as exc:
        form.add_error("phase", str(exc))
        return render_detail(request, access, incident, status=400, phase=form)
    with transaction.atomic():
        incident.phase = target.value
        incident.save(update_fields=["phase"])
        store.log(
            incident,
            person(request),
            _("Fase: %(a)s → %(b)s") % {"a": current.value, "b": target.value},
            before={"phase": current.value},
            after={"phase": target.value},
        )
    return redirect("incidents:detail", map_id=access.record.pk, incident_id=incident.pk)


@map_view(Action.RESPOND)
@require_POST
def affected_add(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    incident = _open(access, incident_id)
    _version, m = service.current(access.record)
    taken = set(incident.affected.values_list("node_id", flat=True))
    form = AffectedForm(m, taken, request.POST, search=node_search(access))
    if not form.is_valid():
        return render_detail(request, access, incident, status=400, affected=form)
    data = form.cleaned_data
    with transaction.atomic():
        row = AffectedNode.objects.create(
            incident=incident, node_id=data["node"], down=data["down"], expected=data["expected"]
        )
        store.log(
            incident,
            person(request),
            _("Uitgevallen: %(node)s") % {"node": row.node_id},
            after=store.affected_json(row),
        )
    messages.success(request, _("De uitval is vastgelegd; de prognose is bijgewerkt."))
    return redirect("incidents:detail", map_id=access.record.pk, incident_id=incident.pk)


@map_view(Action.RESPOND)
@require_POST
def affected_update(
    request: HttpRequest, access: Access, incident_id: int, row_id: int
) -> HttpResponse:
    incident = _open(access, incident_id)
    row = get_object_or_404(AffectedNode, pk=row_id, incident=incident)
    form = RestoreForm(row.down, request.POST, prefix=f"r{row.pk}")
    if not form.is_valid():
        return render_detail(request, access, incident, status=400, **{f"restore_{row.pk}": form})
    before = store.affected_json(row)
    row.restored = form.cleaned_data["restored"]
    row.expected = form.cleaned_data["expected"]
    with transaction.atomic():
        row.save(update_fields=["restored", "expected"])
        text = (
            _("Hersteld: %(node)s") if row.restored is not None else _("Verwachting: %(node)s")
        ) % {"node": row.node_id}
        store.log(incident, person(request), text, before=before, after=store.affected_json(row))
    messages.success(request, _("Vastgelegd; de prognose is bijgewerkt."))
    return redirect("incidents:detail", map_id=access.record.pk, incident_id=incident.pk)


@map_view(Action.RESPOND)
def close(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    incident = _open(access, incident_id)
    form = CloseForm(request.POST or None)
    # Closed from aftercare, or from triage for a false alarm.
    may_close = Phase.CLOSED in allowed(incident.phase_enum)
    if request.method == "POST" and may_close and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            before = incident.phase
            incident.phase = transition(incident.phase_enum, Phase.CLOSED).value
            incident.lessons = data["lessons"]
            incident.closed = timezone.now()
            incident.save(update_fields=["phase", "lessons", "closed"])
            for title in data["actions"]:
                ActionRecord.objects.create(
                    riskmap=access.record,
                    title=title,
                    source=Source.INCIDENT,
                    source_ref=incident.reference,
                    owner=data["owner"],
                    due=data["due"],
                )
            store.log(
                incident,
                person(request),
                _("Gesloten met lessen en %(n)d verbeteractie(s)") % {"n": len(data["actions"])},
                before={"phase": before},
                after={
                    "phase": incident.phase,
                    "lessons": incident.lessons,
                    "actions": data["actions"],
                },
            )
        messages.success(
            request, _("Het incident is gesloten; de acties staan in het verbeterplan.")
        )
        return redirect("incidents:detail", map_id=access.record.pk, incident_id=incident.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "incidents/close.html",
        {"access": access, "incident": incident, "form": form, "may_close": may_close},
        status=status,
    )
