"""The view records of the report: plain values the template lays out.

Every record holds what one table row or one block of the document shows,
already in the reader's terms (labels instead of ids, Dutch names); numbers
stay numbers so that the template formats them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class CriterionRow:
    """One scored criterion of a scenario; ``quantity`` is formatted already."""

    name: str
    quantity: str
    cls: str
    points: float


@dataclass(frozen=True)
class BreachRow:
    """A vital process down longer than its MTPD; times in hours from T."""

    process: str
    mtpd: float
    outage: str
    first_down: float
    breached_at: float


@dataclass(frozen=True)
class ScenarioView:
    """One scenario's section.

    ``window`` is the end of its timeline's axis (hours), at most the
    ``horizon``; ``mtpd_later`` counts the timeline's rows whose MTPD runs
    out after the window, and ``hidden`` the nodes down but not shown.
    """

    number: int
    anchor: str
    title: str
    theme: str
    description: str
    likelihood: str | None
    likelihood_name: str
    score: float
    expected: float | None
    horizon: float
    criteria: list[CriterionRow]
    other_criteria: int
    breaches: list[BreachRow]
    deadlock: list[str]
    down_count: int
    vital_down: int
    timeline: Markup | None
    window: float
    mtpd_later: int
    hidden: int


@dataclass(frozen=True)
class CriticalRow:
    """A node and what its permanent loss takes down."""

    label: str
    kind: str
    party: str
    vital: int
    total: int


@dataclass(frozen=True)
class SpofGroup:
    """The single points of failure of one process that one party runs."""

    party: str
    labels: list[str]


@dataclass(frozen=True)
class SpofRow:
    """A vital process with its single points of failure, grouped by party."""

    process: str
    count: int
    groups: list[SpofGroup]


@dataclass(frozen=True)
class PartyRow:
    """A chain partner and the vital processes that stop without it."""

    label: str
    kind: str
    maturity: int | None
    processes: list[str]


@dataclass(frozen=True)
class ScenarioChange:
    """How one measure changes one scenario."""

    title: str
    before: float
    after: float
    likelihood_before: str | None
    likelihood_after: str | None
    expected_before: float
    expected_after: float


@dataclass(frozen=True)
class MeasureRow:
    """A measure: its cost, its effect over all scenarios and per scenario."""

    anchor: str
    label: str
    description: str
    cost: float
    reduction: float
    per_1000: float | None
    changed: list[ScenarioChange]
    unchanged: int
