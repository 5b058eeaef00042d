"""The risk-based budget: which measures lower the expected yearly risk the most.

Given the measures of a map with their yearly cost, every combination has a
cost and an expected yearly risk over all scenarios (the sum of each
scenario's score times its yearly likelihood, as :mod:`weerbaar.scoring`
defines it). Measures interact — two internet lines are not twice one — so
a combination's risk comes from simulating the map with all of its measures
applied, never from adding single effects.

**Exact** (up to :data:`MAX_EXACT` candidates): every combination. Two facts
keep the number of simulations down without changing the answer:

- a scenario only reacts to the measures that touch it: a change to a node
  that cannot go down in the scenario (not downstream of its failures, even
  with every measure applied), to a requirement none of whose members can
  go down, or to another scenario does nothing there, so each scenario is
  simulated once per subset of *its* measures;
- a measure that only lowers a scenario's likelihood class leaves the
  simulation as it is, so it multiplies the score instead of re-simulating.

**Greedy** (above that, or when asked): start from no measure and add, step
by step, the measure with the largest reduction of the combined risk per
euro (a free measure first), each step simulated with the measures already
chosen; the best single affordable measure is kept when it beats the greedy
answer. bench/budget.py measures its gap to the exact answer.

The *efficient frontier* is every combination for which no other costs at
most as much and has lower risk; the greedy frontier is its path.

Examples
--------
>>> from weerbaar.model import parse_map
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: net}
...   - {id: loket, requires: [net], impact: {per_day: {costs: 400000}}}
... scenarios: [{id: s, likelihood: D, failures: [{node: net, duration: 2d}]}]
... measures:
...   - id: buffer
...     cost: 5000
...     changes: [{add_tolerance: {node: loket, requirement: net, tolerance: 3d}}]
...   - {id: korter, cost: 2000, changes: [{scenario_duration: {scenario: s, duration: 12h}}]}
... ''')
>>> r = plan_budget(m, 4000)
>>> r.method.value, r.best.measures, [(p.measures, p.cost) for p in r.frontier]
('exact', ('korter',), [((), 0.0), (('korter',), 2000.0), (('buffer',), 5000.0)])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from weerbaar.engine import simulate
from weerbaar.i18n import _
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.measures import apply_measure
from weerbaar.model.riskmap import (
    AddAlternative,
    AddNode,
    AddTolerance,
    Measure,
    RiskMap,
    ScenarioDuration,
    SetLikelihood,
    SetRestart,
)
from weerbaar.scale.distributed import LocalPool, Pool
from weerbaar.scoring.assess import assess, check_criteria
from weerbaar.scoring.profile import Profile, default_profile

#: Most candidate measures searched exactly (2**15 combinations).
MAX_EXACT = 15

#: One simulation: a scenario with some measures applied, in candidate order.
Task = tuple[str, tuple[str, ...]]


class Method(StrEnum):
    EXACT = "exact"
    GREEDY = "greedy"


@dataclass(frozen=True)
class Portfolio:
    """A combination of measures, its yearly cost and the expected yearly risk left."""

    measures: tuple[str, ...]
    cost: float
    risk: float


@dataclass(frozen=True)
class BudgetResult:
    """The best combination within ``budget``, and the frontier it lies on."""

    budget: float
    method: Method
    baseline: float
    best: Portfolio
    frontier: tuple[Portfolio, ...]
    candidates: tuple[str, ...]
    simulations: int

    def to_json(self) -> dict[str, object]:
        def row(p: Portfolio) -> dict[str, object]:
            return {"measures": list(p.measures), "cost": p.cost, "risk": p.risk}

        return {
            "budget": self.budget,
            "method": self.method.value,
            "baseline_risk": self.baseline,
            "best": row(self.best),
            "frontier": [row(p) for p in self.frontier],
            "candidates": list(self.candidates),
            "simulations": self.simulations,
        }


def score_task(shared: tuple[RiskMap, Profile], task: Task) -> float:
    """The score of one scenario with some measures applied."""
    m, profile = shared
    scenario, measures = task
    for measure in measures:
        m = apply_measure(m, measure)
    return assess(m, simulate(m, scenario), profile).score


@dataclass(frozen=True)
class _Touch:
    """Which candidates a scenario reacts to: simulated, and likelihood only."""

    simulated: tuple[int, ...]
    likelihood: tuple[tuple[int, str], ...]


def touches(m: RiskMap, candidates: Sequence[Measure]) -> dict[str, _Touch]:
    """Per scenario, the candidates that change its simulation or only its likelihood."""
    union = m
    for me in candidates:
        union = apply_measure(union, me)
    dependents: dict[str, set[str]] = {}
    for n in union.nodes:
        for req in n.requires:
            for member in req.members:
                dependents.setdefault(member, set()).add(n.id)
    out = {}
    for sc in m.scenarios:
        reach = {f.node for f in sc.failures}
        todo = list(reach)
        while todo:
            for d in dependents.get(todo.pop(), ()):
                if d not in reach:
                    reach.add(d)
                    todo.append(d)
        simulated, likelihood = [], []
        for i, me in enumerate(candidates):
            if _simulated(me, sc.id, reach, union):
                simulated.append(i)
            else:
                likelihood += [
                    (i, c.likelihood)
                    for c in me.changes
                    if isinstance(c, SetLikelihood) and c.scenario == sc.id
                ]
        out[sc.id] = _Touch(tuple(simulated), tuple(likelihood))
    return out


def _simulated(me: Measure, scenario: str, reach: set[str], union: RiskMap) -> bool:
    for c in me.changes:
        if isinstance(c, ScenarioDuration) and c.scenario == scenario:
            return True
        if isinstance(c, SetRestart) and c.node in reach:
            return True
        # A requirement none of whose members can go down never goes unmet,
        # whatever its tolerance or alternatives.
        if isinstance(c, AddTolerance | AddAlternative) and c.node in reach:
            req = next(r for r in union.node(c.node).requires if c.requirement in r.members)
            if reach.intersection(req.members):
                return True
        if isinstance(c, AddNode) and c.node.id in reach:
            return True
    return False


class _Evaluator:
    """Expected yearly risk of combinations, simulating each scenario subset once."""

    def __init__(
        self,
        m: RiskMap,
        profile: Profile,
        candidates: Sequence[Measure],
        pool: Pool,
        progress: Callable[[Task], None] | None,
    ) -> None:
        self.m, self.profile, self.candidates = m, profile, list(candidates)
        self.pool, self.progress = pool, progress
        self.touch = touches(m, candidates)
        self.scores: dict[Task, float] = {}

    def task(self, scenario: str, chosen: frozenset[int]) -> Task:
        own = [i for i in self.touch[scenario].simulated if i in chosen]
        return scenario, tuple(self.candidates[i].id for i in own)

    def run(self, tasks: list[Task]) -> None:
        todo = list(dict.fromkeys(t for t in tasks if t not in self.scores))
        results = self.pool.map(score_task, (self.m, self.profile), todo, self.progress)
        self.scores.update(zip(todo, results, strict=True))

    def yearly(self, scenario: str, chosen: frozenset[int]) -> float:
        letter = self.m.scenario(scenario).likelihood
        for i, new in self.touch[scenario].likelihood:
            if i in chosen and (letter is None or new < letter):
                letter = new
        return 0.0 if letter is None else self.profile.likelihood(letter).yearly

    def risks(self, combos: list[frozenset[int]]) -> list[float]:
        self.run([self.task(sc.id, c) for c in combos for sc in self.m.scenarios])
        return [
            sum(self.scores[self.task(sc.id, c)] * self.yearly(sc.id, c) for sc in self.m.scenarios)
            for c in combos
        ]

    def portfolio(self, chosen: frozenset[int], risk: float) -> Portfolio:
        picked = [self.candidates[i] for i in sorted(chosen)]
        return Portfolio(tuple(p.id for p in picked), float(sum(p.cost for p in picked)), risk)


def plan_budget(
    m: RiskMap,
    budget: float,
    profile: Profile | None = None,
    *,
    measures: Sequence[str] | None = None,
    method: Method | None = None,
    pool: Pool | None = None,
    progress: Callable[[Task], None] | None = None,
) -> BudgetResult:
    """The combination of measures within ``budget`` that leaves the least expected risk.

    ``measures`` limits the candidates (default: every measure of the map);
    ``method`` forces a method (default: exact up to :data:`MAX_EXACT`
    candidates, greedy above).

    Raises
    ------
    MapError
        For an unknown measure id, a negative budget, or criteria the profile lacks.
    """
    profile = default_profile() if profile is None else profile
    problems = check_criteria(m, profile)
    known = {me.id for me in m.measures}
    ids = list(dict.fromkeys(measures)) if measures is not None else [me.id for me in m.measures]
    problems += [
        Problem("--measure", 0, _("the map has no measure {id!r}").format(id=i))
        for i in ids
        if i not in known
    ]
    if budget < 0:
        problems.append(
            Problem("--budget", 0, _("the budget {amount:g} is negative").format(amount=budget))
        )
    if method is Method.EXACT and len(ids) > MAX_EXACT:
        problems.append(
            Problem(
                "--method",
                0,
                _("exact search takes at most {most} measures, not {n}").format(
                    most=MAX_EXACT, n=len(ids)
                ),
            )
        )
    if problems:
        raise MapError(problems)
    candidates = [m.measure(i) for i in ids]
    ev = _Evaluator(m, profile, candidates, pool or LocalPool(), progress)
    chosen_method = method or (Method.EXACT if len(candidates) <= MAX_EXACT else Method.GREEDY)
    if chosen_method is Method.EXACT:
        frontier = _exact_frontier(ev)
        affordable = [p for p in frontier if p.cost <= budget]
        best = affordable[-1]
    else:
        frontier, best = _greedy(ev, budget)
    baseline = frontier[0].risk
    return BudgetResult(
        budget, chosen_method, baseline, best, tuple(frontier), tuple(ids), len(ev.scores)
    )


def _exact_frontier(ev: _Evaluator) -> list[Portfolio]:
    n = len(ev.candidates)
    masks = np.arange(1 << n, dtype=np.int64)
    bits = (masks[:, None] >> np.arange(n)) & 1
    cost = bits @ np.array([c.cost for c in ev.candidates], dtype=float)
    risk = np.zeros(1 << n)
    tasks = []
    for sc in ev.m.scenarios:
        own = ev.touch[sc.id].simulated
        tasks += [ev.task(sc.id, frozenset(_subset(own, k))) for k in range(1 << len(own))]
    ev.run(tasks)
    for sc in ev.m.scenarios:
        touch = ev.touch[sc.id]
        own = touch.simulated
        scores = np.array(
            [ev.scores[ev.task(sc.id, frozenset(_subset(own, k)))] for k in range(1 << len(own))]
        )
        index = np.zeros(1 << n, dtype=np.int64)
        for j, i in enumerate(own):
            index |= bits[:, i] << j
        risk += scores[index] * _yearly_all(ev, sc.id, touch, bits)
    order = np.lexsort((bits.sum(axis=1), risk, cost))
    frontier: list[Portfolio] = []
    for k in order.tolist():
        if frontier and risk[k] >= frontier[-1].risk - 1e-12:
            continue
        frontier.append(ev.portfolio(frozenset(np.flatnonzero(bits[k]).tolist()), float(risk[k])))
    return frontier


def _subset(items: Sequence[int], mask: int) -> list[int]:
    return [x for j, x in enumerate(items) if mask >> j & 1]


def _yearly_all(
    ev: _Evaluator, scenario: str, touch: _Touch, bits: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """The yearly likelihood of ``scenario`` under every combination."""
    base = ev.m.scenario(scenario).likelihood
    letters = sorted({letter for _, letter in touch.likelihood} | ({base} if base else set()))
    # Rank of the lowest class applied; past the end means no class at all.
    rank = np.full(len(bits), letters.index(base) if base else len(letters), dtype=np.int64)
    for i, letter in touch.likelihood:
        rank = np.where(bits[:, i] == 1, np.minimum(rank, letters.index(letter)), rank)
    yearly = np.array([ev.profile.likelihood(x).yearly for x in letters] + [0.0])
    out: npt.NDArray[np.float64] = yearly[rank]
    return out


def _greedy(ev: _Evaluator, budget: float) -> tuple[list[Portfolio], Portfolio]:
    everything = range(len(ev.candidates))
    cost = [c.cost for c in ev.candidates]

    def path(limit: float) -> list[Portfolio]:
        chosen: frozenset[int] = frozenset()
        (risk,) = ev.risks([chosen])
        steps = [ev.portfolio(chosen, risk)]
        spent = 0.0
        while True:
            options = [i for i in everything if i not in chosen and spent + cost[i] <= limit]
            if not options:
                return steps
            after = ev.risks([chosen | {i} for i in options])
            gain = [
                (risk - r) / cost[i] if cost[i] > 0 else float("inf") * (risk - r > 0)
                for i, r in zip(options, after, strict=True)
            ]
            k = max(range(len(options)), key=lambda j: (gain[j], -options[j]))
            if after[k] >= risk - 1e-12:
                return steps
            chosen, risk = chosen | {options[k]}, after[k]
            spent += cost[options[k]]
            steps.append(ev.portfolio(chosen, risk))

    frontier = path(float("inf"))
    within = path(budget)[-1]
    singles = [frozenset({i}) for i in everything if cost[i] <= budget]
    for single, risk in zip(singles, ev.risks(singles), strict=True):
        if risk < within.risk - 1e-12:
            within = ev.portfolio(single, risk)
    return frontier, within


def from_json(data: dict[str, object]) -> BudgetResult:
    """The result :meth:`BudgetResult.to_json` wrote (a background job keeps it so)."""

    def row(p: object) -> Portfolio:
        assert isinstance(p, dict)
        return Portfolio(tuple(p["measures"]), float(p["cost"]), float(p["risk"]))

    frontier = data["frontier"]
    candidates = data["candidates"]
    assert isinstance(frontier, list) and isinstance(candidates, list)
    return BudgetResult(
        budget=float(data["budget"]),  # type: ignore[arg-type]
        method=Method(str(data["method"])),
        baseline=float(data["baseline_risk"]),  # type: ignore[arg-type]
        best=row(data["best"]),
        frontier=tuple(row(p) for p in frontier),
        candidates=tuple(str(c) for c in candidates),
        simulations=int(data["simulations"]),  # type: ignore[call-overload]
    )


def at_budget(result: BudgetResult, budget: float) -> BudgetResult:
    """The exact ``result`` for another ``budget``: the frontier does not depend on it.

    The best combination within an amount is the cheapest point of the exact
    frontier left of it, so one search serves every amount. Greedy answers
    depend on the amount (:func:`_greedy`) and must be searched again.
    """
    if result.method is not Method.EXACT:
        raise ValueError("only an exact frontier serves another budget")
    best = [p for p in result.frontier if p.cost <= budget][-1]
    return replace(result, budget=budget, best=best)


def simulations_needed(m: RiskMap, measures: Sequence[str] | None = None) -> int:
    """How many simulations the exact search of ``measures`` runs (for progress)."""
    ids = measures if measures is not None else [me.id for me in m.measures]
    found = touches(m, [m.measure(i) for i in ids])
    return sum(1 << len(t.simulated) for t in found.values())
