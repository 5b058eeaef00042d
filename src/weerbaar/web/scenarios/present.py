"""What the scenario pages show of a run: plain records for the templates.

Views call these; they hold no request or permission logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from weerbaar.model import Node
from weerbaar.report.gantt import GanttRow, gantt, time_window
from weerbaar.scoring import Assessment, default_profile
from weerbaar.web.analyses.runs import Run, SimulationResult
from weerbaar.web.chartwords import chart_words

#: Rows of the timeline; past this, vital processes keep their place first.
MAX_TIMELINE_ROWS = 60


@dataclass(frozen=True)
class CriterionRow:
    number: str
    name: str
    quantity: float
    unit: str
    class_only: bool
    cls: str | None
    points: float
    weight: float
    score: float


@dataclass(frozen=True)
class BreachRow:
    node: str
    label: str
    mtpd: float
    outage: float
    open: bool
    first_down: float
    breached_at: float


def criteria(a: Assessment) -> list[CriterionRow]:
    profile, language = default_profile(), get_language()
    rows = []
    for cr in a.criteria:
        c = profile.criterion(cr.criterion)
        rows.append(
            CriterionRow(
                c.number,
                c.label(language),
                cr.quantity,
                c.unit,
                c.class_only,
                None if cr.cls is None else str(cr.cls),
                cr.points,
                cr.weight,
                cr.score,
            )
        )
    return rows


def breaches(run: Run) -> list[BreachRow]:
    if run.assessment is None:
        return []
    nodes = {n.id: n for n in run.model.nodes}
    return [
        BreachRow(
            b.node,
            nodes[b.node].label,
            b.mtpd,
            b.outage,
            run.result.down[b.node][-1][1] is None,
            b.first_down,
            b.breached_at,
        )
        for b in run.assessment.breaches
    ]


def window(result: SimulationResult) -> float:
    """The end of the time axis: where the cascade is over, else the horizon."""
    return float(time_window((iv for ivs in result.down.values() for iv in ivs), result.horizon))


def timeline(run: Run, title: str) -> tuple[SafeString | None, int]:
    """The cascade timeline as inline SVG, and how many down nodes it leaves out."""
    result = run.result
    if not result.down:
        return None, 0
    nodes = {n.id: n for n in run.model.nodes}
    order = sorted(result.down, key=lambda v: (result.down[v][0][0], nodes[v].label))
    if len(order) > MAX_TIMELINE_ROWS:
        vital = [v for v in order if nodes[v].vital][:MAX_TIMELINE_ROWS]
        rest = [v for v in order if not nodes[v].vital]
        keep = set(vital + rest[: MAX_TIMELINE_ROWS - len(vital)])
        order_shown = [v for v in order if v in keep]
    else:
        order_shown = order
    breached = (
        {} if run.assessment is None else {b.node: b.breached_at for b in run.assessment.breaches}
    )
    rows = [_row(nodes[v], result, breached.get(v)) for v in order_shown]
    svg = gantt(
        rows,
        result.horizon,
        ident="wb-timeline",
        window=window(result),
        title=title,
        words=chart_words(),
    )
    # Safe: gantt() escapes every piece of map text it writes (report.svg.esc),
    # and the ident above is a constant.
    return mark_safe(svg), len(order) - len(order_shown)


def _row(node: Node, result: SimulationResult, breached_at: float | None) -> GanttRow:
    mtpd_at = breached_at
    if mtpd_at is None and node.mtpd is not None:
        mtpd_at = result.down[node.id][0][0] + node.mtpd
    return GanttRow(node.label, result.down[node.id], node.vital, mtpd_at)


def player_payload(run: Run) -> dict[str, Any]:
    """The JSON the cascade player reads: the simulation, its nodes, impact, breaches."""
    nodes = {n.id: n for n in run.model.nodes}
    a = run.assessment
    return {
        "simulation": run.result.to_json(),
        "window": window(run.result),
        "nodes": {
            v: {"label": nodes[v].label, "kind": nodes[v].kind.value, "vital": nodes[v].vital}
            for v in run.result.down
        },
        "impact": None
        if a is None
        else {
            "score": a.score,
            "expected": a.expected if a.likelihood else None,
            "likelihood": a.likelihood,
            "criteria": [
                {
                    "criterion": r.criterion,
                    "quantity": r.quantity,
                    "class": None if r.cls is None else str(r.cls),
                    "points": r.points,
                    "weight": r.weight,
                }
                for r in a.criteria
            ],
        },
        "breaches": [
            {
                "node": b.node,
                "mtpd": b.mtpd,
                "outage": b.outage,
                "first_down": b.first_down,
                "breached_at": b.breached_at,
            }
            for b in (a.breaches if a else ())
        ],
    }


@dataclass(frozen=True)
class Change:
    label: str
    vital: bool
    before: float
    after: float


def compare(before: Run, after: Run) -> list[Change]:
    """Every node whose down time differs between two runs, most changed first."""
    labels = {n.id: n for n in after.model.nodes}
    ids = set(before.result.down) | set(after.result.down)
    changes = [
        Change(
            labels[v].label,
            labels[v].vital,
            before.result.downtime(v),
            after.result.downtime(v),
        )
        for v in ids
        if v in labels
    ]
    changes = [c for c in changes if abs(c.before - c.after) > 1e-9]
    return sorted(changes, key=lambda c: (not c.vital, -abs(c.before - c.after), c.label))
