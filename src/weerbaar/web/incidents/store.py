"""Incidents in and out of the database: the one place that writes them, with the audit trail.

:func:`open_incident` is also the entry point for other apps (an advisory
that opens an incident, docs/incidents.md): it creates the incident and its
affected nodes in one transaction and logs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from weerbaar.incident.deadlines import ALL_DUTIES, Deadline, Duty, deadlines
from weerbaar.incident.forecast import Outage
from weerbaar.model import DurationError, RiskMap, parse_uncertain
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.incidents.models import (
    AffectedNode,
    DutySettings,
    EntryKind,
    Incident,
    LogEntry,
    SeverityChoice,
    TypeChoice,
)
from weerbaar.web.maps.models import RiskMapRecord


class IncidentError(ValueError):
    """Input an incident cannot take: what is wrong, naming the field or node."""


def log(
    incident: Incident,
    author: Any,
    text: str,
    kind: EntryKind = EntryKind.CHANGE,
    before: Any = None,
    after: Any = None,
) -> LogEntry:
    """One entry of the incident's log (the audit trail for ``change``)."""
    user = author if getattr(author, "is_authenticated", False) else None
    return LogEntry.objects.create(
        incident=incident, kind=kind, author=user, text=text, before=before, after=after
    )


def next_reference(riskmap: RiskMapRecord, year: int) -> str:
    """``INC-2026-003``: the map's next number in the year."""
    prefix = f"INC-{year}-"
    last = (
        Incident.objects.filter(riskmap=riskmap, reference__startswith=prefix)
        .aggregate(m=Max("reference"))
        .get("m")
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


def check_expected(value: str) -> str:
    """``value`` when it is empty, a duration or a distribution; else IncidentError."""
    text = value.strip()
    if text:
        try:
            parse_uncertain(text)
        except DurationError as exc:
            raise IncidentError(str(exc)) from None
    return text


def affected_json(row: AffectedNode) -> dict[str, Any]:
    return {
        "node": row.node_id,
        "down": row.down.isoformat(),
        "expected": row.expected,
        "restored": None if row.restored is None else row.restored.isoformat(),
    }


def open_incident(
    riskmap: RiskMapRecord,
    m: RiskMap,
    *,
    title: str,
    nodes: Iterable[str] | Mapping[str, datetime] = (),
    author: Any = None,
    kind: str = TypeChoice.OTHER,
    severity: str = SeverityChoice.MEDIUM,
    detected: datetime | None = None,
    expected: str = "",
    description: str = "",
    personal_data: bool = False,
    significant: bool = False,
    grip: str = "0",
) -> Incident:
    """Register an incident on ``riskmap`` with the nodes of ``m`` it took down.

    ``nodes`` are node ids (down since ``detected``) or a mapping of node id
    to when it went down; ``expected`` (a duration or ``tri(...)`` /
    ``lognormal(...)``, or empty) is each node's expected outage. Nothing is
    saved when a node is unknown or a value is wrong (:class:`IncidentError`).
    """
    detected = detected or timezone.now()
    if not title.strip():
        raise IncidentError("title: an incident needs a title")
    downs = dict(nodes) if isinstance(nodes, Mapping) else dict.fromkeys(nodes, detected)
    known = {n.id for n in m.nodes}
    unknown = sorted(set(downs) - known)
    if unknown:
        raise IncidentError(f"nodes: no such node in the map: {', '.join(unknown)}")
    text = check_expected(expected)
    if kind not in TypeChoice.values:
        raise IncidentError(f"kind: {kind!r} is not one of {', '.join(TypeChoice.values)}")
    with transaction.atomic():
        incident = Incident.objects.create(
            riskmap=riskmap,
            reference=next_reference(riskmap, detected.year),
            title=title.strip(),
            kind=kind,
            severity=severity,
            grip=grip,
            detected=detected,
            description=description,
            personal_data=personal_data,
            significant=significant,
        )
        rows = [
            AffectedNode.objects.create(incident=incident, node_id=n, down=at, expected=text)
            for n, at in sorted(downs.items())
        ]
        log(
            incident,
            author,
            f"Incident geregistreerd: {incident.title}",
            after={"reference": incident.reference, "nodes": [affected_json(r) for r in rows]},
        )
    return incident


def outages_of(incident: Incident) -> list[Outage]:
    """The incident's affected nodes as the forecast takes them."""
    out = []
    for row in incident.affected.all():
        expected = parse_uncertain(row.expected) if row.expected else None
        out.append(Outage(row.node_id, row.down, row.restored, expected))
    return out


def duties_of(organisation: Organisation) -> frozenset[Duty]:
    found = DutySettings.objects.filter(organisation=organisation).first()
    if found is None:
        return ALL_DUTIES
    return frozenset(Duty(d) for d in found.duties if d in set(Duty))


def deadlines_of(incident: Incident) -> list[Deadline]:
    done = {Duty(r.duty): r.made for r in incident.reports.all()}
    return deadlines(
        incident.detected,
        duties_of(incident.riskmap.organisation),
        personal_data=incident.personal_data,
        significant=incident.significant,
        done=done,
    )
