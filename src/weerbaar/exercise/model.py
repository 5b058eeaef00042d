"""An exercise: a map version, a scenario, roles, a script, and what happened.

The :class:`Exercise` holds everything of one exercise, from the draft to
the evaluation; the file format writes and reads all of it, so a file is the
whole record. :func:`transition` is the one place that says which status may
follow which, for the command line and the web app alike.

Examples
--------
>>> transition(Status.DRAFT, Status.PLANNED)
<Status.PLANNED: 'planned'>
>>> transition(Status.DRAFT, Status.ENDED)
Traceback (most recent call last):
...
weerbaar.exercise.model.StateError: an exercise that is draft cannot become ended (allowed: planned)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from weerbaar.exercise.clock import Phase
from weerbaar.exercise.escalation import DEFAULT_CRITERIA, GripCriterion
from weerbaar.exercise.records import (
    Decision,
    Expectation,
    ImprovementAction,
    Inject,
    Intervention,
    Lesson,
    Objective,
    Observation,
    Participant,
    Role,
)


class Status(StrEnum):
    DRAFT = "draft"
    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"
    EVALUATED = "evaluated"


_NEXT: dict[Status, tuple[Status, ...]] = {
    Status.DRAFT: (Status.PLANNED,),
    Status.PLANNED: (Status.DRAFT, Status.RUNNING),
    Status.RUNNING: (Status.PAUSED, Status.ENDED),
    Status.PAUSED: (Status.RUNNING, Status.ENDED),
    Status.ENDED: (Status.EVALUATED,),
    Status.EVALUATED: (Status.ENDED,),
}


class StateError(ValueError):
    """A change the exercise's status does not allow (ending a draft, ...)."""


def transition(current: Status, wanted: Status) -> Status:
    """``wanted`` if an exercise in ``current`` may move there, else :class:`StateError`."""
    allowed = _NEXT[current]
    if wanted not in allowed:
        raise StateError(
            f"an exercise that is {current.value} cannot become {wanted.value} "
            f"(allowed: {', '.join(s.value for s in allowed)})"
        )
    return wanted


@dataclass(frozen=True)
class MapVersion:
    """Which map the script came from: its file name and the SHA-256 of its bytes."""

    file: str
    sha256: str


@dataclass(frozen=True)
class Exercise:
    """One exercise, from draft to evaluation.

    ``held`` is the day of the session (the trend over runs is ordered by it);
    ``duration`` is the session length in hours; ``start`` the scenario's
    clock time at its first failure (hours after midnight of day 1);
    ``phases`` say how scenario time maps to exercise time
    (:mod:`weerbaar.exercise.clock`).
    """

    id: str
    title: str
    map: MapVersion
    scenario: str
    duration: float
    seed: int
    language: str = "nl"
    start: float = 9.0
    status: Status = Status.DRAFT
    held: date | None = None
    description: str = ""
    phases: tuple[Phase, ...] = ()
    escalation: tuple[GripCriterion, ...] = DEFAULT_CRITERIA
    roles: tuple[Role, ...] = ()
    participants: tuple[Participant, ...] = ()
    injects: tuple[Inject, ...] = ()
    objectives: tuple[Objective, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    observations: tuple[Observation, ...] = ()
    decisions: tuple[Decision, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    actions: tuple[ImprovementAction, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def interventions(self) -> tuple[Intervention, ...]:
        """The story changes decided so far, in the order they were decided."""
        return tuple(d.intervention for d in self.decisions if d.intervention is not None)

    def inject(self, inject_id: str) -> Inject:
        for i in self.injects:
            if i.id == inject_id:
                return i
        raise KeyError(inject_id)

    def injects_for(self, role: str) -> tuple[Inject, ...]:
        """What a player in ``role`` gets to see: only the injects addressed to it."""
        return tuple(i for i in self.injects if role in i.recipients)
