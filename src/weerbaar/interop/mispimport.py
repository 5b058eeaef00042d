"""Read MISP events back into shared items, refusing what cannot be kept.

The inverse of :mod:`~weerbaar.interop.misp`, and a reader of MISP events
made elsewhere. An event becomes one item:

- the label comes from its ``tlp:*`` tag (``tlp:white`` is read as CLEAR);
  an event without one takes ``default_tlp`` when the importer chose one,
  and is refused otherwise; an event with two labels is refused;
- the kind comes from the ``weerbaar:kind`` tag; without it an event with
  observables is an indicator, any other an incident;
- other tags are kept as the item's tags;
- attributes and objects are read when Weerbaar can keep them (addresses,
  domains, host names, URLs, file hashes, CVEs, text); anything else — a
  mutex, a registry key, an e-mail object — refuses the event with its
  place (``feed/…json: Event.Attribute[3] (mutex): …``), never dropped.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any

from pymisp import MISPEvent

from weerbaar.interop.misp import KIND_TAG, PROCESS_COMMENT
from weerbaar.interop.records import (
    Dependency,
    Item,
    Kind,
    Observable,
    ObservableKind,
    Party,
    refuse,
)
from weerbaar.sharing.tlp import TLP

#: Attribute types read as observables.
OBSERVABLE_TYPES = {
    "domain": ObservableKind.DOMAIN,
    "hostname": ObservableKind.DOMAIN,
    "url": ObservableKind.URL,
    "md5": ObservableKind.MD5,
    "sha1": ObservableKind.SHA1,
    "sha256": ObservableKind.SHA256,
}
ADDRESS_TYPES = {"ip-dst", "ip-src", "ip"}
TEXT_TYPES = {"text", "comment"}

#: Object templates read, and the relations kept from each.
OBJECTS = {
    "file": {"md5", "sha1", "sha256"},
    "domain-ip": {"domain", "hostname", "ip"},
    "url": {"url"},
    "ip-port": {"ip", "ip-dst", "ip-src"},
    "organization": {"name", "role", "type-of-organization"},
}


def _address(value: str) -> Observable:
    try:
        version = ipaddress.ip_network(value.strip(), strict=True).version
    except ValueError:
        raise ValueError(f"{value!r} is not an IP address") from None
    return Observable.checked(ObservableKind.IPV4 if version == 4 else ObservableKind.IPV6, value)


class _Event:
    """The reading of one event, collecting problems instead of stopping at the first."""

    def __init__(self, place: str) -> None:
        self.place = place
        self.problems: list[str] = []
        self.observables: list[Observable] = []
        self.cves: list[str] = []
        self.texts: list[str] = []
        self.processes: list[str] = []
        self.supplier: dict[str, str] = {}

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{self.place}.{where}: {what}")

    def attribute(self, where: str, kind: str, value: str, comment: str) -> None:
        try:
            if kind in ADDRESS_TYPES:
                self.observables.append(_address(value))
            elif kind in OBSERVABLE_TYPES:
                self.observables.append(Observable.checked(OBSERVABLE_TYPES[kind], value))
            elif kind == "vulnerability":
                self.cves.append(value.strip())
            elif kind in TEXT_TYPES and comment == PROCESS_COMMENT:
                self.processes.append(value)
            elif kind in TEXT_TYPES:
                self.texts.append(value)
            else:
                self.problem(f"{where} ({kind})", f"attribute type {kind!r} cannot be kept")
        except ValueError as exc:
            self.problem(f"{where} ({kind})", str(exc))

    def object(self, where: str, obj: Any) -> None:
        name = str(getattr(obj, "name", ""))
        if name not in OBJECTS:
            self.problem(f"{where} ({name})", f"object {name!r} cannot be kept")
            return
        for n, attr in enumerate(obj.attributes):
            relation = str(getattr(attr, "object_relation", ""))
            at = f"{where}.Attribute[{n}] ({relation})"
            if relation not in OBJECTS[name]:
                self.problem(at, f"{name} object's {relation!r} cannot be kept")
            elif name == "organization":
                self.supplier[relation] = str(attr.value)
            elif relation in ("ip", "ip-dst", "ip-src"):
                self.attribute(at, "ip", str(attr.value), "")
            else:
                self.attribute(at, relation, str(attr.value), "")


def _tlp(tags: Iterable[str], default: TLP | None, place: str) -> tuple[TLP | None, list[str]]:
    labels: set[TLP] = set()
    problems: list[str] = []
    for tag in tags:
        if tag.lower().startswith("tlp:"):
            text = "clear" if tag.lower() == "tlp:white" else tag
            try:
                labels.add(TLP.parse(text))
            except ValueError as exc:
                problems.append(f"{place}.Tag: {exc}")
    if len(labels) > 1:
        problems.append(
            f"{place}.Tag: more than one TLP label ({', '.join(sorted(t.label for t in labels))})"
        )
    if not labels and default is None:
        problems.append(f"{place}: has no tlp:* tag; choose the label for unlabelled events")
    return (labels.pop() if len(labels) == 1 else default), problems


def read_event(
    data: dict[str, Any], place: str, *, default_owner: Party, default_tlp: TLP | None = None
) -> tuple[Item | None, list[str]]:
    """The item of one MISP event (``{"Event": {...}}`` or the bare event) and the problems.

    The item is None when there are problems; the caller refuses the whole
    input then.
    """
    ev = MISPEvent()
    try:
        ev.load(data.get("Event", data) if isinstance(data, dict) else data)
    except Exception as exc:  # PyMISP raises many types for malformed events
        return None, [f"{place}: not a MISP event: {exc}"]
    place = f"{place}: Event"
    reader = _Event(place)
    tags = [str(t.name) for t in ev.tags]
    tlp, problems = _tlp(tags, default_tlp, place)
    reader.problems += problems
    kinds = [t.split("=", 1)[1].strip('"') for t in tags if t.startswith(KIND_TAG + "=")]
    for n, attr in enumerate(ev.attributes):
        reader.attribute(
            f"Attribute[{n}]",
            str(getattr(attr, "type", "")),
            str(getattr(attr, "value", "")),
            str(getattr(attr, "comment", "") or ""),
        )
    for n, obj in enumerate(ev.objects):
        reader.object(f"Object[{n}]", obj)
    texts = [str(r.content) for r in ev.event_reports] + reader.texts
    try:
        kind = (
            Kind(kinds[0]) if kinds else (Kind.INDICATOR if reader.observables else Kind.INCIDENT)
        )
    except ValueError:
        reader.problem("Tag", f"unknown {KIND_TAG} {kinds[0]!r}")
        kind = Kind.INCIDENT
    if reader.supplier and kind is not Kind.DEPENDENCY_FACT:
        reader.problem("Object", "an organization object only belongs to a dependency fact")
    if kind is Kind.DEPENDENCY_FACT and "name" not in reader.supplier:
        reader.problem(
            "Object", "a dependency fact needs an organization object naming the supplier"
        )
    if reader.problems or tlp is None:
        return None, reader.problems
    try:
        org = getattr(ev, "Orgc", None)
        owner = default_owner
        if org is not None and getattr(org, "uuid", None) and getattr(org, "name", None):
            owner = Party(uuid.UUID(str(org.uuid)), str(org.name))
        stamp = getattr(ev, "timestamp", None)
        day = getattr(ev, "date", None)
        created = datetime.combine(day, time(), tzinfo=UTC) if day else None
        modified = stamp.astimezone(UTC) if isinstance(stamp, datetime) else created
        if created is None or modified is None:
            return None, [f"{place}: has no date"]
        if not str(getattr(ev, "info", "")).strip():
            return None, [f"{place}.info: is empty"]
        item = Item(
            uuid=uuid.UUID(str(ev.uuid)),
            kind=kind,
            title=str(ev.info)[:300],
            tlp=tlp,
            owner=owner,
            created=created,
            modified=modified,
            body="\n\n".join(texts),
            observables=tuple(reader.observables),
            dependency=(
                Dependency(
                    reader.supplier["name"],
                    reader.supplier.get("type-of-organization", ""),
                    tuple(reader.processes),
                )
                if kind is Kind.DEPENDENCY_FACT
                else None
            ),
            cves=tuple(reader.cves),
            tags=tuple(
                t for t in tags if not t.lower().startswith("tlp:") and not t.startswith(KIND_TAG)
            ),
        )
    except (ValueError, TypeError) as exc:
        return None, [f"{place}: {exc}"]
    return item, []


def read_events(
    events: Iterable[tuple[str, dict[str, Any]]],
    source: str,
    *,
    default_owner: Party,
    default_tlp: TLP | None = None,
) -> list[Item]:
    """The items of ``(place, event)`` pairs; :class:`ImportRefused` if any cannot be kept."""
    items: list[Item] = []
    problems: list[str] = []
    for place, data in events:
        item, found = read_event(data, place, default_owner=default_owner, default_tlp=default_tlp)
        problems += found
        if item is not None:
            items.append(item)
    if problems:
        raise refuse(source, problems)
    return items
