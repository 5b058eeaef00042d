"""The controls of a catalogue in a year, and the self-assessment of one of them."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.accountability.assessment import statement
from weerbaar.web.accountability import store
from weerbaar.web.accountability.forms.assessment import AssessmentForm, EvidenceForm
from weerbaar.web.accountability.models import AssessmentRecord, ControlRecord, Evidence
from weerbaar.web.accountability.views.common import assessments, catalogue_or_404, years
from weerbaar.web.accounts.models import Action
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view


@map_view(Action.ACCOUNT)
def controls(request: HttpRequest, access: Access, catalogue_id: int, year: int) -> HttpResponse:
    record = catalogue_or_404(access, catalogue_id)
    cat, scale = record.to_catalogue(), record.pure_scale
    rows = statement(cat, [a.to_assessment() for a in assessments(access, record, year)], scale)
    chapter = request.GET.get("hoofdstuk", "")
    if chapter:
        rows = [r for r in rows if r.control.chapter == chapter]
    context = {
        "access": access,
        "record": record,
        "year": year,
        "years": years(access, record),
        "rows": rows,
        "chapters": [
            (k, cat.chapter_name(k)) for k in dict.fromkeys(c.chapter for c in cat.assessable)
        ],
        "chapter": chapter,
    }
    return render(request, "accountability/controls.html", context)


def _control_or_404(record: Any, control_id: str) -> ControlRecord:
    control: ControlRecord | None = (
        record.controls.filter(control_id=control_id).exclude(kind="moved").first()
    )
    if control is None:
        raise Http404("no such control")
    return control


@map_view(Action.ACCOUNT)
def control(
    request: HttpRequest, access: Access, catalogue_id: int, year: int, control_id: str
) -> HttpResponse:
    record = catalogue_or_404(access, catalogue_id)
    ctrl = _control_or_404(record, control_id)
    found = AssessmentRecord.objects.filter(
        riskmap=access.record, catalogue=record, year=year, control_id=control_id
    ).first()
    _version, m = service.current(access.record)
    form = AssessmentForm(initial=_initial(found), scale=record.pure_scale, riskmap=m)
    status = 200
    if request.method == "POST":
        if not access.can(Action.ASSESS):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = AssessmentForm(request.POST, scale=record.pure_scale, riskmap=m)
        if form.is_valid():
            _save(request, access, record, year, control_id, found, form.cleaned_data)
            messages.success(
                request, _("De beoordeling van %(id)s is bewaard.") % {"id": control_id}
            )
            return redirect(request.path)
        status = 400
    context = {
        "access": access,
        "assess": access.can(Action.ASSESS),
        "record": record,
        "year": year,
        "control": ctrl,
        "assessment": found,
        "form": form,
        "evidence_form": EvidenceForm(),
        "changes": found.changes.select_related("author")[:50] if found else [],
        "scale": record.pure_scale,
        "nodes": [m.node(n) for n in found.nodes if any(x.id == n for x in m.nodes)]
        if found
        else [],
    }
    return render(request, "accountability/control.html", context, status=status)


def _initial(a: AssessmentRecord | None) -> dict[str, Any]:
    if a is None:
        return {}
    return {
        "applicable": {True: "ja", False: "nee", None: ""}[a.applicable],
        "reason": a.reason,
        "level": a.level,
        "owner": a.owner,
        "last_review": a.last_review,
        "next_review": a.next_review,
        "nodes": a.nodes,
        "measures": a.measures,
        "links": "\n".join(a.links),
    }


def _save(
    request: HttpRequest,
    access: Access,
    record: Any,
    year: int,
    control_id: str,
    found: AssessmentRecord | None,
    data: dict[str, Any],
) -> AssessmentRecord:
    a = found or AssessmentRecord(
        riskmap=access.record, catalogue=record, year=year, control_id=control_id
    )
    before = found.snapshot() if found else None
    a.applicable = {"ja": True, "nee": False}.get(data["applicable"])
    a.reason = data["reason"].strip()
    a.level = data["level"] if a.applicable is not False else None
    a.owner = data["owner"].strip()
    a.last_review, a.next_review = data["last_review"], data["next_review"]
    a.nodes, a.measures, a.links = list(data["nodes"]), list(data["measures"]), data["links"]
    a.save()
    store.record_change(
        a, request.user, _("Beoordeling gewijzigd") if found else _("Beoordeeld"), before
    )
    return a


def _assessment_or_404(
    access: Access, catalogue_id: int, year: int, control_id: str
) -> AssessmentRecord:
    record = catalogue_or_404(access, catalogue_id)
    found = AssessmentRecord.objects.filter(
        riskmap=access.record, catalogue=record, year=year, control_id=control_id
    ).first()
    if found is None:
        raise Http404("not assessed")
    return found


@require_POST
@map_view(Action.ASSESS)
def evidence_add(
    request: HttpRequest, access: Access, catalogue_id: int, year: int, control_id: str
) -> HttpResponse:
    record = catalogue_or_404(access, catalogue_id)
    _control_or_404(record, control_id)
    form = EvidenceForm(request.POST, request.FILES)
    back = reverse(
        "accountability:control",
        kwargs={"map_id": access.record.pk, "catalogue_id": record.pk, "year": year,
                "control_id": control_id},
    )  # fmt: skip
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
        return redirect(back)
    a, _created = AssessmentRecord.objects.get_or_create(
        riskmap=access.record, catalogue=record, year=year, control_id=control_id
    )
    before = a.snapshot()
    upload = form.cleaned_data["file"]
    name = Path(upload.name.replace("\\", "/")).name[:200]
    # The stored name is random: the user's file name never becomes a path.
    upload.name = secrets.token_hex(16) + Path(name).suffix.lower()
    Evidence.objects.create(
        assessment=a,
        file=upload,
        name=name,
        size=upload.size,
        content_type=upload.weerbaar_content_type,
        uploaded_by=request.user if request.user.is_authenticated else None,
    )
    store.record_change(
        a, request.user, _("Bewijsstuk %(name)s toegevoegd") % {"name": name}, before
    )
    messages.success(request, _("Bewijsstuk %(name)s bewaard.") % {"name": name})
    return redirect(back)


def _evidence_or_404(access: Access, evidence_id: int) -> Evidence:
    found = (
        Evidence.objects.select_related("assessment")
        .filter(pk=evidence_id, assessment__riskmap=access.record)
        .first()
    )
    if found is None:
        raise Http404("no such evidence")
    return found


@map_view(Action.ACCOUNT)
def evidence_download(request: HttpRequest, access: Access, evidence_id: int) -> HttpResponse:
    e = _evidence_or_404(access, evidence_id)
    try:
        with e.file.open("rb") as handle:
            # Evidence is size-limited on upload, so reading it whole is bounded.
            data = handle.read()
    except FileNotFoundError:
        raise Http404("evidence file missing") from None
    response = HttpResponse(data, content_type=e.content_type)
    response["Content-Disposition"] = content_disposition_header(True, e.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@map_view(Action.ASSESS)
def evidence_delete(request: HttpRequest, access: Access, evidence_id: int) -> HttpResponse:
    e = _evidence_or_404(access, evidence_id)
    a = e.assessment
    before = a.snapshot()
    with transaction.atomic():
        e.delete()
        # A copy for another year or catalogue version shares the stored
        # file; it goes from disk with the last record that refers to it.
        name = e.file.name or ""
        if name and not Evidence.objects.filter(file=name).exists():
            transaction.on_commit(lambda: e.file.storage.delete(name))
    store.record_change(
        a, request.user, _("Bewijsstuk %(name)s verwijderd") % {"name": e.name}, before
    )
    messages.success(request, _("Bewijsstuk %(name)s verwijderd.") % {"name": e.name})
    return redirect(
        "accountability:control",
        map_id=access.record.pk,
        catalogue_id=a.catalogue_id,
        year=a.year,
        control_id=a.control_id,
    )
