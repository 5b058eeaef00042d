"""The exercise file: strict YAML with a JSON Schema and ``file:line`` errors.

Like the map format (:mod:`weerbaar.model.keys`), every key is checked:
an unknown key is a located error that names the nearest valid one, and
keys starting with ``x-`` are extensions, kept on a round trip, allowed on
the exercise, an inject, an objective and an improvement action. A file
read and written again is the same exercise (:func:`dump_exercise` ∘
:func:`parse_exercise` is the identity on :class:`Exercise`).

Examples
--------
>>> ex = parse_exercise('''
... weerbaar-oefening: 1
... id: o1
... title: Telecomstoring
... map: {file: kaart.yaml, sha256: ''}
... scenario: telecom
... duration: 3h
... seed: 2026
... roles: [{id: it, name: IT-manager}]
... injects:
...   - {id: i01, at: 10m, title: Storing, recipients: [it], channel: telefoon}
... ''', "o.yaml")
>>> ex.injects[0].at
0.16666666666666666
>>> parse_exercise(dump_exercise(ex), "again.yaml") == ex
True
>>> parse_exercise(dump_exercise(ex).replace("title:", "titel:", 1), "o.yaml")
Traceback (most recent call last):
...
weerbaar.model.errors.MapError: o.yaml:2: title: required key is missing
o.yaml:4: unknown key 'titel' — did you mean 'title'?
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, Field, ValidationError, WithJsonSchema

from weerbaar.exercise.clock import Phase
from weerbaar.exercise.escalation import DEFAULT_CRITERIA, GripCriterion
from weerbaar.exercise.model import Exercise, MapVersion, Status
from weerbaar.exercise.records import (
    ActionStatus,
    Capability,
    Channel,
    Decision,
    EventKind,
    Expectation,
    ImprovementAction,
    Inject,
    Intervention,
    InterventionKind,
    Lesson,
    Objective,
    Observation,
    ObservationKind,
    Participant,
    Rating,
    Role,
    Team,
)
from weerbaar.model.durations import exact_duration
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.keys import Level, unknown_keys
from weerbaar.model.limits import DEFAULT_LIMITS, Limits
from weerbaar.model.schema import ID_PATTERN, Duration, ExtensibleEntry, StrictEntry
from weerbaar.model.yamlsource import Path_, load_yaml, read_text

FORMAT_VERSION = 1

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=200)]
Text = Annotated[str, Field(max_length=20_000)]
Hours = Duration  # hours, or a duration such as 90m, 3h, 2d


def parse_clock(value: str) -> float:
    """Hours after midnight of a time of day ``HH:MM``.

    >>> parse_clock("09:30")
    9.5
    """
    match = re.fullmatch(r"\s*([01]?\d|2[0-3]):([0-5]\d)\s*", value)
    if not match:
        raise ValueError(f"{value!r} is not a time of day HH:MM")
    return int(match[1]) + int(match[2]) / 60


def _clock(value: object) -> object:
    return parse_clock(value) if isinstance(value, str) else value


ClockTime = Annotated[
    float,
    BeforeValidator(_clock),
    Field(ge=0, lt=24),
    WithJsonSchema({"type": "string", "pattern": r"^\s*([01]?\d|2[0-3]):[0-5]\d\s*$"}),
]


class MapEntry(StrictEntry):
    file: str
    sha256: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")] = ""


class PhaseEntry(StrictEntry):
    scenario_start: Hours
    scenario_end: Hours
    at: Hours
    rate: Annotated[float, Field(ge=1, le=1e6)]


class CriterionEntry(StrictEntry):
    level: Annotated[int, Field(ge=0, le=5)]
    team: Team
    nodes_down: Annotated[int, Field(ge=1)] | None = None
    vital_processes: Annotated[int, Field(ge=1)] | None = None
    people: Annotated[int, Field(ge=1)] | None = None
    mtpd_breached: bool = False


class RoleEntry(StrictEntry):
    id: Id
    name: str = ""
    team: Team | None = None


class ParticipantEntry(StrictEntry):
    name: str
    role: Id
    organisation: str = ""
    email: str = ""


class InjectEntry(ExtensibleEntry):
    id: Id
    at: Hours
    title: Annotated[str, Field(min_length=1, max_length=300)]
    recipients: Annotated[list[Id], Field(min_length=1)]
    channel: Channel
    text: Text = ""
    expected: list[Text] = Field(default_factory=list)
    scenario_at: Hours | None = None
    event: EventKind = EventKind.MANUAL
    nodes: list[Id] = Field(default_factory=list)
    team: Team | None = None
    grip: Annotated[int, Field(ge=0, le=5)] | None = None
    cause: str | None = None


class ObjectiveEntry(ExtensibleEntry):
    id: Id
    title: str
    capability: Capability
    description: Text = ""


class ExpectationEntry(StrictEntry):
    id: Id
    inject: Id
    objective: Id
    text: Text
    rating: Rating | None = None
    note: Text = ""


class ObservationEntry(StrictEntry):
    at: Hours
    text: Text
    by: str = ""
    kind: ObservationKind = ObservationKind.NOTE
    objective: Id | None = None


class InterventionEntry(StrictEntry):
    kind: InterventionKind
    scenario_at: Hours
    node: Id | None = None
    measure: Id | None = None
    duration: Hours | None = None
    requirement: Id | None = None
    alternative: Id | None = None


class DecisionEntry(StrictEntry):
    at: Hours
    by: str
    text: Text
    inject: Id | None = None
    logged: datetime | None = None
    intervention: InterventionEntry | None = None


class LessonEntry(StrictEntry):
    text: Text
    objective: Id | None = None


class ActionEntry(ExtensibleEntry):
    id: Id
    title: str
    owner: str
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    measure: Id | None = None
    objective: Id | None = None


class ExerciseFile(ExtensibleEntry):
    """A Weerbaar exercise: a script from a map's scenario and what became of it."""

    weerbaar_oefening: Annotated[int, Field(ge=1, le=1, alias="weerbaar-oefening")]
    id: Id
    title: str
    map: MapEntry
    scenario: Id
    duration: Hours
    seed: Annotated[int, Field(ge=0, lt=2**63)]
    language: Annotated[str, Field(pattern=r"^(nl|en)$")] = "nl"
    start: ClockTime = 9.0
    status: Status = Status.DRAFT
    held: date | None = None
    description: Text = ""
    phases: list[PhaseEntry] = Field(default_factory=list)
    escalation: list[CriterionEntry] | None = None
    roles: list[RoleEntry] = Field(default_factory=list)
    participants: list[ParticipantEntry] = Field(default_factory=list)
    objectives: list[ObjectiveEntry] = Field(default_factory=list)
    injects: list[InjectEntry] = Field(default_factory=list)
    expectations: list[ExpectationEntry] = Field(default_factory=list)
    observations: list[ObservationEntry] = Field(default_factory=list)
    decisions: list[DecisionEntry] = Field(default_factory=list)
    lessons: list[LessonEntry] = Field(default_factory=list)
    actions: list[ActionEntry] = Field(default_factory=list)


def _level(name: str, model: type[BaseModel], extensible: bool = False, **children: Any) -> Level:
    return Level(name, model, children, extensible=extensible)


#: The whole file, level by level (for the unknown-key check).
EXERCISE = _level(
    "exercise",
    ExerciseFile,
    True,
    map=(_level("map", MapEntry), False),
    phases=(_level("phase", PhaseEntry), True),
    escalation=(_level("escalation criterion", CriterionEntry), True),
    roles=(_level("role", RoleEntry), True),
    participants=(_level("participant", ParticipantEntry), True),
    objectives=(_level("objective", ObjectiveEntry, True), True),
    injects=(_level("inject", InjectEntry, True), True),
    expectations=(_level("expectation", ExpectationEntry), True),
    observations=(_level("observation", ObservationEntry), True),
    decisions=(
        _level(
            "decision",
            DecisionEntry,
            intervention=(_level("intervention", InterventionEntry), False),
        ),
        True,
    ),
    lessons=(_level("lesson", LessonEntry), True),
    actions=(_level("action", ActionEntry, True), True),
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the exercise file."""
    schema = ExerciseFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://weerbaar.example/schema/exercise-1.json"
    return schema


def load_exercise(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> Exercise:
    """Read an exercise file, or raise :class:`MapError` with every problem located."""
    return parse_exercise(read_text(path, limits), str(path), limits)


def parse_exercise(
    text: str, source: str = "<exercise>", limits: Limits = DEFAULT_LIMITS
) -> Exercise:
    data, lines = load_yaml(text, source, limits)
    return from_data(data, source, lines)


def from_data(
    data: Any, source: str = "<exercise>", lines: Mapping[Path_, int] | None = None
) -> Exercise:
    """Validate parsed exercise data (from YAML, a sheet or the web app)."""
    lines = dict(lines or {})

    def problem(path: Path_, message: str) -> Problem:
        for end in range(len(path), -1, -1):
            if path[:end] in lines:
                return Problem(source, lines[path[:end]], message, path=path)
        return Problem(source, 0, message, path=path)

    if not isinstance(data, dict):
        raise MapError(
            [problem((), "an exercise file is a mapping that starts with `weerbaar-oefening: 1`")]
        )
    problems = [problem(p, msg) for p, msg in unknown_keys(data, EXERCISE)]
    try:
        entry = ExerciseFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            if err["type"] == "extra_forbidden":
                continue
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc)
            msg = "required key is missing" if err["type"] == "missing" else str(err["msg"])
            msg = msg.removeprefix("Value error, ")
            problems.append(problem(loc, f"{where}: {msg}" if where else msg))
        raise MapError(problems) from None
    if problems:
        raise MapError(problems)
    problems = [problem(p, msg) for p, msg in _references(entry)]
    if problems:
        raise MapError(problems)
    return _build(entry)


def _duplicates(ids: list[str]) -> set[str]:
    return {i for i, n in Counter(ids).items() if n > 1}


def _references(e: ExerciseFile) -> Iterator[tuple[Path_, str]]:
    """Ids that are repeated or that name nothing in the file."""
    for key in ("roles", "objectives", "injects", "expectations", "actions"):
        items = getattr(e, key)
        dup = _duplicates([x.id for x in items])
        seen: set[str] = set()
        for i, x in enumerate(items):
            if x.id in dup and x.id in seen:
                yield (key, i, "id"), f"duplicate id {x.id!r} in {key}"
            seen.add(x.id)
    roles = {r.id for r in e.roles}
    objectives = {o.id for o in e.objectives}
    injects = {i.id for i in e.injects}

    def missing(
        value: str | None, known: set[str], what: str, path: Path_
    ) -> Iterator[tuple[Path_, str]]:
        if value is not None and value not in known:
            yield path, f"{what} {value!r} is not defined in this exercise"

    for i, p in enumerate(e.participants):
        yield from missing(p.role, roles, "role", ("participants", i, "role"))
    for i, inj in enumerate(e.injects):
        for j, r in enumerate(inj.recipients):
            yield from missing(r, roles, "role", ("injects", i, "recipients", j))
        if inj.at > e.duration:
            yield (
                ("injects", i, "at"),
                f"at {exact_duration(inj.at)} is after the end of the session "
                f"({exact_duration(e.duration)})",
            )
    for i, x in enumerate(e.expectations):
        yield from missing(x.inject, injects, "inject", ("expectations", i, "inject"))
        yield from missing(x.objective, objectives, "objective", ("expectations", i, "objective"))
    for i, o in enumerate(e.observations):
        yield from missing(o.objective, objectives, "objective", ("observations", i, "objective"))
    for i, d in enumerate(e.decisions):
        yield from missing(d.inject, injects, "inject", ("decisions", i, "inject"))
    for i, les in enumerate(e.lessons):
        yield from missing(les.objective, objectives, "objective", ("lessons", i, "objective"))
    for i, a in enumerate(e.actions):
        yield from missing(a.objective, objectives, "objective", ("actions", i, "objective"))


def _extra(entry: BaseModel) -> dict[str, Any]:
    return dict(entry.model_extra or {})


def _build(e: ExerciseFile) -> Exercise:
    return Exercise(
        id=e.id,
        title=e.title,
        map=MapVersion(e.map.file, e.map.sha256),
        scenario=e.scenario,
        duration=e.duration,
        seed=e.seed,
        language=e.language,
        start=e.start,
        status=e.status,
        held=e.held,
        description=e.description,
        phases=tuple(Phase(p.scenario_start, p.scenario_end, p.at, p.rate) for p in e.phases),
        escalation=DEFAULT_CRITERIA
        if e.escalation is None
        else tuple(GripCriterion(**c.model_dump()) for c in e.escalation),
        roles=tuple(Role(r.id, r.name, r.team) for r in e.roles),
        participants=tuple(Participant(**p.model_dump()) for p in e.participants),
        injects=tuple(
            Inject(
                id=i.id,
                at=i.at,
                title=i.title,
                recipients=tuple(i.recipients),
                channel=i.channel,
                text=i.text,
                expected=tuple(i.expected),
                scenario_at=i.scenario_at,
                event=i.event,
                nodes=tuple(i.nodes),
                team=i.team,
                grip=i.grip,
                cause=i.cause,
                extra=_extra(i),
            )
            for i in e.injects
        ),
        objectives=tuple(
            Objective(o.id, o.title, o.capability, o.description) for o in e.objectives
        ),
        expectations=tuple(Expectation(**x.model_dump()) for x in e.expectations),
        observations=tuple(Observation(**o.model_dump()) for o in e.observations),
        decisions=tuple(
            Decision(
                d.at,
                d.by,
                d.text,
                d.inject,
                d.logged,
                Intervention(**d.intervention.model_dump()) if d.intervention else None,
            )
            for d in e.decisions
        ),
        lessons=tuple(Lesson(x.text, x.objective) for x in e.lessons),
        actions=tuple(
            ImprovementAction(a.id, a.title, a.owner, a.due, a.status, a.measure, a.objective)
            for a in e.actions
        ),
        extra=_extra(e),
    )


# -- writing -------------------------------------------------------------------


def _compact(d: dict[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """``d`` without the keys whose value is the default (shorter files, same meaning)."""
    return {k: v for k, v in d.items() if k not in defaults or defaults[k] != v}


def _h(hours: float | None) -> str | None:
    return None if hours is None else exact_duration(hours)


def to_data(ex: Exercise) -> dict[str, Any]:
    """The exercise as plain data in the file format."""
    out: dict[str, Any] = {
        "weerbaar-oefening": FORMAT_VERSION,
        "id": ex.id,
        "title": ex.title,
        "map": {"file": ex.map.file, "sha256": ex.map.sha256},
        "scenario": ex.scenario,
        "duration": _h(ex.duration),
        "seed": ex.seed,
        "language": ex.language,
        "start": _clock_text(ex.start),
        "status": ex.status.value,
    }
    if ex.held is not None:
        out["held"] = ex.held
    if ex.description:
        out["description"] = ex.description
    out["phases"] = [
        {
            "scenario_start": _h(p.scenario_start),
            "scenario_end": _h(p.scenario_end),
            "at": _h(p.at),
            "rate": p.rate,
        }
        for p in ex.phases
    ]
    out["escalation"] = [
        _compact(
            {
                "level": c.level,
                "team": c.team.value,
                "nodes_down": c.nodes_down,
                "vital_processes": c.vital_processes,
                "people": c.people,
                "mtpd_breached": c.mtpd_breached,
            },
            {"nodes_down": None, "vital_processes": None, "people": None, "mtpd_breached": False},
        )
        for c in ex.escalation
    ]
    out["roles"] = [
        _compact(
            {"id": r.id, "name": r.name, "team": r.team and r.team.value},
            {"name": "", "team": None},
        )
        for r in ex.roles
    ]
    out["participants"] = [
        _compact(
            {"name": p.name, "role": p.role, "organisation": p.organisation, "email": p.email},
            {"organisation": "", "email": ""},
        )
        for p in ex.participants
    ]
    out["objectives"] = [
        {
            **_compact(
                {
                    "id": o.id,
                    "title": o.title,
                    "capability": o.capability.value,
                    "description": o.description,
                },
                {"description": ""},
            )
        }
        for o in ex.objectives
    ]
    out["injects"] = [
        {
            **_compact(
                {
                    "id": i.id,
                    "at": _h(i.at),
                    "scenario_at": _h(i.scenario_at),
                    "event": i.event.value,
                    "nodes": list(i.nodes),
                    "recipients": list(i.recipients),
                    "channel": i.channel.value,
                    "title": i.title,
                    "text": i.text,
                    "expected": list(i.expected),
                    "team": i.team and i.team.value,
                    "grip": i.grip,
                    "cause": i.cause,
                },
                {
                    "scenario_at": None,
                    "event": "manual",
                    "nodes": [],
                    "text": "",
                    "expected": [],
                    "team": None,
                    "grip": None,
                    "cause": None,
                },
            ),
            **i.extra,
        }
        for i in ex.injects
    ]
    out["expectations"] = [
        _compact(
            {
                "id": x.id,
                "inject": x.inject,
                "objective": x.objective,
                "text": x.text,
                "rating": x.rating and x.rating.value,
                "note": x.note,
            },
            {"rating": None, "note": ""},
        )
        for x in ex.expectations
    ]
    out["observations"] = [
        _compact(
            {
                "at": _h(o.at),
                "text": o.text,
                "by": o.by,
                "kind": o.kind.value,
                "objective": o.objective,
            },
            {"by": "", "kind": "note", "objective": None},
        )
        for o in ex.observations
    ]
    out["decisions"] = [
        _compact(
            {
                "at": _h(d.at),
                "by": d.by,
                "text": d.text,
                "inject": d.inject,
                "logged": d.logged,
                "intervention": d.intervention and intervention_data(d.intervention),
            },
            {"inject": None, "logged": None, "intervention": None},
        )
        for d in ex.decisions
    ]
    out["lessons"] = [
        _compact({"text": x.text, "objective": x.objective}, {"objective": None})
        for x in ex.lessons
    ]
    out["actions"] = [
        _compact(
            {
                "id": a.id,
                "title": a.title,
                "owner": a.owner,
                "due": a.due,
                "status": a.status.value,
                "measure": a.measure,
                "objective": a.objective,
            },
            {"due": None, "measure": None, "objective": None},
        )
        for a in ex.actions
    ]
    out.update(ex.extra)
    return {k: v for k, v in out.items() if v != []}


def intervention_data(iv: Intervention) -> dict[str, Any]:
    return _compact(
        {
            "kind": iv.kind.value,
            "scenario_at": _h(iv.scenario_at),
            "node": iv.node,
            "measure": iv.measure,
            "duration": _h(iv.duration),
            "requirement": iv.requirement,
            "alternative": iv.alternative,
        },
        {"node": None, "measure": None, "duration": None, "requirement": None, "alternative": None},
    )


def _clock_text(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _short_lists(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = len(data) <= 8 and all(isinstance(x, str) and len(x) < 40 for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _short_lists)


def dump_exercise(ex: Exercise) -> str:
    """The exercise as YAML text in the file format."""
    head = "# Weerbaar exercise (docs/exercises.md). Generated drafts are meant to be edited.\n"
    return head + yaml.dump(
        to_data(ex), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
