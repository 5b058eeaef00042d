"""A draft exercise script from a scenario's simulated cascade.

The engine simulates the scenario (:func:`weerbaar.engine.simulate.simulate`;
nothing of the cascade rules is repeated here). The *storyline* is what the
players would notice (:mod:`~weerbaar.exercise.events`), the pressure that
grows with the impact (:mod:`~weerbaar.exercise.pressure`) and the decision
points of the escalation criteria (:mod:`~weerbaar.exercise.escalation`).
Events of one kind at one moment for one role become one inject. Time is
compressed into the session with phase jumps (:mod:`~weerbaar.exercise.clock`).

The same map, scenario, options and seed give the same script: every
random choice (a text variant, a few minutes of jitter on pressure)
comes from ``np.random.default_rng([seed, key])`` with the inject's own
key, so an inject keeps its text and jitter when re-timing moves others.

Examples
--------
>>> from weerbaar.model import parse_map
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: net, kind: infrastructure, owner: it, name: Netwerk}
...   - {id: loket, kind: process, vital: true, served: 9000, name: Loket, requires: [net]}
... scenarios: [{id: s, name: Storing, failures: [{node: net, duration: 3d}]}]
... ''')
>>> ex = generate(m, "s", duration=2.0, seed=1)
>>> [(i.event.value, i.recipients) for i in ex.injects][:3]
[('down', ('proceseigenaar',)), ('down', ('it',)), ('decision', ('crisiscoordinator',))]
>>> all(0 <= i.at <= 2.0 for i in ex.injects)
True
>>> ex == generate(m, "s", duration=2.0, seed=1)
True
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from weerbaar.engine.simulate import SimulationResult, simulate
from weerbaar.exercise.clock import JUMP, LEAD, Phase, plan_phases, to_session
from weerbaar.exercise.escalation import (
    DEFAULT_CRITERIA,
    GripCriterion,
    ImpactCurve,
    escalation_points,
)
from weerbaar.exercise.events import CascadeEvent, cascade_events
from weerbaar.exercise.model import Exercise, MapVersion
from weerbaar.exercise.owners import owner_of
from weerbaar.exercise.pressure import pressure_points
from weerbaar.exercise.records import (
    Capability,
    EventKind,
    Expectation,
    Inject,
    Objective,
    Role,
    Team,
)
from weerbaar.exercise.texts import (
    ROLE_NAMES,
    TEAM_NAMES,
    choose,
    clock_text,
    hours_text,
    names_text,
    people_text,
    word,
)
from weerbaar.model.riskmap import Failure, PartyKind, RiskMap
from weerbaar.model.roles import OwnerRole

#: Session minutes in which events of one kind for one role make one inject.
BUCKET = 5

#: Who besides the owner hears of an event.
_ALSO: dict[EventKind, tuple[OwnerRole, ...]] = {
    EventKind.MTPD_BREACH: (OwnerRole.CRISISCOORDINATOR,),
    EventKind.DEADLOCK: (OwnerRole.CRISISCOORDINATOR,),
}
_CORE_ROLES = (
    OwnerRole.BURGEMEESTER,
    OwnerRole.CRISISCOORDINATOR,
    OwnerRole.COMMUNICATIE,
    OwnerRole.CISO,
    OwnerRole.IT,
)
_ROLE_TEAMS = {
    OwnerRole.IT: Team.IT_CRISISTEAM,
    OwnerRole.CISO: Team.IT_CRISISTEAM,
    OwnerRole.CRISISCOORDINATOR: Team.ROT,
    OwnerRole.PROCESEIGENAAR: Team.ROT,
    OwnerRole.BURGEMEESTER: Team.GBT,
    OwnerRole.OOV: Team.GBT,
    OwnerRole.COMMUNICATIE: Team.GBT,
}


@dataclass(frozen=True)
class StoryEvent:
    """One future inject before it has words: what, when (scenario time), for whom."""

    scenario_at: float
    kind: EventKind
    recipients: tuple[str, ...]
    nodes: tuple[str, ...] = ()
    grip: int | None = None
    team: Team | None = None
    trigger: str | None = None
    facts: dict[str, Any] = field(default_factory=dict, compare=False)
    occurrence: int = 1

    @property
    def what(self) -> str:
        return f"{self.kind.value}|{','.join(self.nodes)}|{self.grip}|{self.trigger or ''}"

    @property
    def key(self) -> str:
        """What the event is about and how many times it happened before: the inject's cause."""
        return self.what if self.occurrence == 1 else f"{self.what}#{self.occurrence}"


@dataclass(frozen=True)
class Story:
    events: list[StoryEvent]
    result: SimulationResult
    theme: str | None = None


def storyline(
    m: RiskMap,
    result: SimulationResult,
    failures: Sequence[Failure],
    criteria: Sequence[GripCriterion] = DEFAULT_CRITERIA,
    ignore: Collection[str] = (),
    phases: Sequence[Phase] = (),
    theme: str | None = None,
) -> Story:
    """What the players of ``result`` get to hear, in time order.

    Events of one kind for one role are told together when they play in
    the same :data:`BUCKET` minutes of the session (with ``phases``) or
    else at the same scenario time; a group's tolerance is its shortest.
    """
    out: list[StoryEvent] = []
    groups: dict[tuple[Any, ...], list[CascadeEvent]] = {}
    for e in cascade_events(m, result, failures, ignore):
        when = round(to_session(phases, e.scenario_at) * 60 / BUCKET) if phases else e.scenario_at
        groups.setdefault((when, e.kind, owner_of(m, e.node)), []).append(e)
    for (_when, kind, owner), group in groups.items():
        nodes = tuple(dict.fromkeys(e.node for e in group))
        parties = {m.node(n).party for n in nodes}
        only = parties.pop() if len(parties) == 1 else ""
        party = m.party(only) if only else None
        kinds = {m.node(n).kind.value for n in nodes}
        facts = {
            "kind": kinds.pop() if len(kinds) == 1 else None,
            # A node without a party is the municipality's own.
            "party": party.kind.value if party else ("gemeente" if only is None else None),
            "party_name": party.name or party.id if party else "",
            "value": min((e.value for e in group if e.value is not None), default=None),
            "about": tuple(dict.fromkeys(e.about for e in group if e.about)),
        }
        recipients = tuple(dict.fromkeys(r.value for r in (owner, *_ALSO.get(kind, ()))))
        out.append(StoryEvent(group[0].scenario_at, kind, recipients, nodes, facts=facts))
    curve = ImpactCurve.of(m, result, ignore)
    for p in escalation_points(curve, criteria):
        scale = "down" if p.level is None else "up"
        deciders = [OwnerRole.CRISISCOORDINATOR.value]
        if p.team in (Team.GBT, Team.RBT):
            deciders.append(OwnerRole.BURGEMEESTER.value)
        elif p.team is Team.IT_CRISISTEAM:
            deciders = [OwnerRole.CISO.value, OwnerRole.IT.value]
        facts = {"scale": scale, "level": p.level}
        out.append(
            StoryEvent(
                p.scenario_at,
                EventKind.DECISION,
                tuple(deciders),
                (),
                p.level,
                p.team,
                scale,
                facts,
            )
        )
    for trigger, at in pressure_points(curve):
        whom = tuple(r.value for r in trigger.recipients)
        facts = {"key": trigger.key}
        out.append(StoryEvent(at, EventKind.PRESSURE, whom, trigger=trigger.key, facts=facts))
    order = list(EventKind)  # at one moment: what happens, then decisions, then pressure
    out.sort(key=lambda e: (e.scenario_at, order.index(e.kind), e.what))
    seen: dict[str, int] = {}
    for i, story_event in enumerate(out):
        seen[story_event.what] = seen.get(story_event.what, 0) + 1
        if seen[story_event.what] > 1:
            out[i] = replace(story_event, occurrence=seen[story_event.what])
    return Story(out, result, theme)


def _rng(seed: int, key: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(key.encode())])


def _down_at(m: RiskMap, result: SimulationResult, t: float, vital: bool) -> list[str]:
    """Names of the (vital) nodes down at ``t``."""
    return [
        m.node(n).name or n
        for n, ivs in result.down.items()
        if (not vital or m.node(n).vital) and any(a <= t and (b is None or t < b) for a, b in ivs)
    ]


def _people_at(m: RiskMap, result: SimulationResult, t: float) -> float:
    return sum(
        m.node(n).served or 0
        for n, ivs in result.down.items()
        if m.node(n).vital and any(a <= t and (b is None or t < b) for a, b in ivs)
    )


def render(
    m: RiskMap,
    story: Story,
    phases: Sequence[Phase],
    *,
    seed: int,
    language: str,
    start: float,
    duration: float,
) -> list[tuple[StoryEvent, Inject]]:
    """Words and exercise times for every story event (ids are given by the caller)."""
    out: list[tuple[StoryEvent, Inject]] = []
    for e in story.events:
        rng = _rng(seed, e.key)
        at = to_session(phases, e.scenario_at)
        if e.kind is EventKind.PRESSURE:
            # A phone rings a few minutes later, but never after the next time jump.
            limit = min(
                (p.at - LEAD for p in phases if p.scenario_start > e.scenario_at), default=at + 1
            )
            at = max(min(at + int(rng.integers(1, 6)) / 60, limit), at)
        at = min(round(at * 60) / 60, duration)
        vital = _down_at(m, story.result, e.scenario_at, vital=True)
        fields = {
            "names": names_text([m.node(n).name or n for n in e.nodes], language)
            or names_text(_down_at(m, story.result, e.scenario_at, vital=False), language),
            "time": clock_text(start, e.scenario_at, language),
            "party": e.facts.get("party_name", ""),
            "about": names_text([m.node(a).name or a for a in e.facts.get("about", ())], language),
            "tolerance": hours_text(e.facts.get("value") or 0, language),
            "mtpd": hours_text(e.facts.get("value") or 0, language),
            "people": people_text(_people_at(m, story.result, e.scenario_at), language),
            "vital": names_text(vital, language) or word("none", language),
            "level": e.grip,
            "team": TEAM_NAMES[language][e.team] if e.team else "",
        }
        template = choose(e.kind.value, {**e.facts, "theme": story.theme}, rng)
        title, text, expected = template.render(language, fields)
        out.append(
            (
                e,
                Inject(
                    id="",
                    at=at,
                    title=title,
                    recipients=e.recipients,
                    channel=template.channel,
                    text=text,
                    expected=expected,
                    scenario_at=e.scenario_at,
                    event=e.kind,
                    nodes=e.nodes,
                    team=e.team,
                    grip=e.grip,
                    cause=e.key,
                ),
            )
        )
    return out


def phase_injects(
    m: RiskMap,
    story: Story,
    phases: Sequence[Phase],
    roles: Sequence[str],
    *,
    language: str,
    start: float,
) -> list[Inject]:
    """The announcements of the phase jumps ("it is now day 2, 07:30"), to every role."""
    out = []
    template = choose("phase", {}, np.random.default_rng(0))
    for p in phases[1:]:
        still = _down_at(m, story.result, p.scenario_start, vital=True)
        note = (
            f"{word('still-down', language)}: {names_text(still, language)}."
            if still
            else word("all-up", language)
        )
        fields = {"time": clock_text(start, p.scenario_start, language), "vital": note}
        title, text, expected = template.render(language, fields)
        out.append(
            Inject(
                id="",
                at=round(max(p.at - LEAD, 0.0) * 60) / 60,
                title=title,
                recipients=tuple(roles),
                channel=template.channel,
                text=text,
                expected=expected,
                scenario_at=p.scenario_start,
                event=EventKind.PHASE,
            )
        )
    return out


_OBJECTIVES: dict[Capability, dict[str, str]] = {
    Capability.BEELDVORMING: {
        "nl": "Snel een gedeeld beeld van wat uitvalt en wat daarvan afhangt",
        "en": "A shared picture, quickly, of what fails and what depends on it",
    },
    Capability.BESLUITVORMING: {
        "nl": "Tijdig opschalen en besluiten volgens de GRIP-criteria",
        "en": "Scale up and decide in time, following the GRIP criteria",
    },
    Capability.CRISISCOMMUNICATIE: {
        "nl": "Inwoners, pers en raad tijdig en eenduidig informeren",
        "en": "Inform residents, press and council in time and with one voice",
    },
    Capability.CONTINUITEIT: {
        "nl": "Vitale processen binnen hun maximale uitvalduur voortzetten of herstellen",
        "en": "Continue or restore vital processes within their maximum tolerable outage",
    },
    Capability.KETENSAMENWERKING: {
        "nl": "Samen met leveranciers en ketenpartners de verstoring aanpakken",
        "en": "Tackle the disruption together with suppliers and chain partners",
    },
}
_OBJECTIVE_OF = {
    EventKind.DOWN: Capability.BEELDVORMING,
    EventKind.UP: Capability.CONTINUITEIT,
    EventKind.TOLERANCE: Capability.CONTINUITEIT,
    EventKind.MTPD_WARNING: Capability.CONTINUITEIT,
    EventKind.MTPD_BREACH: Capability.CONTINUITEIT,
    EventKind.DEADLOCK: Capability.CONTINUITEIT,
    EventKind.DECISION: Capability.BESLUITVORMING,
    EventKind.PRESSURE: Capability.CRISISCOMMUNICATIE,
}


def objectives(language: str, chain: bool) -> tuple[Objective, ...]:
    """The standard objectives of a generated exercise (chain partners only when involved)."""
    caps = [c for c in _OBJECTIVES if chain or c is not Capability.KETENSAMENWERKING]
    return tuple(
        Objective(f"o{i}", _OBJECTIVES[c][language], c) for i, c in enumerate(caps, start=1)
    )


def objective_for(inject: Inject, objs: Sequence[Objective]) -> str | None:
    """The objective an inject's expected actions count towards."""
    cap = _OBJECTIVE_OF.get(inject.event)
    if OwnerRole.KETENPARTNER.value in inject.recipients or inject.channel.value == "leverancier":
        cap = Capability.KETENSAMENWERKING
    return next((o.id for o in objs if o.capability is cap), None)


def number(injects: Sequence[Inject], taken: Collection[str] = ()) -> list[Inject]:
    """Injects in time order with ids ``i01``, ``i02``, ... (skipping ``taken``)."""
    out = []
    n = 0
    for inject in sorted(injects, key=lambda i: i.at):
        if inject.id:
            out.append(inject)
            continue
        n += 1
        while f"i{n:02d}" in taken:
            n += 1
        out.append(replace(inject, id=f"i{n:02d}"))
    return out


def generate(
    m: RiskMap,
    scenario_id: str,
    *,
    duration: float = 3.0,
    seed: int = 0,
    language: str = "nl",
    start: float = 9.0,
    jump: float = JUMP,
    criteria: Sequence[GripCriterion] = DEFAULT_CRITERIA,
    map_version: MapVersion | None = None,
    exercise_id: str | None = None,
) -> Exercise:
    """A draft exercise of ``duration`` session hours from scenario ``scenario_id`` of ``m``."""
    if language not in ("nl", "en"):
        raise ValueError(f"unknown language {language!r}; choose nl or en")
    sc = m.scenario(scenario_id)
    horizon = sc.horizon if sc.horizon is not None else m.horizon
    result = simulate(m, sc.failures, horizon)
    theme = sc.theme.value if sc.theme else None
    rough = storyline(m, result, sc.failures, criteria)
    phases = plan_phases([e.scenario_at for e in rough.events], duration, jump)
    story = storyline(m, result, sc.failures, criteria, phases=phases, theme=theme)
    rendered = [
        i
        for _e, i in render(
            m, story, phases, seed=seed, language=language, start=start, duration=duration
        )
    ]
    recipients = dict.fromkeys(r for i in rendered for r in i.recipients)
    for core in _CORE_ROLES:  # every digital crisis needs these at the table
        recipients.setdefault(core.value, None)
    role_ids = [r.value for r in OwnerRole if r.value in recipients]
    rendered += phase_injects(m, story, phases, role_ids, language=language, start=start)
    injects = number(rendered)
    chain = any(
        m.party(m.node(n).party or "").kind is not PartyKind.GEMEENTE
        for i in injects
        for n in i.nodes
        if m.node(n).party
    ) or any(i.channel.value == "leverancier" for i in injects)
    objs = objectives(language, chain)
    expectations: list[Expectation] = []
    for inject in injects:
        target = objective_for(inject, objs)
        if inject.expected and target is not None:
            expectations.append(
                Expectation(
                    f"e{len(expectations) + 1:02d}", inject.id, target, "; ".join(inject.expected)
                )
            )
    roles = tuple(
        Role(r, ROLE_NAMES[language][OwnerRole(r)], _ROLE_TEAMS.get(OwnerRole(r))) for r in role_ids
    )
    name = sc.name or sc.id
    return Exercise(
        id=exercise_id or f"oefening-{sc.id}",
        title=f"{'Oefening' if language == 'nl' else 'Exercise'}: {name}",
        map=map_version or MapVersion(m.source, ""),
        scenario=sc.id,
        duration=duration,
        seed=seed,
        language=language,
        start=start,
        description=sc.description,
        phases=phases,
        escalation=tuple(criteria),
        roles=roles,
        injects=tuple(injects),
        objectives=objs,
        expectations=tuple(expectations),
    )
