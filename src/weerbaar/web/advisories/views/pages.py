"""Advisories matched to the map: ranked list, upload, detail, improvement action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.advisories import AdvisoryError, Matched, Status
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.accounts.models import Action
from weerbaar.web.advisories import store
from weerbaar.web.advisories.forms import AdvisoryImportForm, ProviderForm
from weerbaar.web.advisories.models import AdvisoryRecord
from weerbaar.web.analyses import runs
from weerbaar.web.analyses.advisories import matched
from weerbaar.web.incidents.models import Incident, SeverityChoice, TypeChoice
from weerbaar.web.incidents.store import IncidentError, open_incident
from weerbaar.web.jobs.models import Job, JobKind
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view


def _records(access: Access) -> list[AdvisoryRecord]:
    return list(AdvisoryRecord.objects.filter(organisation=access.record.organisation))


def _ranked(access: Access) -> tuple[Any, list[tuple[Matched, AdvisoryRecord]], int]:
    version, m = service.current(access.record)
    records = _records(access)
    by_id = {r.tracking_id: r for r in records}
    found = matched(version, m, [store.advisory_of(r) for r in records])
    return m, [(x, by_id[x.advisory.id]) for x in found], len(records)


def _page(
    request: HttpRequest,
    access: Access,
    form: AdvisoryImportForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
    provider: ProviderForm | None = None,
) -> HttpResponse:
    m, rows, total = _ranked(access)
    names = {n.id: n.label for n in m.nodes}
    context = {
        "access": access,
        "rows": [
            (
                x,
                record,
                [names[n] for n in x.affected],
                [names[v] for v in x.vital],
                [names[n] for n in x.investigating],
                [names[v] for v in x.possibly_vital],
            )
            for x, record in rows
        ],
        "total": total,
        "unmatched": total - len(rows),
        "form": form or AdvisoryImportForm(),
        "problems": problems or [],
        "can_import": access.can(Action.EDIT_MAP),
        "products": sum(len(n.products) for n in m.nodes),
        "provider": provider or ProviderForm(),
        "fetched": Job.objects.filter(map=access.record, kind=JobKind.FETCH_ADVISORIES)
        .select_related("requested_by")
        .first(),
    }
    return render(request, "advisories/list.html", context, status=status)


@map_view(Action.ACCOUNT)
def advisory_list(request: HttpRequest, access: Access) -> HttpResponse:
    return _page(request, access)


@require_POST
@map_view(Action.EDIT_MAP)
def upload(request: HttpRequest, access: Access) -> HttpResponse:
    form = AdvisoryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, access, form, status=400)
    files = []
    for f in form.cleaned_data["documents"]:
        name = f.name.replace("\\", "/").rsplit("/", 1)[-1][:200]
        files.append((name, f.read()))
    try:
        found = store.read_uploads(files)
    except AdvisoryError as exc:
        return _page(request, access, form, exc.problems, status=400)
    new, replaced = store.save(access.record.organisation, found, request.user)
    messages.success(
        request,
        _("%(new)s adviezen geïmporteerd, %(replaced)s bijgewerkt.")
        % {"new": new, "replaced": replaced},
    )
    return redirect("advisories:list", map_id=access.record.pk)


@require_POST
@map_view(Action.EDIT_MAP)
def fetch(request: HttpRequest, access: Access) -> HttpResponse:
    """Queue fetching a provider's advisories; the worker does it, the list shows how it went."""
    form = ProviderForm(request.POST)
    if not form.is_valid():
        return _page(request, access, status=400, provider=form)
    user = request.user
    runs.enqueue(
        access.record,
        access.record.current(),
        JobKind.FETCH_ADVISORIES,
        {"url": form.cleaned_data["url"], "user": user.pk},
        user,
    )
    messages.success(
        request, _("Het ophalen is begonnen; hieronder staat hoe het ging zodra het klaar is.")
    )
    return redirect("advisories:list", map_id=access.record.pk)


def _one(access: Access, advisory_id: int) -> tuple[Any, AdvisoryRecord, Matched | None]:
    record = AdvisoryRecord.objects.filter(
        pk=advisory_id, organisation=access.record.organisation
    ).first()
    if record is None:
        raise Http404("no such advisory")
    version, m = service.current(access.record)
    found = matched(version, m, [store.advisory_of(record)])
    return m, record, found[0] if found else None


@map_view(Action.ACCOUNT)
def detail(request: HttpRequest, access: Access, advisory_id: int) -> HttpResponse:
    m, record, found = _one(access, advisory_id)
    advisory = store.advisory_of(record)
    names = {n.id: n.label for n in m.nodes}
    said = {
        Status.AFFECTED: _("kwetsbaar"),
        Status.UNDER_INVESTIGATION: _("in onderzoek: mogelijk kwetsbaar"),
        Status.FIXED: _("verholpen versie"),
        Status.RECOMMENDED: _("aanbevolen versie"),
        Status.NOT_AFFECTED: _("niet kwetsbaar"),
    }
    nodes = [
        (x, names[x.node], said[x.status], [advisory.products[p].name for p in x.product_ids])
        for x in (found.matches if found else ())
    ]
    action = ActionRecord.objects.filter(
        riskmap=access.record, source=Source.ADVISORY, source_ref=record.tracking_id
    ).first()
    incident = _incident_of(access, record)
    context = {
        "access": access,
        "record": record,
        "advisory": advisory,
        "incident": incident,
        "can_respond": access.can(Action.RESPOND),
        "found": found,
        "nodes": nodes,
        "vital": [names[v] for v in found.vital] if found else [],
        "investigating": [names[n] for n in found.investigating] if found else [],
        "possibly_vital": [names[v] for v in found.possibly_vital] if found else [],
        "down": len(found.down) if found else 0,
        "action": action,
        "can_act": access.can(Action.ASSESS),
    }
    return render(request, "advisories/detail.html", context)


@require_POST
@map_view(Action.ASSESS)
def open_action(request: HttpRequest, access: Access, advisory_id: int) -> HttpResponse:
    m, record, found = _one(access, advisory_id)
    if found is None or not (found.affected or found.investigating):
        messages.error(request, _("Dit advies raakt geen knooppunt van deze kaart."))
        return redirect("advisories:detail", map_id=access.record.pk, advisory_id=advisory_id)
    existing = ActionRecord.objects.filter(
        riskmap=access.record, source=Source.ADVISORY, source_ref=record.tracking_id
    ).first()
    if existing is None:
        names = {n.id: n.label for n in m.nodes}
        nodes = ", ".join(names[n] for n in (*found.affected, *found.investigating))
        title = _("%(id)s opvolgen (bijwerken of mitigeren): %(nodes)s") % {
            "id": record.tracking_id,
            "nodes": nodes,
        }
        ActionRecord.objects.create(
            riskmap=access.record,
            title=title[:300],
            source=Source.ADVISORY,
            source_ref=record.tracking_id[:200],
        )
        messages.success(
            request,
            _("Verbeteractie voor %(id)s opgenomen in het verbeterplan.")
            % {"id": record.tracking_id},
        )
    else:
        messages.info(
            request, _("%(id)s staat al in het verbeterplan.") % {"id": record.tracking_id}
        )
    return redirect("accountability:plan", map_id=access.record.pk)


def _incident_of(access: Access, record: AdvisoryRecord) -> Incident | None:
    """The incident opened from this advisory on this map, if any (its title starts so)."""
    return (
        Incident.objects.filter(riskmap=access.record, title__startswith=f"{record.tracking_id}: ")
        .order_by("pk")
        .first()
    )


@require_POST
@map_view(Action.RESPOND)
def open_as_incident(request: HttpRequest, access: Access, advisory_id: int) -> HttpResponse:
    """Register an incident for a matched advisory (abuse suspected); its nodes are
    named in the description, not marked down: the responder records what failed."""
    m, record, found = _one(access, advisory_id)
    here = redirect("advisories:detail", map_id=access.record.pk, advisory_id=advisory_id)
    if found is None or not found.affected:
        messages.error(request, _("Dit advies raakt geen knooppunt van deze kaart."))
        return here
    existing = _incident_of(access, record)
    if existing is not None:
        messages.info(request, _("Voor dit advies is al een incident geregistreerd."))
        return redirect("incidents:detail", map_id=access.record.pk, incident_id=existing.pk)
    names = {n.id: n.label for n in m.nodes}
    advisory = store.advisory_of(record)
    lines = [
        _("Kwetsbare knooppunten: %(nodes)s.")
        % {"nodes": ", ".join(names[n] for n in found.affected)},
        _("Vitale processen die ervan afhangen: %(vital)s.")
        % {"vital": ", ".join(names[v] for v in found.vital) or "—"},
    ]
    if advisory.cves:
        lines.append("CVE: " + ", ".join(advisory.cves))
    severity = SeverityChoice.HIGH if record.label == "urgent" else SeverityChoice.MEDIUM
    try:
        incident = open_incident(
            access.record,
            m,
            title=f"{record.tracking_id}: {record.title}"[:300],
            author=request.user,
            kind=TypeChoice.OTHER,
            severity=severity,
            description="\n".join(lines),
        )
    except IncidentError as exc:  # nothing saved; say why rather than fail
        messages.error(request, str(exc))
        return here
    messages.success(request, _("Incident %(ref)s geregistreerd.") % {"ref": incident.reference})
    return redirect("incidents:detail", map_id=access.record.pk, incident_id=incident.pk)
