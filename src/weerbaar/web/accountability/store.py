"""Storing catalogues and assessments: whole or not at all, every change audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from weerbaar.accountability.catalogue import Catalogue, CatalogueDiff, carry_over, diff
from weerbaar.web.accountability.models import (
    AssessmentChange,
    AssessmentRecord,
    CatalogueRecord,
    ControlRecord,
    Evidence,
)
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.maps.models import RiskMapRecord


def latest(organisation: Organisation, name: str) -> CatalogueRecord | None:
    """The most recently imported version of the catalogue called ``name``."""
    return (
        CatalogueRecord.objects.filter(organisation=organisation, name=name)
        .order_by("-imported", "-pk")
        .first()
    )


@transaction.atomic
def save_catalogue(
    organisation: Organisation, cat: Catalogue, author: Any, scale: str
) -> tuple[CatalogueRecord, CatalogueDiff | None, int]:
    """Store ``cat``; carry the assessments of the previous version over.

    Returns the record, the diff against the previous version of the same
    name (None for a first import) and how many assessments were carried.
    """
    before = latest(organisation, cat.name)
    record = CatalogueRecord.objects.create(
        organisation=organisation,
        name=cat.name,
        version=cat.version,
        issued=cat.issued,
        source=cat.source,
        notes=cat.notes,
        scale=before.scale if before else scale,
        imported_by=author,
    )
    ControlRecord.objects.bulk_create(
        ControlRecord(
            catalogue=record,
            position=i,
            control_id=c.id,
            chapter=c.chapter,
            chapter_name=cat.chapter_name(c.chapter) if c.chapter in cat.chapters else "",
            title=c.title,
            text=c.text,
            kind=c.kind.value,
            moved_to=c.moved_to or "",
            line=c.line,
        )
        for i, c in enumerate(cat.controls)
    )
    if before is None:
        return record, None, 0
    old = before.to_catalogue()
    carried = _carry(before, record, carry_over(old, cat), author)
    return record, diff(old, cat), carried


def _carry(old: CatalogueRecord, new: CatalogueRecord, mapping: dict[str, str], author: Any) -> int:
    # Each map's latest year moves to the new version; older years stay with
    # the version they were assessed against.
    count = 0
    for riskmap_id in old.assessments.values_list("riskmap", flat=True).distinct():
        rows = old.assessments.filter(riskmap=riskmap_id)
        year = max(rows.values_list("year", flat=True))
        for a in rows.filter(year=year, control_id__in=list(mapping)):
            copy_assessment(a, new, year, mapping[a.control_id], author,
                            f"Overgenomen uit {old} ({a.control_id})")  # fmt: skip
            count += 1
    return count


def copy_assessment(
    a: AssessmentRecord,
    catalogue: CatalogueRecord,
    year: int,
    control_id: str,
    author: Any,
    summary: str,
) -> AssessmentRecord:
    """A copy of ``a`` for another catalogue version or year, with its evidence."""
    copy = AssessmentRecord.objects.create(
        riskmap=a.riskmap,
        catalogue=catalogue,
        year=year,
        control_id=control_id,
        applicable=a.applicable,
        reason=a.reason,
        level=a.level,
        owner=a.owner,
        last_review=a.last_review,
        next_review=a.next_review,
        nodes=a.nodes,
        measures=a.measures,
        links=a.links,
    )
    for e in a.evidence.all():
        Evidence.objects.create(
            assessment=copy,
            file=e.file.name,
            name=e.name,
            size=e.size,
            content_type=e.content_type,
            uploaded_by=e.uploaded_by,
        )
    AssessmentChange.objects.create(
        assessment=copy, author=author, summary=summary, before=None, after=copy.snapshot()
    )
    return copy


@transaction.atomic
def start_year(riskmap: RiskMapRecord, catalogue: CatalogueRecord, year: int, author: Any) -> int:
    """Begin reporting ``year`` from the latest earlier year's assessments."""
    earlier = catalogue.assessments.filter(riskmap=riskmap, year__lt=year)
    if not earlier.exists() or catalogue.assessments.filter(riskmap=riskmap, year=year).exists():
        return 0
    source = max(earlier.values_list("year", flat=True))
    rows = list(earlier.filter(year=source))
    for a in rows:
        copy_assessment(a, catalogue, year, a.control_id, author, f"Overgenomen uit {source}")
    return len(rows)


def record_change(a: AssessmentRecord, author: Any, summary: str, before: Any) -> None:
    """Write the audit entry for a change just saved (nothing when nothing changed)."""
    after = a.snapshot()
    if after != before:
        AssessmentChange.objects.create(
            assessment=a, author=author, summary=summary, before=before, after=after
        )
