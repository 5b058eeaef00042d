"""Importing advisories: every document read first, then all stored at once, or none."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from threading import Lock
from typing import Any

from django.db import transaction

from weerbaar.advisories import Advisory
from weerbaar.advisories.csaf import AdvisoryError, parse_document
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.advisories.models import AdvisoryRecord

#: Documents kept read, by record and import time: a list page reads them all.
_READ: OrderedDict[tuple[int, Any], Advisory] = OrderedDict()
_READ_MAX = 5000
_LOCK = Lock()


def read_uploads(files: Iterable[tuple[str, bytes]]) -> list[tuple[Advisory, Any]]:
    """``(advisory, its JSON data)`` of every file, or AdvisoryError with every problem."""
    import json

    out, problems = [], []
    for name, raw in files:
        try:
            advisory = parse_document(raw, name)
        except AdvisoryError as exc:
            problems += exc.problems
            continue
        out.append((advisory, json.loads(raw)))
    seen: dict[str, str] = {}
    for advisory, _data in out:
        if advisory.id in seen:
            problems.append(f"{advisory.source}: {advisory.id} is also in {seen[advisory.id]}")
        seen.setdefault(advisory.id, advisory.source)
    if problems:
        raise AdvisoryError(problems)
    return out


def save(
    organisation: Organisation, found: list[tuple[Advisory, Any]], user: Any
) -> tuple[int, int]:
    """Store the advisories (a newer one replaces the one with its id); (new, replaced)."""
    new = replaced = 0
    with transaction.atomic():
        for advisory, data in found:
            score = advisory.cvss
            _record, created = AdvisoryRecord.objects.update_or_create(
                organisation=organisation,
                tracking_id=advisory.id,
                defaults={
                    "version": advisory.version,
                    "title": advisory.title,
                    "publisher": advisory.publisher,
                    "label": advisory.label.value if advisory.label else "",
                    "cvss": None if score is None else score.base,
                    "released": advisory.released,
                    "document": data,
                    "source": advisory.source[:200],
                    "imported_by": user,
                },
            )
            if created:
                new += 1
            else:
                replaced += 1
    return new, replaced


def advisory_of(record: AdvisoryRecord) -> Advisory:
    """The record's advisory, read once per import."""
    key = (record.pk, record.imported)
    with _LOCK:
        hit = _READ.get(key)
    if hit is not None:
        return hit
    advisory = record.to_advisory()
    with _LOCK:
        _READ[key] = advisory
        while len(_READ) > _READ_MAX:
            _READ.popitem(last=False)
    return advisory
