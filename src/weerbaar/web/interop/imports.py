"""Store imported items in one transaction, as the importing organisation's holding.

An imported item is held by the organisation that imports it (it shares it
on, under its own responsibility), with the original owner kept in
``payload["source"]``. Its uuid is derived from the importer and the
original (uuid5), so importing the same file or collection again updates
the same items instead of adding copies, and never touches the original's
row when that lives on this server too.

Labels are kept where Weerbaar can hold them for an organisation, and made
stricter where it cannot, never looser:

=================  ==========================================================
imported label     held as
=================  ==========================================================
TLP:CLEAR          TLP:CLEAR (filed in the chosen community, if any)
TLP:GREEN          TLP:GREEN in the chosen community (refused without one)
TLP:AMBER          TLP:AMBER+STRICT: the importer may name its clients later
TLP:AMBER+STRICT   TLP:AMBER+STRICT
TLP:RED            refused: RED is for the people in the exchange, not for
                   an organisation's store
=================  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from weerbaar.interop.records import ImportRefused, Item, derived, refuse
from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.interop.items import payload_of
from weerbaar.web.sharing.models import Community, SharedItem

HELD = {
    TLP.CLEAR: TLP.CLEAR,
    TLP.GREEN: TLP.GREEN,
    TLP.AMBER: TLP.AMBER_STRICT,
    TLP.AMBER_STRICT: TLP.AMBER_STRICT,
}


@dataclass(frozen=True)
class Stored:
    created: int
    updated: int


def _check(items: list[Item], source: str, community: Community | None) -> None:
    problems = []
    for item in items:
        if item.tlp is TLP.RED:
            problems.append(
                f"{item.title!r}: TLP:RED is not imported; it is for the people in the exchange"
            )
        if item.tlp is TLP.GREEN and community is None:
            problems.append(f"{item.title!r}: TLP:GREEN is shared with a community; choose one")
    if problems:
        raise refuse(source, problems)


def store(
    items: list[Item],
    *,
    organisation: Organisation,
    user: Any,
    community: Community | None,
    source: str,
    fmt: str,
) -> Stored:
    """Store ``items`` for ``organisation``: all of them, or (:class:`ImportRefused`) none."""
    _check(items, source, community)
    local = {item.uuid: derived("import", organisation.slug, item.uuid) for item in items}
    created = updated = 0
    with transaction.atomic():
        for item in items:
            payload = payload_of(item)
            if item.refs:
                payload["refs"] = [str(local.get(r, r)) for r in item.refs]
            payload["source"] = {
                "format": fmt,
                "from": source[:500],
                "organisation": item.owner.name,
                "id": str(item.uuid),
            }
            tlp = HELD[item.tlp]
            fields = {
                "author": user,
                "kind": item.kind.value,
                "title": item.title[:300],
                "body": item.body,
                "payload": payload,
                "tlp": tlp.value,
                "community": community if tlp in (TLP.GREEN, TLP.CLEAR) else None,
                "source_type": f"interop.{fmt}",
                "source_id": str(item.uuid)[:100],
            }
            existing = SharedItem.objects.filter(
                stix_id=local[item.uuid], owner=organisation
            ).first()
            if existing is None:
                SharedItem.objects.create(stix_id=local[item.uuid], owner=organisation, **fields)
                created += 1
            else:
                for key, value in fields.items():
                    setattr(existing, key, value)
                existing.save()
                updated += 1
    return Stored(created, updated)


__all__ = ["ImportRefused", "Stored", "store"]
