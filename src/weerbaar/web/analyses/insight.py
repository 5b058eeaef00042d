"""What the decision pages show, computed once per stored map version.

A stored version never changes, so everything derived from it (scores,
criticality, partner ranking, measure effects) is kept in the one cache of
:mod:`weerbaar.web.analyses.cache` and computed lazily: the dashboard never
pays for the measures page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from functools import cached_property
from threading import Lock

from weerbaar.engine import SimulationResult, time_aware
from weerbaar.model import Node, Problem, RiskMap
from weerbaar.report import render_report
from weerbaar.scale.parties import party_impact
from weerbaar.scoring import (
    Assessment,
    Profile,
    assess_scenarios,
    check_criteria,
    default_profile,
    measure_effect,
    mtpd_breaches,
)
from weerbaar.web.analyses import cache
from weerbaar.web.analyses.criticality import Criticality, criticality
from weerbaar.web.insight.rows import (
    Breach,
    CriticalRow,
    MeasureRow,
    PartyRow,
    RiskRow,
    ScenarioDelta,
    Spof,
    SpofRow,
    TimedRow,
)
from weerbaar.web.maps import service
from weerbaar.web.maps.models import MapVersion


class Analysis:
    """Everything the decision pages compute from one map.

    Scoring needs the map to fit the methodology profile: when it does not,
    ``problems`` lists why and the scored parts (``risks``, ``measures``)
    must not be asked for; criticality and partners work regardless.
    """

    def __init__(self, m: RiskMap, profile: Profile | None = None) -> None:
        self.m = m
        self.profile = default_profile() if profile is None else profile
        self.problems: list[Problem] = check_criteria(m, self.profile)
        self.nodes = {n.id: n for n in m.nodes}
        self.party_labels = {p.id: p.label for p in m.parties}
        self._timed: dict[float, list[TimedRow]] = {}
        self._timed_lock = Lock()
        self._report: tuple[date, str] | None = None

    @property
    def scorable(self) -> bool:
        return not self.problems

    def party_of(self, node: Node) -> str:
        if node.party is None:
            return ""
        return self.party_labels.get(node.party, node.party)

    # -- scenarios ----------------------------------------------------------

    @cached_property
    def _assessed(self) -> list[tuple[SimulationResult, Assessment]]:
        return assess_scenarios(self.m, self.profile)

    @cached_property
    def risks(self) -> list[RiskRow]:
        """Every scenario, highest expected risk first (numbered as in the report)."""
        ranked = sorted(
            enumerate(self._assessed), key=lambda p: (-p[1][1].expected, -p[1][1].score, p[0])
        )
        return [self._risk(i + 1, r, a) for i, (_, (r, a)) in enumerate(ranked)]

    def _risk(self, number: int, result: SimulationResult, a: Assessment) -> RiskRow:
        breaches = [
            Breach(
                self.nodes[b.node].label,
                b.outage,
                b.mtpd,
                result.down[b.node][-1][1] is None,
            )
            for b in a.breaches
        ]
        # The breach that overshoots its MTPD most is the one to tell the college.
        worst = max(breaches, key=lambda b: (b.excess, b.process), default=None)
        likelihood_class = None
        for lc in self.profile.likelihoods:
            if lc.letter == a.likelihood:
                likelihood_class = lc
        return RiskRow(
            number=number,
            id=a.scenario,
            label=self.m.scenario(a.scenario).label,
            likelihood=a.likelihood,
            likelihood_class=likelihood_class,
            score=a.score,
            expected=a.expected,
            vital_down=sum(self.nodes[v].vital for v in result.down),
            nodes_down=len(result.down),
            worst_breach=worst,
            breaches=len(breaches),
            classes=tuple(c.cls for c in a.criteria),
        )

    # -- criticality --------------------------------------------------------

    @cached_property
    def structural(self) -> Criticality:
        return criticality(self.m)

    @cached_property
    def critical(self) -> list[CriticalRow]:
        """Every node by the vital processes, then all nodes, its permanent failure takes down."""
        c = self.structural
        vital, total = c.vital_down.tolist(), c.down.tolist()
        rows = []
        for i in c.order():
            node = self.nodes[c.ids[i]]
            rows.append(
                CriticalRow(
                    node.id,
                    node.label,
                    node.kind,
                    node.party,
                    self.party_of(node),
                    vital[i],
                    total[i],
                )
            )
        return rows

    @cached_property
    def spofs(self) -> list[SpofRow]:
        """Per vital process the nodes whose failure alone takes it down."""
        rows = []
        for proc in self.m.vital_processes:
            points = [self.nodes[x] for x in self.structural.single_points[proc.id]]
            rows.append(
                SpofRow(
                    proc.label,
                    tuple(
                        Spof(n.label, n.kind, self.party_of(n))
                        for n in sorted(points, key=lambda n: n.label.lower())
                    ),
                )
            )
        return sorted(rows, key=lambda r: (-len(r.points), r.process.lower()))

    def timed(self, duration: float) -> list[TimedRow]:
        """Every node failing for ``duration`` hours in turn, tolerances counted.

        Runs one simulation per node: callers keep this to maps of at most
        ``settings.INLINE_NODE_LIMIT`` nodes in a request.
        """
        with self._timed_lock:
            if duration in self._timed:
                return self._timed[duration]
        rows = []
        with_mtpd = [n for n in self.m.nodes if n.mtpd is not None]
        for impact in time_aware(self.m, duration):
            node = self.nodes[impact.node]
            down = impact.down
            breaches = mtpd_breaches(with_mtpd, impact.result)
            rows.append(
                TimedRow(
                    node.id,
                    node.label,
                    node.kind,
                    self.party_of(node),
                    sum(self.nodes[v].vital for v in down),
                    len(down),
                    sum(b.node != node.id for b in breaches),
                )
            )
        rows.sort(key=lambda r: (-r.vital, -r.breaches, -r.total, r.label.lower()))
        with self._timed_lock:
            self._timed[duration] = rows
        return rows

    # -- the report ---------------------------------------------------------

    def report(self, day: date) -> str:
        """The self-contained HTML report, dated ``day`` (the last one is kept)."""
        kept = self._report
        if kept is not None and kept[0] == day:
            return kept[1]
        html = render_report(self.m, self.profile, generated=datetime(day.year, day.month, day.day))
        self._report = (day, html)
        return html

    # -- chain partners -----------------------------------------------------

    @cached_property
    def partners(self) -> list[PartyRow]:
        """Parties by the vital processes that stop when all their nodes fail."""
        own = Counter(node.party for node in self.m.nodes)
        rows = []
        # One bit-parallel pass over all parties, as `weerbaar parties` does.
        for impact in party_impact(self.m):
            party = self.m.party(impact.party)
            hit = sorted((self.nodes[v].label for v in impact.processes), key=str.lower)
            rows.append(
                PartyRow(
                    party.id,
                    party.label,
                    party.kind,
                    party.maturity,
                    own.get(party.id, 0),
                    impact.nodes,
                    tuple(hit),
                )
            )
        # Ties on vital processes go to the party that takes more of the map
        # down with it, then to the one that runs more of it.
        return sorted(rows, key=lambda r: (-len(r.processes), -r.down, -r.nodes, r.label.lower()))

    # -- measures -----------------------------------------------------------

    @cached_property
    def measures(self) -> list[MeasureRow]:
        """Every measure, best expected-risk reduction per euro first."""
        titles = {sc.id: sc.label for sc in self.m.scenarios}
        rows = []
        for measure in self.m.measures:
            effect = measure_effect(self.m, measure.id, self.profile)
            rows.append(
                MeasureRow(
                    measure.id,
                    measure.label,
                    effect.cost,
                    effect.reduction,
                    effect.reduction_per_1000,
                    _changed_first(
                        ScenarioDelta(
                            titles[e.scenario],
                            e.score_before,
                            e.score_after,
                            e.expected_before,
                            e.expected_after,
                        )
                        for e in effect.scenarios
                    ),
                )
            )
        # A measure without cost has no ratio: it goes after those that have one.
        return sorted(
            rows,
            key=lambda r: (r.per_1000 is None, -(r.per_1000 or 0.0), -r.reduction, r.label.lower()),
        )


def _changed_first(deltas: Iterable[ScenarioDelta]) -> tuple[ScenarioDelta, ...]:
    """The scenarios a measure changes, biggest reduction first, then the rest in map order."""
    items = list(deltas)
    changed = sorted(
        (d for d in items if d.changed), key=lambda d: d.expected_after - d.expected_before
    )
    return (*changed, *(d for d in items if not d.changed))


def analysis_of(version: MapVersion) -> Analysis:
    """The (cached) analysis of a stored version."""
    return cache.remembered(version, "insight", lambda: Analysis(service.to_model(version)))
