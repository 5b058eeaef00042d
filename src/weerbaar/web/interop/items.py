"""Shared items as :class:`weerbaar.interop.records.Item` records, and back.

The formats need more than a title: an indicator's values, a dependency
fact's supplier. They live in the item's ``payload``, by kind:

===================  ==========================================================
kind                 payload
===================  ==========================================================
indicator            ``observables``: ``[{"kind": "ipv4-addr", "value": "…"}]``
                     (kinds: ipv4-addr, ipv6-addr, domain-name, url, md5, sha1,
                     sha256)
dependency fact      ``supplier``, ``kind``, ``processes`` (as
                     ``weerbaar.sharing.detail.DependencyFact.to_json``)
advisory impact      ``cves``: ``["CVE-2026-1234"]``
any                  ``refs``: stix_ids of items this one is about;
                     ``tags``: free labels; ``source``: where an imported
                     item came from
===================  ==========================================================
"""

from __future__ import annotations

import uuid
from typing import Any

from weerbaar.interop.records import (
    Dependency,
    Item,
    Kind,
    Observable,
    ObservableKind,
    Party,
    derived,
)
from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.sharing.models import SharedItem


def party_of(organisation: Organisation) -> Party:
    """The organisation in the formats: a uuid5 of its slug, which never changes."""
    return Party(derived("organisation", organisation.slug), organisation.name)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def item_of(shared: SharedItem) -> Item:
    """The record of a shared item (its owner and community loaded).

    Raises
    ------
    ValueError
        When the payload does not hold what the kind needs (an indicator
        without a valid value); the sharing forms prevent that.
    """
    payload = shared.payload if isinstance(shared.payload, dict) else {}
    kind = Kind(shared.kind)
    observables = tuple(
        Observable.checked(ObservableKind(o["kind"]), str(o["value"]))
        for o in payload.get("observables", [])
        if isinstance(o, dict)
    )
    if kind is Kind.INDICATOR and not observables and isinstance(payload.get("value"), str):
        # Shared through the form before it stored observables: the value alone.
        observables = (Observable.guess(payload["value"]),)
    dependency = None
    if kind is Kind.DEPENDENCY_FACT:
        dependency = Dependency(
            str(payload.get("supplier", "")) or shared.title,
            str(payload.get("kind", "")),
            _strings(payload.get("processes")),
        )
    refs = []
    for ref in _strings(payload.get("refs")):
        try:
            refs.append(uuid.UUID(ref))
        except ValueError:
            continue  # a reference is a pointer, not content: an unreadable one points nowhere
    return Item(
        uuid=shared.stix_id,
        kind=kind,
        title=shared.title,
        tlp=TLP(shared.tlp),
        owner=party_of(shared.owner),
        created=shared.created,
        modified=shared.modified,
        body=shared.body,
        community=shared.community.name if shared.community is not None else None,
        observables=observables,
        dependency=dependency,
        refs=tuple(refs),
        cves=_strings(payload.get("cves")),
        tags=_strings(payload.get("tags")),
    )


def payload_of(item: Item) -> dict[str, Any]:
    """The payload a shared item made from ``item`` holds."""
    payload: dict[str, Any] = {}
    if item.observables:
        payload["observables"] = [
            {"kind": o.kind.value, "value": o.value} for o in item.observables
        ]
    if item.dependency is not None:
        dep = item.dependency
        payload |= {"supplier": dep.supplier, "kind": dep.kind, "processes": list(dep.processes)}
    if item.cves:
        payload["cves"] = list(item.cves)
    if item.refs:
        payload["refs"] = [str(r) for r in item.refs]
    if item.tags:
        payload["tags"] = list(item.tags)
    return payload
