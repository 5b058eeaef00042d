"""Read a STIX 2.1 bundle back into shared items, refusing what cannot be kept.

The bundle is read as hostile input (:mod:`~weerbaar.interop.hostile`),
checked against the STIX 2.1 schemas with ``stix2-validator``, and then
mapped object by object, the inverse of :mod:`~weerbaar.interop.stix`.
An object that cannot become part of a shared item — a malware, a threat
actor, a statement marking, a report that is no exercise report — is not
dropped: the whole bundle is refused with one located message per such
object (``bundle.json: objects[4] (malware--…): …``), and nothing is
imported.

An object without a TLP marking takes ``default_tlp`` when the caller gives
one (the person importing chose it) and is refused otherwise; an object
without ``created_by_ref`` belongs to ``default_owner``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from weerbaar.interop.hostile import DEFAULT_LIMITS, Limits, load_json
from weerbaar.interop.markings import is_tlp_marking, label_of_marking
from weerbaar.interop.patterns import observables
from weerbaar.interop.records import (
    Dependency,
    Item,
    Kind,
    Party,
    refuse,
)
from weerbaar.interop.stix import DEPENDENCY_EXTENSION, LABEL, WEERBAAR
from weerbaar.model.limits import depth
from weerbaar.sharing.tlp import TLP

ITEM_TYPES = {"incident", "indicator", "note", "report", "infrastructure"}

#: Properties every object may have that an item keeps by other means (its
#: uuid, owner, label, times) or that carry nothing to keep.
COMMON = {
    "type",
    "spec_version",
    "id",
    "created",
    "modified",
    "created_by_ref",
    "object_marking_refs",
    "labels",
    "lang",
}

#: The further properties each type may have; any other is refused, not dropped.
KEPT = {
    "incident": {"name", "description"},
    "indicator": {
        "name",
        "description",
        "pattern",
        "pattern_type",
        "pattern_version",
        "valid_from",
    },
    "note": {"abstract", "content", "object_refs", "external_references"},
    "report": {"name", "description", "published", "object_refs"},
    "infrastructure": {"name", "description", "infrastructure_types", "extensions"},
}


def read_bundle(
    data: bytes | str,
    source: str,
    *,
    default_owner: Party,
    default_tlp: TLP | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Item]:
    """The shared items of a STIX 2.1 bundle; :class:`ImportRefused` if one cannot be kept."""
    doc = load_json(data, source, limits)
    if not isinstance(doc, dict) or doc.get("type") != "bundle":
        raise refuse(source, ["not a STIX bundle: no object with type 'bundle'"])
    return read_objects(
        doc.get("objects", []),
        source,
        default_owner=default_owner,
        default_tlp=default_tlp,
        limits=limits,
        bundle_id=str(doc.get("id", "")),
    )


def read_objects(
    objects: Any,
    source: str,
    *,
    default_owner: Party,
    default_tlp: TLP | None = None,
    limits: Limits = DEFAULT_LIMITS,
    bundle_id: str = "",
) -> list[Item]:
    """The shared items of a list of STIX 2.1 objects (a bundle's, a TAXII collection's)."""
    if not isinstance(objects, list) or not all(isinstance(o, dict) for o in objects):
        raise refuse(source, ["objects: must be a list of objects"])
    if len(objects) > limits.max_objects:
        raise refuse(
            source, [f"objects: {len(objects):,} objects; at most {limits.max_objects:,} are read"]
        )
    doc = {"type": "bundle", "id": bundle_id or f"bundle--{uuid.uuid4()}", "objects": objects}
    if depth(doc) > limits.max_depth:
        raise refuse(source, [f"JSON nested more than {limits.max_depth} levels deep"])
    invalid = _schema_errors(doc, objects)
    if invalid:
        raise refuse(source, invalid)
    return _Mapper(source, objects, default_owner, default_tlp).items()


def _where(index: int, obj: dict[str, Any]) -> str:
    return f"objects[{index}] ({obj.get('id', obj.get('type', '?'))})"


def _schema_errors(doc: dict[str, Any], objects: list[dict[str, Any]]) -> list[str]:
    if any(o.get("spec_version") != "2.1" for o in objects if o.get("type") != "bundle"):
        # The validator would read 2.0 objects by the 2.0 rules; Weerbaar reads 2.1 only.
        return [
            f"{_where(i, o)}: spec_version is {o.get('spec_version')!r}; only STIX 2.1 is read"
            for i, o in enumerate(objects)
            if o.get("spec_version") != "2.1"
        ]
    # Imported here: loading the validator compiles its grammars (seconds), which
    # only an import should pay, not every process that merely serves pages.
    from stix2validator import ValidationOptions, validate_parsed_json

    result = validate_parsed_json(doc, ValidationOptions(version="2.1"))
    position = {o.get("id"): i for i, o in enumerate(objects)}
    errors: list[str] = []
    for res in result if isinstance(result, list) else [result]:
        for err in res.errors:
            # The validator starts its message with the id of the object at fault.
            oid, _, rest = str(err.message).partition(": ")
            if oid in position:
                errors.append(f"{_where(position[oid], objects[position[oid]])}: {rest}")
            else:
                errors.append(f"bundle: {err.message}")
    return errors


class _Mapper:
    def __init__(
        self, source: str, objects: list[dict[str, Any]], owner: Party, default_tlp: TLP | None
    ) -> None:
        self.source = source
        self.objects = objects
        self.default_owner = owner
        self.default_tlp = default_tlp
        self.problems: list[str] = []
        self.by_id = {o["id"]: o for o in objects}
        self.parties = {
            o["id"]: Party(uuid.UUID(o["id"].split("--", 1)[1]), str(o.get("name", "")))
            for o in objects
            if o["type"] == "identity"
        }
        self.uuid_of = {
            o["id"]: uuid.UUID(o["id"].split("--", 1)[1])
            for o in objects
            if o["type"] in ITEM_TYPES
        }
        self.refs: dict[str, list[uuid.UUID]] = {}
        self.dependents: set[str] = set()

    def problem(self, index: int, obj: dict[str, Any], what: str) -> None:
        self.problems.append(f"{_where(index, obj)}: {what}")

    def items(self) -> list[Item]:
        used_identities: set[str] = set()
        for i, obj in enumerate(self.objects):
            kind = obj["type"]
            if kind == "relationship":
                self.relationship(i, obj)
            elif kind == "marking-definition" and not is_tlp_marking(obj["id"]):
                self.problem(i, obj, "a marking that is not TLP; Weerbaar keeps TLP labels only")
            elif kind == "extension-definition" and obj["id"] != DEPENDENCY_EXTENSION.id:
                self.problem(i, obj, "an extension Weerbaar does not know; its data cannot be kept")
            elif kind not in ITEM_TYPES | {
                "identity",
                "marking-definition",
                "extension-definition",
            }:
                self.problem(i, obj, f"type {kind!r} has no shared item it can become")
            creator = obj.get("created_by_ref")
            if creator:
                used_identities.add(creator)
        used_identities |= {r for o in self.objects for r in o.get("object_refs", [])}
        used_identities |= self.dependents | {WEERBAAR.id}
        for i, obj in enumerate(self.objects):
            if obj["type"] == "identity" and obj["id"] not in used_identities:
                self.problem(i, obj, "an organisation no item in the bundle belongs to")
        items = [
            item
            for i, obj in enumerate(self.objects)
            if obj["type"] in ITEM_TYPES
            for item in [self.item(i, obj)]
            if item is not None
        ]
        if self.problems:
            raise refuse(self.source, self.problems)
        return items

    def relationship(self, index: int, rel: dict[str, Any]) -> None:
        source, target = rel["source_ref"], rel["target_ref"]
        if rel["relationship_type"] != "related-to":
            self.problem(
                index, rel, f"relationship type {rel['relationship_type']!r} cannot be kept"
            )
        elif source not in self.by_id or target not in self.by_id:
            self.problem(index, rel, "points at an object that is not in the bundle")
        elif source in self.parties and self.by_id[target]["type"] == "infrastructure":
            self.dependents.add(source)  # the owner depends on the supplier: the fact itself
        elif source in self.uuid_of and target in self.uuid_of:
            self.refs.setdefault(source, []).append(self.uuid_of[target])
        else:
            self.problem(index, rel, "relates objects that are not shared items")

    def tlp(self, index: int, obj: dict[str, Any]) -> TLP | None:
        marks = obj.get("object_marking_refs", [])
        labels = {label_of_marking(m) for m in marks}
        if None in labels:
            self.problem(index, obj, "carries a marking that is not TLP")
            return None
        if len(labels) > 1:
            self.problem(index, obj, "carries more than one TLP label")
            return None
        if labels:
            return labels.pop()
        if self.default_tlp is None:
            self.problem(index, obj, "has no TLP marking; choose the label for unmarked objects")
        return self.default_tlp

    def unkept(self, index: int, obj: dict[str, Any]) -> bool:
        """Report what of ``obj`` an item cannot hold; True when there is any."""
        found = sorted(set(obj) - COMMON - KEPT[obj["type"]])
        found += [
            f"external reference to {ref.get('source_name')!r}"
            for ref in obj.get("external_references", [])
            if ref.get("source_name") != "cve" or "external_id" not in ref
        ]
        found += [
            f"extension {e}" for e in obj.get("extensions", {}) if e != DEPENDENCY_EXTENSION.id
        ]
        if obj.get("infrastructure_types", ["unknown"]) != ["unknown"]:
            found.append("infrastructure_types other than 'unknown'")
        if found:
            self.problem(index, obj, "Weerbaar cannot keep " + ", ".join(found))
        return bool(found)

    def item(self, index: int, obj: dict[str, Any]) -> Item | None:
        if self.unkept(index, obj):
            return None
        tlp = self.tlp(index, obj)
        kind = self.kind(index, obj)
        if tlp is None or kind is None:
            return None
        creator = obj.get("created_by_ref")
        if creator and creator not in self.parties:
            self.problem(index, obj, f"created_by_ref {creator} is not in the bundle")
            return None
        owner = self.parties[creator] if creator else self.default_owner
        refs = [self.uuid_of[r] for r in obj.get("object_refs", []) if r in self.uuid_of]
        refs += self.refs.get(obj["id"], [])
        stray = [
            r for r in obj.get("object_refs", []) if r not in self.uuid_of and r not in self.parties
        ]
        if stray:
            self.problem(
                index, obj, f"object_refs {', '.join(stray)} are not shared items in the bundle"
            )
            return None
        fields: dict[str, Any] = {}
        try:
            if kind is Kind.INDICATOR:
                fields["observables"] = tuple(observables(obj["pattern"]))
            if kind is Kind.DEPENDENCY_FACT:
                fact = obj["extensions"][DEPENDENCY_EXTENSION.id]
                fields["dependency"] = Dependency(
                    supplier=str(fact["supplier"]),
                    kind=str(fact.get("supplier_kind", "")),
                    processes=tuple(str(p) for p in fact.get("processes", [])),
                )
            title = obj.get("name") or obj.get("abstract") or ""
            body = obj.get("description") or obj.get("content") or ""
            if kind in (Kind.LESSON, Kind.ADVISORY_IMPACT) and body == title:
                body = ""
            return Item(
                uuid=self.uuid_of[obj["id"]],
                kind=kind,
                title=str(title)[:300] or kind.value,
                tlp=tlp,
                owner=owner,
                created=_time(obj["created"]),
                modified=_time(obj["modified"]),
                body=str(body),
                refs=tuple(dict.fromkeys(refs)),
                tags=tuple(str(t) for t in obj.get("labels", []) if t not in LABEL.values()),
                cves=tuple(
                    str(r["external_id"])
                    for r in obj.get("external_references", [])
                    if r.get("source_name") == "cve" and "external_id" in r
                ),
                **fields,
            )
        except (ValueError, TypeError) as exc:
            self.problem(index, obj, str(exc))
            return None

    def kind(self, index: int, obj: dict[str, Any]) -> Kind | None:
        labels = set(obj.get("labels", []))
        stix_type = obj["type"]
        if stix_type == "incident":
            return Kind.INCIDENT
        if stix_type == "indicator":
            if obj.get("pattern_type") != "stix":
                self.problem(
                    index,
                    obj,
                    f"pattern_type {obj.get('pattern_type')!r}; only STIX patterns are read",
                )
                return None
            return Kind.INDICATOR
        if stix_type == "note":
            return Kind.ADVISORY_IMPACT if LABEL[Kind.ADVISORY_IMPACT] in labels else Kind.LESSON
        if stix_type == "report" and LABEL[Kind.EXERCISE_REPORT] in labels:
            return Kind.EXERCISE_REPORT
        if stix_type == "infrastructure" and "supplier" in obj.get("extensions", {}).get(
            DEPENDENCY_EXTENSION.id, {}
        ):
            return Kind.DEPENDENCY_FACT
        what = "report" if stix_type == "report" else "infrastructure"
        need = "the label exercise-report" if what == "report" else "a Weerbaar dependency fact"
        self.problem(index, obj, f"a {what} without {need} is no shared item Weerbaar knows")
        return None


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
