"""Shared items as a STIX 2.1 bundle, built with the ``stix2`` library.

=====================  =========================================================
item                   STIX objects
=====================  =========================================================
incident               ``incident``
indicator              ``indicator`` (pattern: :mod:`~weerbaar.interop.patterns`)
lesson                 ``note`` labelled ``lesson``
advisory impact        ``note`` labelled ``advisory-impact``, CVEs as external
                       references
exercise report        ``report`` labelled ``exercise-report``
dependency fact        ``infrastructure`` labelled ``dependency-fact`` (supplier,
                       its kind and the processes in Weerbaar's property
                       extension, :data:`DEPENDENCY_EXTENSION`) and a
                       ``related-to`` relationship from the owner's identity
owner organisation     ``identity`` (class organization, sector
                       government-local), the ``created_by_ref`` of its items
=====================  =========================================================

An item that is about other items (``refs``) points at them: a note or a
report by ``object_refs``, the others by ``related-to`` relationships. Only
items in the same bundle are pointed at: a reference to an item the reader
may not see would tell that it exists.

Every object carries its item's TLP 2.0 marking (:mod:`~.markings`), and the
bundle holds the marking definitions used. Ids never change: an item's
object is ``<type>--<the item's uuid>`` (the sharing app's ``stix_id``), an
organisation's identity ``identity--<its uuid>``, and what an item adds
(relationships) and the bundle itself have uuid5 ids derived from those
(:func:`~weerbaar.interop.records.derived`), so exporting the same items
again gives the same ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from stix2 import v21

from weerbaar.interop.markings import MARKINGS
from weerbaar.interop.patterns import pattern
from weerbaar.interop.records import Item, Kind, Party, derived

STIX_TYPE = {
    Kind.INCIDENT: "incident",
    Kind.INDICATOR: "indicator",
    Kind.LESSON: "note",
    Kind.ADVISORY_IMPACT: "note",
    Kind.EXERCISE_REPORT: "report",
    Kind.DEPENDENCY_FACT: "infrastructure",
}

#: The label telling apart the kinds that share a STIX type.
LABEL = {
    Kind.LESSON: "lesson",
    Kind.ADVISORY_IMPACT: "advisory-impact",
    Kind.EXERCISE_REPORT: "exercise-report",
    Kind.DEPENDENCY_FACT: "dependency-fact",
}


#: Weerbaar itself, the author of its extension definition.
WEERBAAR = v21.Identity(
    id=f"identity--{derived('stix', 'identity', 'weerbaar')}",
    created="2026-01-01T00:00:00.000Z",
    modified="2026-01-01T00:00:00.000Z",
    name="Weerbaar",
    identity_class="system",
)

#: The property extension carrying a dependency fact on an infrastructure object.
DEPENDENCY_EXTENSION = v21.ExtensionDefinition(
    id=f"extension-definition--{derived('stix', 'extension', 'dependency-fact', 1)}",
    created_by_ref=WEERBAAR.id,
    created="2026-01-01T00:00:00.000Z",
    modified="2026-01-01T00:00:00.000Z",
    name="Weerbaar dependency fact",
    description="An organisation depends on this supplier for its vital processes.",
    schema=(
        "Properties: supplier (string, required): the supplier's name; "
        "supplier_kind (string): what it supplies; processes (list of strings): "
        "the vital processes that go down when everything the supplier runs fails."
    ),
    version="1.0",
    extension_types=["property-extension"],
)


def stix_id(item: Item) -> str:
    """The STIX id of the object an item becomes: ``<type>--<the item's uuid>``, always."""
    return f"{STIX_TYPE[item.kind]}--{item.uuid}"


def identity_id(party: Party) -> str:
    return f"identity--{party.uuid}"


def identity(party: Party) -> v21.Identity:
    """The identity of an organisation; its created time is fixed so the object never changes."""
    return v21.Identity(
        id=identity_id(party),
        created="2020-01-01T00:00:00.000Z",
        modified="2020-01-01T00:00:00.000Z",
        name=party.name,
        identity_class="organization",
        sectors=["government-local"],
    )


def _relationship(source: str, target: str, item: Item, description: str) -> v21.Relationship:
    return v21.Relationship(
        id=f"relationship--{derived('stix', 'relationship', source, target)}",
        created=item.created,
        modified=item.modified,
        relationship_type="related-to",
        source_ref=source,
        target_ref=target,
        description=description,
        created_by_ref=identity_id(item.owner),
        object_marking_refs=[MARKINGS[item.tlp].id],
    )


def objects_of(item: Item, ids: dict[uuid.UUID, str]) -> list[Any]:
    """The STIX objects of one item; ``ids`` maps the uuid of every item in the bundle to its id."""
    own = stix_id(item)
    refs = [ids[r] for r in item.refs if r in ids and ids[r] != own]
    common: dict[str, Any] = {
        "id": own,
        "created": item.created,
        "modified": item.modified,
        "created_by_ref": identity_id(item.owner),
        "object_marking_refs": [MARKINGS[item.tlp].id],
    }
    labels = ([LABEL[item.kind]] if item.kind in LABEL else []) + list(item.tags)
    if labels:
        common["labels"] = labels
    described = {"description": item.body} if item.body else {}
    made: list[Any] = []
    if item.kind is Kind.INCIDENT:
        made.append(v21.Incident(name=item.title, **described, **common))
    elif item.kind is Kind.INDICATOR:
        made.append(
            v21.Indicator(
                name=item.title,
                pattern=pattern(item.observables),
                pattern_type="stix",
                valid_from=item.created,
                **described,
                **common,
            )
        )
    elif item.kind in (Kind.LESSON, Kind.ADVISORY_IMPACT):
        cves = [{"source_name": "cve", "external_id": cve} for cve in item.cves]
        made.append(
            v21.Note(
                abstract=item.title,
                content=item.body or item.title,
                object_refs=refs or [identity_id(item.owner)],
                **({"external_references": cves} if cves else {}),
                **common,
            )
        )
        refs = []  # object_refs says it already
    elif item.kind is Kind.EXERCISE_REPORT:
        made.append(
            v21.Report(
                name=item.title,
                published=item.modified,
                object_refs=refs or [identity_id(item.owner)],
                **described,
                **common,
            )
        )
        refs = []
    else:
        assert item.dependency is not None  # Item checks it on creation
        dep = item.dependency
        made.append(
            v21.Infrastructure(
                name=item.title,
                infrastructure_types=["unknown"],
                extensions={
                    DEPENDENCY_EXTENSION.id: {
                        "extension_type": "property-extension",
                        "supplier": dep.supplier,
                        "supplier_kind": dep.kind,
                        "processes": list(dep.processes),
                    }
                },
                **described,
                **common,
            )
        )
        made.append(_relationship(identity_id(item.owner), own, item, "depends on"))
    made.extend(_relationship(own, ref, item, "is about") for ref in refs)
    return made


def stix_objects(items: Iterable[Item]) -> Iterator[Any]:
    """Every STIX object of ``items``: markings and identities first, then the items'."""
    listed = list(items)
    ids = {item.uuid: stix_id(item) for item in listed}
    yield from (MARKINGS[t] for t in sorted({i.tlp for i in listed}, key=lambda t: t.rank))
    if any(item.kind is Kind.DEPENDENCY_FACT for item in listed):
        yield from (WEERBAAR, DEPENDENCY_EXTENSION)
    parties = {item.owner.uuid: item.owner for item in listed}
    yield from (identity(parties[key]) for key in sorted(parties))
    for item in listed:
        yield from objects_of(item, ids)


def bundle(items: Iterable[Item]) -> v21.Bundle:
    """A STIX 2.1 bundle of ``items``; its id is derived from the ids it holds."""
    objects = list(stix_objects(items))
    key = "\n".join(sorted(f"{o['id']}@{o.get('modified', '')}" for o in objects))
    return v21.Bundle(id=f"bundle--{derived('stix', 'bundle', key)}", objects=objects)
