"""Escalation: when the crisis organisation scales up (GRIP) and who decides.

The impact of a cascade over time (:class:`ImpactCurve`: noticed nodes
down, vital processes down, people affected, an MTPD breached) is
compared with the municipality's *criteria* per GRIP level; where a level
is first reached, the exercise gets a decision point for the team that
decides at that level (IT crisis team, CoPI, ROT, GBT, RBT). The defaults
below are a starting point; an exercise file may set its own
(``escalation:``).

Examples
--------
>>> from weerbaar.model import parse_map
>>> from weerbaar.engine.simulate import simulate
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: net, kind: infrastructure, owner: it}
...   - {id: a, kind: process, vital: true, served: 8000, requires: [net]}
...   - {id: b, kind: process, vital: true, served: 30000, requires: [{node: net, tolerance: 3h}]}
... scenarios: [{id: s, failures: [{node: net, duration: 10h}]}]
... ''')
>>> curve = ImpactCurve.of(m, simulate(m, "s"))
>>> [(p.level, p.scenario_at) for p in escalation_points(curve)]
[(2, 0.0), (3, 3.0), (None, 10.0)]
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.simulate import SimulationResult
from weerbaar.exercise.owners import is_noticed
from weerbaar.exercise.records import Team
from weerbaar.model.riskmap import RiskMap


@dataclass(frozen=True)
class GripCriterion:
    """GRIP ``level`` is reached when any of the given conditions holds."""

    level: int
    team: Team
    nodes_down: int | None = None
    vital_processes: int | None = None
    people: int | None = None
    mtpd_breached: bool = False


DEFAULT_CRITERIA: tuple[GripCriterion, ...] = (
    GripCriterion(0, Team.IT_CRISISTEAM, nodes_down=1),
    GripCriterion(1, Team.COPI, vital_processes=1),
    GripCriterion(2, Team.ROT, vital_processes=2, people=5_000),
    GripCriterion(3, Team.GBT, vital_processes=4, people=20_000, mtpd_breached=True),
    GripCriterion(4, Team.RBT, people=100_000),
    GripCriterion(5, Team.RBT, people=1_000_000),
)


@dataclass(frozen=True)
class ImpactCurve:
    """The impact as a step function of scenario time, known at its breakpoints ``times``.

    Arrays are per vital process (``start``, ``end`` with ``inf`` for open,
    ``served``) and per noticed node (``node_start``, ``node_end``).
    """

    times: npt.NDArray[np.float64]
    start: npt.NDArray[np.float64]
    end: npt.NDArray[np.float64]
    served: npt.NDArray[np.float64]
    breach: npt.NDArray[np.float64]
    node_start: npt.NDArray[np.float64]
    node_end: npt.NDArray[np.float64]

    @classmethod
    def of(cls, m: RiskMap, result: SimulationResult, ignore: Collection[str] = ()) -> ImpactCurve:
        vital: list[tuple[float, float, float, float]] = []
        nodes: list[tuple[float, float]] = []
        for node_id, intervals in result.down.items():
            if node_id in ignore or not is_noticed(m, node_id):
                continue
            node = m.node(node_id)
            for a, b in intervals:
                end = np.inf if b is None else b
                nodes.append((a, end))
                if node.vital:
                    breach = a + node.mtpd if node.mtpd and a + node.mtpd < end else np.inf
                    vital.append((a, end, float(node.served or 0), breach))
        v = np.array(vital, dtype=np.float64).reshape(-1, 4)
        n = np.array(nodes, dtype=np.float64).reshape(-1, 2)
        points = np.concatenate([v[:, 0], v[:, 1], v[:, 3], n[:, 0], n[:, 1]])
        times = np.unique(points[np.isfinite(points)])
        return cls(times, v[:, 0], v[:, 1], v[:, 2], v[:, 3], n[:, 0], n[:, 1])

    def _down(
        self, start: npt.NDArray[np.float64], end: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.bool_]:
        t = self.times[:, None]
        result: npt.NDArray[np.bool_] = (start[None, :] <= t) & (t < end[None, :])
        return result

    @property
    def vital_down(self) -> npt.NDArray[np.int64]:
        counts: npt.NDArray[np.int64] = self._down(self.start, self.end).sum(axis=1)
        return counts

    @property
    def people(self) -> npt.NDArray[np.float64]:
        result: npt.NDArray[np.float64] = self._down(self.start, self.end) @ self.served
        return result

    @property
    def nodes_down(self) -> npt.NDArray[np.int64]:
        counts: npt.NDArray[np.int64] = self._down(self.node_start, self.node_end).sum(axis=1)
        return counts

    @property
    def breached(self) -> npt.NDArray[np.bool_]:
        flags: npt.NDArray[np.bool_] = np.asarray(
            (self.breach[None, :] <= self.times[:, None]).any(axis=1), dtype=bool
        )
        return flags

    def first(self, holds: npt.NDArray[np.bool_]) -> float | None:
        """The first breakpoint at which ``holds`` (one flag per breakpoint) is true."""
        hit = np.flatnonzero(holds)
        return float(self.times[hit[0]]) if hit.size else None

    def outage_reaches(self, hours: float) -> float | None:
        """When a vital process has first been down for ``hours`` without a break."""
        t = self.start + hours
        ok = t < self.end
        return float(t[ok].min()) if ok.any() else None


@dataclass(frozen=True)
class EscalationPoint:
    """A decision point: scale up to ``level``, or down (``level`` None) when all is back."""

    scenario_at: float
    level: int | None
    team: Team


def escalation_points(
    curve: ImpactCurve, criteria: Sequence[GripCriterion] = DEFAULT_CRITERIA
) -> list[EscalationPoint]:
    """Where each level is first reached, in order; a final scale-down when all is back up."""
    out: list[EscalationPoint] = []
    if not curve.times.size:
        return out
    nodes, vital, people, breached = (
        curve.nodes_down,
        curve.vital_down,
        curve.people,
        curve.breached,
    )
    reached = -1
    for c in sorted(criteria, key=lambda c: c.level):
        holds = np.zeros(curve.times.size, dtype=bool)
        if c.nodes_down is not None:
            holds |= nodes >= c.nodes_down
        if c.vital_processes is not None:
            holds |= vital >= c.vital_processes
        if c.people is not None:
            holds |= people >= c.people
        if c.mtpd_breached:
            holds |= breached
        at = curve.first(holds)
        if at is not None:
            # A higher level is never decided before a lower one, and levels
            # reached at one moment are one decision: straight to the highest.
            at = max(at, out[-1].scenario_at) if out else at
            if out and out[-1].scenario_at == at:
                out.pop()
            out.append(EscalationPoint(at, c.level, c.team))
            reached = c.level
    busy = np.flatnonzero(nodes > 0)
    if reached >= 0 and busy.size and busy[-1] + 1 < curve.times.size:
        back = float(curve.times[busy[-1] + 1])
        if back > out[-1].scenario_at:
            # The team that leads at the highest level reached decides to scale down.
            out.append(EscalationPoint(back, None, out[-1].team))
    return out
