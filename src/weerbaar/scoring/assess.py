"""Score a simulated scenario on the criteria of a methodology profile.

The method is described in ``docs/scoring.md``. In short: every node with an
``impact`` turns its longest continuous outage (steps, levels) and its total
down time (``per_day``, accumulating) into quantities per criterion; the
quantities of all nodes are summed per criterion and classified; the score
is the weighted sum of the class points, and the expected risk is the score
times the yearly probability of the scenario's likelihood class.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from weerbaar.i18n import _
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.measures import apply_measure
from weerbaar.model.riskmap import AddNode, Impact, Node, RiskMap, SetLikelihood
from weerbaar.scoring.profile import ImpactClass, Profile, class_rank, default_profile

if TYPE_CHECKING:
    from weerbaar.engine.simulate import SimulationResult


@dataclass(frozen=True)
class CriterionResult:
    """The outcome on one criterion: summed quantity, class and points."""

    criterion: str
    quantity: float
    cls: ImpactClass | None
    points: float
    weight: float

    @property
    def score(self) -> float:
        """This criterion's part of the score: weight × points."""
        return self.weight * self.points


@dataclass(frozen=True)
class MtpdBreach:
    """A node down for longer than its maximum tolerable period of disruption.

    ``outage`` is the node's longest continuous outage and ``breached_at`` the
    moment the first outage longer than ``mtpd`` passed it (hours).
    """

    node: str
    mtpd: float
    outage: float
    first_down: float
    breached_at: float


@dataclass(frozen=True)
class Contribution:
    """A node's share of the score: ``score`` points, ``share`` of the total."""

    node: str
    score: float
    share: float


@dataclass(frozen=True)
class Assessment:
    """The scored outcome of one scenario."""

    scenario: str
    likelihood: str | None
    criteria: tuple[CriterionResult, ...]
    score: float
    expected: float
    breaches: tuple[MtpdBreach, ...] = ()
    contributions: tuple[Contribution, ...] = ()

    def criterion(self, criterion_id: str) -> CriterionResult:
        for c in self.criteria:
            if c.criterion == criterion_id:
                return c
        raise KeyError(criterion_id)


@dataclass(frozen=True)
class ScenarioEffect:
    """One scenario's score and expected risk without and with a measure."""

    scenario: str
    score_before: float
    score_after: float
    expected_before: float
    expected_after: float

    @property
    def reduction(self) -> float:
        return self.expected_before - self.expected_after


@dataclass(frozen=True)
class MeasureEffect:
    """What a measure does to the expected risk of all scenarios, and per euro.

    ``reduction_per_1000`` is the expected-risk reduction per €1000 of yearly
    cost; None for a measure without cost.
    """

    measure: str
    cost: float
    scenarios: tuple[ScenarioEffect, ...]
    reduction: float
    reduction_per_1000: float | None


# -- one node ----------------------------------------------------------------


def node_impact(
    impact: Impact, longest: float, downtime: float
) -> tuple[dict[str, float], dict[str, str]]:
    """Quantities and directly given classes of one node's outage.

    A step is reached when the longest continuous outage lasts at least its
    ``after``; a criterion takes its level from the last reached step that
    names it (levels do not add up). ``per_day`` rates accumulate over the
    total down time. A node that was never down has no impact.

    Examples
    --------
    >>> from weerbaar.model import Impact, ImpactStep
    >>> impact = Impact(per_day={"costs": 1000.0}, steps=(
    ...     ImpactStep(0.0, {"daily_life": 50.0}), ImpactStep(24.0, {"daily_life": 80.0})))
    >>> node_impact(impact, longest=30.0, downtime=36.0)
    ({'daily_life': 80.0, 'costs': 1500.0}, {})
    """
    if longest <= 0:
        return {}, {}
    quantities: dict[str, float] = {}
    classes: dict[str, str] = {}
    for step in sorted(impact.steps, key=lambda s: s.after):
        if step.after > longest:
            break
        quantities.update(step.quantities)
        for cid, cls in step.classes.items():
            if class_rank(cls) > class_rank(classes.get(cid)):
                classes[cid] = cls
    for cid, rate in impact.per_day.items():
        quantities[cid] = quantities.get(cid, 0.0) + rate * downtime / 24
    return quantities, classes


# -- one scenario ------------------------------------------------------------


def assess(m: RiskMap, result: SimulationResult, profile: Profile | None = None) -> Assessment:
    """Score one simulated scenario.

    Parameters
    ----------
    m : RiskMap
        The map that was simulated (its impacts, MTPDs and likelihoods).
    result : SimulationResult
        The simulation of one of its scenarios (``simulate(m, scenario)``).
    profile : Profile, optional
        The methodology profile; default the shipped one.

    Raises
    ------
    MapError
        When the map uses criteria or likelihood classes the profile lacks
        (see :func:`check_criteria`).
    """
    profile = default_profile() if profile is None else profile
    _require_consistent(m, profile)
    return _assess(m, result, profile)


def _assess(m: RiskMap, result: SimulationResult, profile: Profile) -> Assessment:
    impacts = {
        n.id: node_impact(n.impact, result.longest_outage(n.id), result.downtime(n.id))
        for n in m.nodes
        if n.impact is not None
    }
    shares: dict[str, float] = defaultdict(float)
    results: list[CriterionResult] = []
    for c in profile.criteria:
        quantity = {node: q[c.id] for node, (q, _) in impacts.items() if q.get(c.id, 0.0) > 0}
        direct = {node: k[c.id] for node, (_, k) in impacts.items() if c.id in k}
        total = sum(quantity.values(), 0.0)
        from_quantity = c.classify(total)
        top = max([from_quantity, *direct.values()], key=class_rank)
        cls = None if top is None else ImpactClass(top)
        points = profile.points_of(cls)
        results.append(CriterionResult(c.id, total, cls, points, c.weight))
        part = c.weight * points
        if part == 0:
            continue
        # Who drives this criterion: the nodes whose quantities make the class
        # (in proportion), else the nodes that gave the class directly.
        if from_quantity == cls:
            for node, q in quantity.items():
                shares[node] += part * q / total
        else:
            drivers = [node for node, k in direct.items() if k == cls]
            for node in drivers:
                shares[node] += part / len(drivers)
    score = sum(r.score for r in results)
    likelihood = _likelihood(m, result.scenario)
    expected = 0.0 if likelihood is None else score * profile.likelihood(likelihood).yearly
    contributions = tuple(
        Contribution(node, s, s / score)
        for node, s in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return Assessment(
        scenario=result.scenario,
        likelihood=likelihood,
        criteria=tuple(results),
        score=score,
        expected=expected,
        breaches=mtpd_breaches(m.nodes, result),
        contributions=contributions,
    )


def _likelihood(m: RiskMap, scenario_id: str) -> str | None:
    try:
        return m.scenario(scenario_id).likelihood
    except KeyError:  # simulated from bare failures, not a scenario of the map
        return None


def mtpd_breaches(nodes: Sequence[Node], result: SimulationResult) -> tuple[MtpdBreach, ...]:
    """Every node with an MTPD whose longest outage is strictly longer than it."""
    out: list[MtpdBreach] = []
    for n in nodes:
        if n.mtpd is None:
            continue
        longest = result.longest_outage(n.id)
        if longest <= n.mtpd:
            continue
        start = next(
            a for a, b in result.down[n.id] if (result.horizon if b is None else b) - a > n.mtpd
        )
        first = result.first_down(n.id)
        assert first is not None  # it has an outage
        out.append(MtpdBreach(n.id, n.mtpd, longest, first, start + n.mtpd))
    return tuple(sorted(out, key=lambda b: (b.breached_at, b.node)))


def assess_scenarios(
    m: RiskMap, profile: Profile | None = None
) -> list[tuple[SimulationResult, Assessment]]:
    """Simulate and score every scenario of the map, in the map's order."""
    profile = default_profile() if profile is None else profile
    _require_consistent(m, profile)
    return _assess_all(m, profile)


def _assess_all(m: RiskMap, profile: Profile) -> list[tuple[SimulationResult, Assessment]]:
    # Imported here: `weerbaar check` only checks the criteria, and the
    # engine's import (numpy, scipy) was a tenth of its time on a large map.
    from weerbaar.engine.simulate import simulate

    out: list[tuple[SimulationResult, Assessment]] = []
    for scenario in m.scenarios:
        result = simulate(m, scenario)
        out.append((result, _assess(m, result, profile)))
    return out


# -- measures ----------------------------------------------------------------


def measure_effect(m: RiskMap, measure_id: str, profile: Profile | None = None) -> MeasureEffect:
    """Re-run every scenario with a measure applied and compare expected risk.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... nodes:
    ...   - {id: net}
    ...   - {id: loket, requires: [net], impact: {per_day: {costs: 100000}}}
    ... scenarios: [{id: s, likelihood: D, failures: [{node: net, duration: 2d}]}]
    ... measures:
    ...   - id: buffer
    ...     cost: 5000
    ...     changes: [{add_tolerance: {node: loket, requirement: net, tolerance: 3d}}]
    ... ''')
    >>> effect = measure_effect(m, "buffer")
    >>> round(effect.reduction, 4), round(effect.reduction_per_1000, 4)
    (0.006, 0.0012)
    """
    profile = default_profile() if profile is None else profile
    measure = m.measure(measure_id)
    _require_consistent(m, profile)
    before = _assess_all(m, profile)
    after = {a.scenario: a for _, a in _assess_all(apply_measure(m, measure), profile)}
    effects = tuple(
        ScenarioEffect(
            scenario=b.scenario,
            score_before=b.score,
            score_after=after[b.scenario].score,
            expected_before=b.expected,
            expected_after=after[b.scenario].expected,
        )
        for _, b in before
    )
    reduction = sum(e.reduction for e in effects)
    per_1000 = reduction / (measure.cost / 1000) if measure.cost > 0 else None
    return MeasureEffect(measure.id, measure.cost, effects, reduction, per_1000)


# -- the map against the profile ---------------------------------------------


def check_criteria(m: RiskMap, profile: Profile) -> list[Problem]:
    """Every place where the map uses what the profile does not have.

    Reports impact keys that are not criteria of the profile, quantities given
    for class-only criteria, and likelihood classes the profile lacks (in
    scenarios and in measures that change a likelihood), each at its line.
    """
    out: list[Problem] = []
    for i, n in enumerate(m.nodes):
        out += _check_impact(m, n.impact, ("nodes", i), profile)
    letters = {lc.letter for lc in profile.likelihoods}
    for i, me in enumerate(m.measures):
        for j, ch in enumerate(me.changes):
            path = ("measures", i, "changes", j)
            if isinstance(ch, AddNode):
                out += _check_impact(m, ch.node.impact, (*path, "add_node"), profile)
            elif isinstance(ch, SetLikelihood) and ch.likelihood not in letters:
                out.append(
                    _problem(
                        m,
                        (*path, "likelihood", "class"),
                        _unknown_likelihood(ch.likelihood, profile),
                    )
                )
    for i, sc in enumerate(m.scenarios):
        if sc.likelihood is not None and sc.likelihood not in letters:
            out.append(
                _problem(
                    m, ("scenarios", i, "likelihood"), _unknown_likelihood(sc.likelihood, profile)
                )
            )
    return sorted(out)


def _check_impact(
    m: RiskMap, impact: Impact | None, path: tuple[str | int, ...], profile: Profile
) -> list[Problem]:
    if impact is None:
        return []
    criteria = {c.id: c for c in profile.criteria}
    out: list[Problem] = []

    def check(where: tuple[str | int, ...], keys: Mapping[str, object], quantity: bool) -> None:
        for key in keys:
            c = criteria.get(key)
            if c is None:
                known = ", ".join(criteria)
                out.append(
                    _problem(
                        m,
                        (*where, key),
                        _(
                            "{key!r} is not a criterion of the profile {profile!r} (known: {known})"
                        ).format(key=key, profile=profile.id, known=known),
                    )
                )
            elif quantity and c.class_only:
                out.append(
                    _problem(
                        m,
                        (*where, key),
                        _(
                            "{key!r} is class-only in the profile {profile!r}: give a class A-E "
                            "in a step, not a quantity"
                        ).format(key=key, profile=profile.id),
                    )
                )

    check((*path, "impact", "per_day"), impact.per_day, quantity=True)
    for j, step in enumerate(impact.steps):
        where = (*path, "impact", "steps", j)
        check(where, step.quantities, quantity=True)
        check(where, step.classes, quantity=False)
    return out


def _unknown_likelihood(letter: str, profile: Profile) -> str:
    known = ", ".join(lc.letter for lc in profile.likelihoods)
    return _(
        "likelihood class {letter!r} is not in the profile {profile!r} (known: {known})"
    ).format(letter=letter, profile=profile.id, known=known)


def _problem(m: RiskMap, path: tuple[str | int, ...], message: str) -> Problem:
    # Same lookup as RiskMap.where, but the line as a number for Problem.
    for end in range(len(path), -1, -1):
        line = m.lines.get(path[:end])
        if line is not None:
            return Problem(m.source, line, message, path=path)
    return Problem(m.source, 0, message, path=path)


def _require_consistent(m: RiskMap, profile: Profile) -> None:
    # Scoring a map against criteria it does not use would silently drop
    # impact; refuse instead.
    problems = check_criteria(m, profile)
    if problems:
        raise MapError(problems)
