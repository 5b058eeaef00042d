"""The rows the decision pages show: plain values, already in the reader's terms.

Labels replace ids and numbers stay numbers, so the templates format them in
one place (Dutch by default, English after the switch).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from weerbaar.model import NodeKind, PartyKind
from weerbaar.scoring import ImpactClass, LikelihoodClass


@dataclass(frozen=True)
class Breach:
    """A node down longer than its MTPD; ``still_down`` when still down at the horizon."""

    process: str
    outage: float
    mtpd: float
    still_down: bool

    @property
    def excess(self) -> float:
        return self.outage - self.mtpd


@dataclass(frozen=True)
class RiskRow:
    """One scenario scored: likelihood, impact, expected risk and what happens.

    ``classes`` holds the impact class per criterion of the profile, in the
    profile's order (None: no impact on that criterion).
    """

    number: int
    id: str
    label: str
    likelihood: str | None
    likelihood_class: LikelihoodClass | None
    score: float
    expected: float
    vital_down: int
    nodes_down: int
    worst_breach: Breach | None
    breaches: int
    classes: tuple[ImpactClass | None, ...]

    @property
    def likelihood_name(self) -> str:
        """The likelihood class's name in the active language (rows outlive a request)."""
        lc = self.likelihood_class
        return "" if lc is None else lc.label(get_language())


@dataclass(frozen=True)
class CriterionName:
    """A criterion of the profile as a legend shows it, named in the active language."""

    id: str
    number: str
    name: str


@dataclass(frozen=True)
class CriticalRow:
    """A node and what its permanent failure takes down (itself not counted)."""

    id: str
    label: str
    kind: NodeKind
    party_id: str | None
    party: str
    vital: int
    total: int


@dataclass(frozen=True)
class Spof:
    """One single point of failure of a vital process, with who runs it."""

    label: str
    kind: NodeKind
    party: str


@dataclass(frozen=True)
class SpofRow:
    process: str
    points: tuple[Spof, ...]


@dataclass(frozen=True)
class PartyRow:
    """A chain partner and the vital processes that stop when all its nodes fail.

    ``down`` counts every node that goes down with them, the party's own
    nodes included; it breaks ties in the ranking.
    """

    id: str
    label: str
    kind: PartyKind
    maturity: int | None
    nodes: int
    down: int
    processes: tuple[str, ...]


@dataclass(frozen=True)
class ScenarioDelta:
    """One scenario's score and expected risk without and with a measure."""

    label: str
    score_before: float
    score_after: float
    expected_before: float
    expected_after: float

    @property
    def changed(self) -> bool:
        return (self.score_before, self.expected_before) != (self.score_after, self.expected_after)


@dataclass(frozen=True)
class MeasureRow:
    """A measure: yearly cost, expected risk reduction (total and per €1000)."""

    id: str
    label: str
    cost: float
    reduction: float
    per_1000: float | None
    scenarios: tuple[ScenarioDelta, ...]


@dataclass(frozen=True)
class TimedRow:
    """What one node's failure for a chosen duration takes down, tolerances counted."""

    id: str
    label: str
    kind: NodeKind
    party: str
    vital: int
    total: int
    breaches: int
