"""Every measure against every scenario, as independent tasks.

:func:`weerbaar.scoring.measure_effect` scores all scenarios without and with
one measure. :func:`sweep` does it for all measures at once, as one task per
scenario for the map as it is and one per (measure, scenario), so that a
:class:`~weerbaar.scale.distributed.DaskPool` can spread them over a
cluster. The effects are the same as ``measure_effect`` gives, to the bit.

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
>>> [(e.measure, round(e.reduction, 4)) for e in sweep(m).effects]
[('buffer', 0.006)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from weerbaar.engine import simulate
from weerbaar.model.errors import MapError
from weerbaar.model.measures import apply_measure
from weerbaar.model.riskmap import RiskMap
from weerbaar.scale.distributed import LocalPool, Pool
from weerbaar.scoring.assess import MeasureEffect, ScenarioEffect, assess, check_criteria
from weerbaar.scoring.profile import Profile, default_profile

#: One task: (measure id or None for the map as it is, scenario id).
Task = tuple[str | None, str]


def score_task(shared: tuple[RiskMap, Profile], task: Task) -> tuple[float, float]:
    """Score and expected risk of one scenario, with one measure applied or none."""
    m, profile = shared
    measure, scenario = task
    if measure is not None:
        m = apply_measure(m, measure)
    a = assess(m, simulate(m, scenario), profile)
    return a.score, a.expected


@dataclass(frozen=True)
class SweepResult:
    """Scores of the map as it is, and every measure's effect on every scenario."""

    baseline: tuple[tuple[str, float, float], ...]  # (scenario, score, expected)
    effects: tuple[MeasureEffect, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "baseline": [
                {"scenario": s, "score": score, "expected": expected}
                for s, score, expected in self.baseline
            ],
            "measures": [asdict(e) for e in self.effects],
        }


def tasks(m: RiskMap) -> list[Task]:
    """Every task of the sweep of ``m``, map as it is first."""
    scenarios = [sc.id for sc in m.scenarios]
    return [(None, s) for s in scenarios] + [(me.id, s) for me in m.measures for s in scenarios]


def sweep(
    m: RiskMap,
    profile: Profile | None = None,
    *,
    pool: Pool | None = None,
    progress: Callable[[Task], None] | None = None,
) -> SweepResult:
    """Score every scenario without and with each measure.

    Raises
    ------
    MapError
        When the map uses criteria or likelihood classes the profile lacks.
    """
    profile = default_profile() if profile is None else profile
    problems = check_criteria(m, profile)
    if problems:
        raise MapError(problems)
    todo = tasks(m)
    results = (pool or LocalPool()).map(score_task, (m, profile), todo, progress)
    scores = dict(zip(todo, results, strict=True))
    scenarios = [sc.id for sc in m.scenarios]
    effects = []
    for me in m.measures:
        rows = tuple(
            ScenarioEffect(
                scenario=s,
                score_before=scores[(None, s)][0],
                score_after=scores[(me.id, s)][0],
                expected_before=scores[(None, s)][1],
                expected_after=scores[(me.id, s)][1],
            )
            for s in scenarios
        )
        # Summed as measure_effect sums them.
        reduction = sum(e.reduction for e in rows)
        per_1000 = reduction / (me.cost / 1000) if me.cost > 0 else None
        effects.append(MeasureEffect(me.id, me.cost, rows, reduction, per_1000))
    baseline = tuple((s, *scores[(None, s)]) for s in scenarios)
    return SweepResult(baseline, tuple(effects))
