"""Improvement actions: what is to be done, by whom, by when, for what risk.

An :class:`ImprovementAction` comes from a control that is applicable but not
implemented, from a lesson of an exercise, or from an incident; the
:class:`ActionSource` says which and ``source_ref`` points at it (a control
id, an exercise's lesson, an incident). Exercises and incidents create their
actions with this same class, so the improvement plan is one list.

The risk an action reduces is the expected-risk reduction of the map's
measures it carries out (from :func:`weerbaar.scoring.measure_effect` or the
sweep); an action without a measure of the map has no computed reduction.

Examples
--------
>>> from weerbaar.accountability.assessment import ControlAssessment, THREE_LEVELS
>>> from weerbaar.accountability.catalogue import Catalogue, Control
>>> cat = Catalogue("Normen", "1", None, "n.md", (Control("8.13.01", "Back-ups.", "8"),))
>>> [(a.title, a.source.value, a.measures)
...  for a in actions_from_assessments(cat, [ControlAssessment("8.13.01", True, level=1,
...      owner="CISO", measures=("offline-back-ups",))], THREE_LEVELS)]
[('8.13.01 Back-ups.', 'control', ('offline-back-ups',))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from weerbaar.accountability.assessment import ControlAssessment, Scale
from weerbaar.accountability.catalogue import Catalogue


class ActionSource(StrEnum):
    CONTROL = "control"
    EXERCISE = "exercise"
    INCIDENT = "incident"
    ADVISORY = "advisory"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ImprovementAction:
    """One action of the improvement plan.

    ``cost`` is in euro per year, like a measure's cost; ``measures`` are ids
    of the map's measures the action carries out; ``risk_reduction`` is
    their expected-risk reduction per year (None when not computed).
    """

    title: str
    source: ActionSource
    source_ref: str = ""
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    cost: float = 0.0
    measures: tuple[str, ...] = ()
    risk_reduction: float | None = None

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

    def overdue(self, today: date) -> bool:
        return self.is_open and self.due is not None and self.due < today


def actions_from_assessments(
    catalogue: Catalogue, assessments: Iterable[ControlAssessment], scale: Scale
) -> list[ImprovementAction]:
    """One proposed action per applicable control that is not implemented.

    The owner and the map's measures come from the assessment; the due date
    from its next review.
    """
    by_id = {a.control: a for a in assessments}
    out = []
    for c in catalogue.assessable:
        a = by_id.get(c.id)
        if a is None or not a.applicable or scale.is_done(a.level):
            continue
        out.append(
            ImprovementAction(
                title=c.label,
                source=ActionSource.CONTROL,
                source_ref=c.id,
                owner=a.owner,
                due=a.next_review,
                measures=a.measures,
            )
        )
    return out


def with_risk(
    actions: Iterable[ImprovementAction],
    reductions: Mapping[str, float],
    costs: Mapping[str, float],
) -> list[ImprovementAction]:
    """Actions with the risk reduction and cost of their measures filled in.

    ``reductions`` and ``costs`` are per measure id (a sweep's effects). The
    reductions of several measures are added, which overstates what they do
    together when they interact; :mod:`weerbaar.accountability.budget`
    computes combinations exactly.
    """
    out = []
    for a in actions:
        known = [m for m in a.measures if m in reductions]
        if not known:
            out.append(a)
            continue
        cost = a.cost or sum(costs.get(m, 0.0) for m in known)
        out.append(replace(a, risk_reduction=sum(reductions[m] for m in known), cost=cost))
    return out


def plan_key(a: ImprovementAction) -> tuple[bool, bool, date, float, str]:
    """Open actions first, then by due date (none last), then largest risk reduction."""
    return (not a.is_open, a.due is None, a.due or date.max, -(a.risk_reduction or 0.0), a.title)


def plan_order(actions: Iterable[ImprovementAction]) -> list[ImprovementAction]:
    """The actions in the order of the plan (:func:`plan_key`)."""
    return sorted(actions, key=plan_key)
