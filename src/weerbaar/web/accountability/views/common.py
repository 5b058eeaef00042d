"""What the accountability views share: the organisation's catalogues and the year."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone

from weerbaar.web.accountability.models import AssessmentRecord, CatalogueRecord
from weerbaar.web.maps.access import Access


def catalogues(access: Access) -> list[CatalogueRecord]:
    # The map's own organisation: a chain partner's access carries the
    # partner's organisation, whose catalogues are not this map's.
    return list(CatalogueRecord.objects.filter(organisation=access.record.organisation_id))


def catalogue_or_404(access: Access, catalogue_id: int) -> CatalogueRecord:
    record = CatalogueRecord.objects.filter(
        pk=catalogue_id, organisation=access.record.organisation_id
    ).first()
    if record is None:
        raise Http404("no such catalogue")
    return record


def this_year() -> int:
    return timezone.localdate().year


def year_param(request: HttpRequest, default: int) -> int:
    raw = request.POST.get("jaar") or request.GET.get("jaar", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


def assessments(access: Access, catalogue: CatalogueRecord, year: int) -> list[AssessmentRecord]:
    return list(
        AssessmentRecord.objects.filter(riskmap=access.record, catalogue=catalogue, year=year)
        .prefetch_related("evidence")
        .order_by("control_id")
    )


def years(access: Access, catalogue: CatalogueRecord) -> list[int]:
    found = set(
        AssessmentRecord.objects.filter(riskmap=access.record, catalogue=catalogue).values_list(
            "year", flat=True
        )
    )
    return sorted(found | {this_year()})
