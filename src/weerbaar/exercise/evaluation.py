"""Evaluation: response times, objectives rated, the trend over runs of one scenario.

Examples
--------
>>> from weerbaar.exercise.records import Capability, Expectation, Objective, Rating
>>> o = Objective("o1", "Beeld", Capability.BEELDVORMING)
>>> xs = [Expectation("e1", "i1", "o1", "bel", Rating.PERFORMED),
...       Expectation("e2", "i2", "o1", "mail", Rating.MAJOR_CHALLENGES)]
>>> overall([x.rating for x in xs])
<Rating.SOME_CHALLENGES: 'S'>
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from weerbaar.accountability.actions import ActionSource
from weerbaar.accountability.actions import ActionStatus as PlanStatus
from weerbaar.accountability.actions import ImprovementAction as PlanAction
from weerbaar.exercise.model import Exercise
from weerbaar.exercise.records import (
    Capability,
    Decision,
    Inject,
    Objective,
    Observation,
    ObservationKind,
    Rating,
)

_BY_SCORE = {r.score: r for r in Rating}


def overall(ratings: Iterable[Rating | None]) -> Rating | None:
    """The rating of the mean score (half rounds down: a doubt counts against)."""
    scores = [r.score for r in ratings if r is not None]
    if not scores:
        return None
    mean = sum(scores) / len(scores)
    return _BY_SCORE[int(mean) if mean - int(mean) <= 0.5 else int(mean) + 1]


@dataclass(frozen=True)
class Response:
    """An inject and the first decision logged on it (``minutes`` in exercise time)."""

    inject: Inject
    decision: Decision | None

    @property
    def minutes(self) -> float | None:
        if self.decision is None:
            return None
        return max(self.decision.at - self.inject.at, 0.0) * 60


def responses(ex: Exercise) -> list[Response]:
    """Every inject with the first decision that answered it, in time order."""
    first: dict[str, Decision] = {}
    for d in sorted(ex.decisions, key=lambda d: d.at):
        if d.inject is not None:
            first.setdefault(d.inject, d)
    return [Response(i, first.get(i.id)) for i in sorted(ex.injects, key=lambda i: i.at)]


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    counts: dict[Rating, int]
    rating: Rating | None
    unrated: int


def objective_results(ex: Exercise) -> list[ObjectiveResult]:
    """Each objective with the ratings of its expectations and one overall rating."""
    out = []
    for o in ex.objectives:
        mine = [x for x in ex.expectations if x.objective == o.id]
        counts = Counter(x.rating for x in mine if x.rating is not None)
        out.append(
            ObjectiveResult(
                o,
                {r: counts.get(r, 0) for r in Rating},
                overall(x.rating for x in mine),
                sum(1 for x in mine if x.rating is None),
            )
        )
    return out


def observations_of(ex: Exercise, kind: ObservationKind) -> list[Observation]:
    return [o for o in ex.observations if o.kind is kind]


@dataclass(frozen=True)
class TrendPoint:
    """One run of a scenario: when, and the mean score (0-3) per capability."""

    exercise: str
    held: date | None
    scores: dict[Capability, float]


def trend(runs: Sequence[Exercise]) -> list[TrendPoint]:
    """The runs of one scenario in the order they were held, with their scores per capability.

    >>> trend([])
    []
    """
    out = []
    for ex in sorted(runs, key=lambda e: (e.held is None, e.held or date.min, e.id)):
        caps: dict[Capability, list[int]] = {}
        for o in ex.objectives:
            for x in ex.expectations:
                if x.objective == o.id and x.rating is not None:
                    caps.setdefault(o.capability, []).append(x.rating.score)
        out.append(TrendPoint(ex.id, ex.held, {c: sum(s) / len(s) for c, s in caps.items()}))
    return out


def plan_actions(ex: Exercise) -> list[PlanAction]:
    """The exercise's improvement actions as actions of the one improvement plan.

    :mod:`weerbaar.accountability.actions` keeps the plan of controls,
    exercises and incidents in one list; an exercise's action becomes one
    with source ``exercise`` and ``source_ref`` ``<exercise id>#<action id>``.

    >>> from weerbaar.exercise.model import Exercise, MapVersion
    >>> from weerbaar.exercise.records import ImprovementAction
    >>> ex = Exercise("o1", "T", MapVersion("m.yaml", ""), "s", 3.0, 0,
    ...               actions=(ImprovementAction("a1", "Contract", "Inkoop", measure="m1"),))
    >>> [(a.source.value, a.source_ref, a.measures) for a in plan_actions(ex)]
    [('exercise', 'o1#a1', ('m1',))]
    """
    return [
        PlanAction(
            title=a.title,
            source=ActionSource.EXERCISE,
            source_ref=f"{ex.id}#{a.id}",
            owner=a.owner,
            due=a.due,
            status=PlanStatus[a.status.name],
            measures=(a.measure,) if a.measure else (),
        )
        for a in ex.actions
    ]
