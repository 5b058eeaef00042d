"""The parts of an exercise: roles, injects, objectives, evaluation, follow-up.

Plain frozen dataclasses with enums for every closed set of values; the
file format (:mod:`weerbaar.exercise.fileformat`) and the web app both build
them. Times are hours: ``at`` is *exercise time* (since the session
started), ``scenario_at`` is *scenario time* (since the scenario's first
failure), so a three-day cascade can be played in a three-hour session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    """How an inject reaches the players (the Dutch names of the issue)."""

    TELEFOON = "telefoon"
    EMAIL = "e-mail"
    SYSTEEMMELDING = "systeemmelding"
    PERS = "pers"
    SOCIALE_MEDIA = "sociale-media"
    BURGER = "burger"
    LEVERANCIER = "leverancier"


class EventKind(StrEnum):
    """Why an inject exists: an event of the cascade, pressure, a decision point, ..."""

    DOWN = "down"
    UP = "up"
    TOLERANCE = "tolerance"
    MTPD_WARNING = "mtpd-warning"
    MTPD_BREACH = "mtpd-breach"
    DEADLOCK = "deadlock"
    PRESSURE = "pressure"
    DECISION = "decision"
    PHASE = "phase"
    MANUAL = "manual"

    @property
    def from_cascade(self) -> bool:
        """Events that the engine's timeline decides (re-timed after an intervention)."""
        return self not in (EventKind.PHASE, EventKind.MANUAL)


class Capability(StrEnum):
    """Core capabilities (the HSEEP idea) in the terms of Dutch crisis management."""

    MELDING_EN_ALARMERING = "melding-en-alarmering"
    OPSCHALING = "opschaling"
    BEELDVORMING = "beeldvorming"
    OORDEELSVORMING = "oordeelsvorming"
    BESLUITVORMING = "besluitvorming"
    INFORMATIEMANAGEMENT = "informatiemanagement"
    CRISISCOMMUNICATIE = "crisiscommunicatie"
    CONTINUITEIT = "continuiteit"
    HERSTEL = "herstel"
    KETENSAMENWERKING = "ketensamenwerking"


class Rating(StrEnum):
    """The four HSEEP ratings of an expectation, as evaluators know them."""

    PERFORMED = "P"  # performed without challenges
    SOME_CHALLENGES = "S"  # performed with some challenges
    MAJOR_CHALLENGES = "M"  # performed with major challenges
    UNABLE = "U"  # unable to be performed

    @property
    def score(self) -> int:
        """3 for P down to 0 for U: the trend over runs averages these."""
        return {"P": 3, "S": 2, "M": 1, "U": 0}[self.value]


class Team(StrEnum):
    """The team that decides at an escalation point."""

    IT_CRISISTEAM = "it-crisisteam"
    COPI = "copi"
    ROT = "rot"
    GBT = "gbt"
    RBT = "rbt"


class ObservationKind(StrEnum):
    STRENGTH = "strength"
    IMPROVEMENT = "improvement"
    NOTE = "note"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    CANCELLED = "cancelled"


class InterventionKind(StrEnum):
    """What a decision changes in the story from its moment on."""

    RESTORE = "restore"  # an initiating failure ends early
    EXTEND = "extend"  # an initiating failure lasts longer
    FAIL = "fail"  # a new failure starts (the control room's twist)
    MEASURE = "measure"  # a measure of the map is taken into use
    FALLBACK = "fallback"  # an ad-hoc alternative for one requirement


@dataclass(frozen=True)
class Role:
    """A role players take; ``id`` is what injects are addressed to."""

    id: str
    name: str = ""
    team: Team | None = None


@dataclass(frozen=True)
class Participant:
    name: str
    role: str
    organisation: str = ""
    email: str = ""


@dataclass(frozen=True)
class Inject:
    """One message to the players, at an exercise time.

    ``cause`` says which event of the storyline a generated inject tells
    (kind, nodes, level); the re-timing after an intervention matches old
    and new injects on it. Manual and phase injects have none.
    """

    id: str
    at: float
    title: str
    recipients: tuple[str, ...]
    channel: Channel
    text: str = ""
    expected: tuple[str, ...] = ()
    scenario_at: float | None = None
    event: EventKind = EventKind.MANUAL
    nodes: tuple[str, ...] = ()
    team: Team | None = None
    grip: int | None = None
    cause: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    capability: Capability
    description: str = ""


@dataclass(frozen=True)
class Expectation:
    """What the players should do on an inject, towards an objective; rated after."""

    id: str
    inject: str
    objective: str
    text: str
    rating: Rating | None = None
    note: str = ""


@dataclass(frozen=True)
class Observation:
    at: float
    text: str
    by: str = ""
    kind: ObservationKind = ObservationKind.NOTE
    objective: str | None = None


@dataclass(frozen=True)
class Intervention:
    """A change to the story from scenario time ``scenario_at`` on."""

    kind: InterventionKind
    scenario_at: float
    node: str | None = None
    measure: str | None = None
    duration: float | None = None
    requirement: str | None = None
    alternative: str | None = None


@dataclass(frozen=True)
class Decision:
    """One entry of the decision log: who decided what, when, on which inject."""

    at: float
    by: str
    text: str
    inject: str | None = None
    logged: datetime | None = None
    intervention: Intervention | None = None


@dataclass(frozen=True)
class Lesson:
    text: str
    objective: str | None = None


@dataclass(frozen=True)
class ImprovementAction:
    """A tracked follow-up: an owner, a due date, a status, maybe a measure of the map."""

    id: str
    title: str
    owner: str
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    measure: str | None = None
    objective: str | None = None
