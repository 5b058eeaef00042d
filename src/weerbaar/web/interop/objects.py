"""Keep the stored STIX objects in step with the shared items, and select a collection's.

:func:`sync` builds the rows of every item in a selection whose rows are
missing or of an older version, a batch at a time; reading a collection
calls it first. :func:`collection_rows` is the one query of a collection's
objects: the rows of the items ``visible_items`` gives the caller (narrowed
to a community), the identities of those items' owners, and the TLP marking
definitions.

Items stored for TAXII do not point at other items (a lesson's ``refs``):
the rows are the same for every reader, and a reference to an item a reader
may not see would tell that it exists. A downloaded bundle, made for one
reader, keeps the references between the items in it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from weerbaar.interop.markings import MARKINGS
from weerbaar.interop.records import Item
from weerbaar.interop.stix import DEPENDENCY_EXTENSION, WEERBAAR, identity, objects_of
from weerbaar.web.interop.items import item_of, party_of
from weerbaar.web.interop.models import StixObject
from weerbaar.web.sharing.models import SharedItem

log = logging.getLogger(__name__)

BATCH = 500

#: Objects every collection holds: the marking definitions and Weerbaar's extension.
FIXED = [*MARKINGS.values(), WEERBAAR, DEPENDENCY_EXTENSION]


def _json(obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(obj.serialize())
    return data


def _ensure_fixed() -> None:
    if StixObject.objects.filter(item=None, organisation=None).count() == len(FIXED):
        return
    now = timezone.now()
    StixObject.objects.bulk_create(
        [
            StixObject(
                stix_id=o.id,
                stix_type=o.type,
                version=o.get("modified", o.created),
                added=now,
                data=_json(o),
            )
            for o in FIXED
        ],
        ignore_conflicts=True,
    )


def _rows(shared: SharedItem, item: Item, now: Any) -> list[StixObject]:
    return [
        StixObject(
            item=shared,
            stix_id=o.id,
            stix_type=o.type,
            version=shared.modified,
            added=now,
            data=_json(o),
        )
        for o in objects_of(item, {})
    ]


def _spread(rows: list[StixObject], start: Any) -> None:
    # One microsecond apart, in order: rows added together still have an
    # order of their own, so a page's position is a point in the index.
    for n, row in enumerate(rows):
        row.added = start + timedelta(microseconds=n)


def stale(items: QuerySet[SharedItem]) -> QuerySet[SharedItem]:
    """The items of ``items`` without rows of their current version."""
    current = StixObject.objects.filter(item=OuterRef("pk"), version=OuterRef("modified"))
    return items.filter(~Exists(current))


def sync(items: QuerySet[SharedItem]) -> int:
    """Build the rows of the items in ``items`` that lack current ones; how many items."""
    _ensure_fixed()
    done, last = 0, 0
    while True:
        # Keyset on pk: an item that cannot be built stays stale, and must not be met again.
        todo = stale(items).filter(pk__gt=last).select_related("owner", "community")
        batch = list(todo.order_by("pk")[:BATCH])
        if not batch:
            return done
        _store(batch)
        done += len(batch)
        last = batch[-1].pk


def _store(batch: Iterable[SharedItem]) -> None:
    now = timezone.now()
    rows: list[StixObject] = []
    owners = {}
    built = []
    for shared in batch:
        try:
            item = item_of(shared)
        except ValueError as exc:
            # Stored items are checked by the sharing forms; one that is not
            # readable stays out of the feeds, and says so in the log.
            log.warning("shared item %s is not exported: %s", shared.stix_id, exc)
            continue
        built.append(shared.pk)
        rows += _rows(shared, item, now)
        owners[shared.owner_id] = shared.owner
    _spread(rows, now)
    with transaction.atomic():
        StixObject.objects.filter(item__in=[s.pk for s in batch]).delete()
        StixObject.objects.bulk_create(rows, ignore_conflicts=True)
        for org in owners.values():
            data = _json(identity(party_of(org)))
            StixObject.objects.update_or_create(
                stix_id=data["id"],
                defaults={
                    "organisation": org,
                    "stix_type": "identity",
                    "version": data["modified"],
                    "data": data,
                },
                create_defaults={
                    "organisation": org,
                    "stix_type": "identity",
                    "version": data["modified"],
                    "data": data,
                    "added": now,
                },
            )


def collection_rows(items: QuerySet[SharedItem]) -> QuerySet[StixObject]:
    """The stored objects of a collection whose items (already visible ones) are ``items``."""
    owners = items.filter(owner=OuterRef("organisation"))
    return StixObject.objects.filter(
        Q(item__in=items.values("pk"))
        | Q(item=None, organisation=None)
        | Q(item=None, organisation__isnull=False) & Exists(owners)
    )
