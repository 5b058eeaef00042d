"""Decisions that change the story: re-simulate from a moment and re-time the rest.

An :class:`~weerbaar.exercise.records.Intervention` changes the scenario
from scenario time ``T`` on. It is turned into engine input that the
engine simulates exactly, so nothing of the cascade rules is repeated:

- ``restore`` ends a running initiating failure at ``T``; ``extend``
  lengthens it; ``fail`` starts a new one at ``T``;
- ``fallback`` adds an alternative to one requirement of a node — an
  existing node, or an ad-hoc one (a paper procedure) — that only counts
  from ``T``: the alternative is reached through a helper node that is
  down by an initiating failure until ``T``;
- ``measure`` takes a measure of the map into use at ``T``: its new nodes
  and alternatives are gated the same way, a shorter scenario duration
  ends the failure no earlier than ``T``. Its longer tolerances and
  faster restarts apply to the whole run (the engine has no switch for
  them); what was already played stays as played either way.

:func:`intervene` then makes the script of what remains: injects already
played stay; generated injects still to come are matched on their cause
and re-timed, dropped when their event no longer happens, and added for
new events. Phases (the compression) stay as planned unless what remains
no longer fits the session; then the rest is planned anew from now on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from weerbaar.engine.simulate import SimulationResult, simulate
from weerbaar.exercise.clock import JUMP, LEAD, TAIL, Phase, plan_phases, to_scenario, to_session
from weerbaar.exercise.generate import number, objective_for, phase_injects, render, storyline
from weerbaar.exercise.model import Exercise, StateError
from weerbaar.exercise.records import (
    Decision,
    EventKind,
    Expectation,
    Inject,
    Intervention,
    InterventionKind,
)
from weerbaar.model.measures import apply_change
from weerbaar.model.riskmap import (
    AddAlternative,
    AddNode,
    Failure,
    Node,
    NodeKind,
    Requirement,
    RiskMap,
    ScenarioDuration,
)


class InterventionError(ValueError):
    """An intervention that does not fit the map or the moment."""


@dataclass
class Played:
    """The map and failures of the story as played, and the helper nodes added to gate changes."""

    map: RiskMap
    failures: list[Failure]
    helpers: set[str]

    def gate(self, node: Node, until: float) -> None:
        """Add ``node``, down by an initiating failure until ``until`` (it counts from then on)."""
        self.map = apply_change(self.map, AddNode(node))
        if until > 0:
            self.failures.append(Failure(node.id, 0.0, until))
        self.helpers.add(node.id)

    def gated_alternative(self, node: str, requirement: str, alternative: str, at: float) -> None:
        gate = Node(
            id=f"{alternative}.vanaf-{len(self.helpers) + 1}",
            kind=NodeKind.SERVICE,
            requires=(Requirement((alternative,)),),
        )
        self.gate(gate, at)
        self.map = apply_change(self.map, AddAlternative(node, requirement, gate.id))


def _running(failures: Sequence[Failure], node: str, at: float) -> int | None:
    """Index of the failure of ``node`` running at ``at`` (or the last one begun before)."""
    begun = [i for i, f in enumerate(failures) if f.node == node and f.at <= at]
    running = [
        i
        for i in begun
        if failures[i].duration is None or at < failures[i].at + (failures[i].duration or 0)
    ]
    found = running or begun
    return found[-1] if found else None


def _apply(p: Played, iv: Intervention) -> None:
    t = iv.scenario_at
    nodes = {n.id: n for n in p.map.nodes}
    if iv.node is not None and iv.node not in nodes:
        raise InterventionError(f"the map has no node {iv.node!r}")
    if iv.kind is InterventionKind.RESTORE:
        i = _running(p.failures, iv.node or "", t)
        f = p.failures[i] if i is not None else None
        if f is None or (f.duration is not None and f.at + f.duration <= t):
            raise InterventionError(
                f"{iv.node!r} has no failure of the scenario running at this moment; if it is "
                "down, it is because of what it needs: restore that, or take a fallback"
            )
        p.failures[i] = replace(f, duration=t - f.at, duration_spread=None)  # type: ignore[index]
    elif iv.kind is InterventionKind.EXTEND:
        i = _running(p.failures, iv.node or "", t)
        if i is None or not iv.duration:
            raise InterventionError(
                f"{iv.node!r} has no failure to extend; give a node that failed and a duration"
            )
        f = p.failures[i]
        if f.duration is None:
            raise InterventionError(f"the failure of {iv.node!r} already lasts to the end")
        p.failures[i] = replace(f, duration=f.duration + iv.duration, duration_spread=None)
    elif iv.kind is InterventionKind.FAIL:
        if iv.node is None:
            raise InterventionError("a new failure needs a node")
        p.failures.append(Failure(iv.node, t, iv.duration))
    elif iv.kind is InterventionKind.FALLBACK:
        node = nodes.get(iv.node or "")
        if node is None or iv.requirement is None:
            raise InterventionError(
                "a fallback needs a node and the requirement (one of its members) it replaces"
            )
        if not any(iv.requirement in r.members for r in node.requires):
            raise InterventionError(
                f"{node.id!r} has no requirement with member {iv.requirement!r}"
            )
        if iv.alternative is not None:
            if iv.alternative not in nodes:
                raise InterventionError(f"the map has no node {iv.alternative!r}")
            p.gated_alternative(node.id, iv.requirement, iv.alternative, t)
        else:
            adhoc = Node(
                id=f"noodvoorziening-{len(p.helpers) + 1}",
                kind=NodeKind.SERVICE,
                name="Noodvoorziening",
            )
            p.gate(adhoc, t)
            p.map = apply_change(p.map, AddAlternative(node.id, iv.requirement, adhoc.id))
    elif iv.kind is InterventionKind.MEASURE:
        try:
            measure = p.map.measure(iv.measure or "")
        except KeyError:
            raise InterventionError(f"the map has no measure {iv.measure!r}") from None
        for change in measure.changes:
            if isinstance(change, AddNode):
                p.gate(change.node, t)
            elif isinstance(change, AddAlternative):
                p.gated_alternative(change.node, change.requirement, change.alternative, t)
            elif isinstance(change, ScenarioDuration):
                p.failures = [
                    replace(f, duration=max(change.duration, t - f.at), duration_spread=None)
                    if change.node in (None, f.node)
                    and f.at <= t
                    and (f.duration is None or change.duration < f.duration)
                    else f
                    for f in p.failures
                ]
            else:
                p.map = apply_change(p.map, change)


def played(
    m: RiskMap, failures: Sequence[Failure], interventions: Sequence[Intervention]
) -> Played:
    """The engine input of the story with ``interventions`` made, in order."""
    p = Played(m, list(failures), set())
    for iv in interventions:
        _apply(p, iv)
    return p


def _horizon(m: RiskMap, ex: Exercise) -> float:
    sc = m.scenario(ex.scenario)
    return sc.horizon if sc.horizon is not None else m.horizon


def timelines(m: RiskMap, ex: Exercise) -> tuple[SimulationResult, SimulationResult]:
    """The cascade as planned and as played (helper nodes left out), for the after-action report."""
    horizon = _horizon(m, ex)
    failures = m.scenario(ex.scenario).failures
    planned = simulate(m, failures, horizon)
    p = played(m, failures, ex.interventions)
    result = simulate(p.map, p.failures, horizon)
    down = {n: ivs for n, ivs in result.down.items() if n not in p.helpers}
    deadlock = [n for n in result.deadlock if n not in p.helpers]
    return planned, SimulationResult(result.scenario, result.horizon, down, deadlock)


def _replan(ex: Exercise, now: float, at: float, times: Sequence[float]) -> tuple[Phase, ...]:
    """Phases that fit what remains after scenario hour ``at`` into the rest of the session.

    The phases played so far stay; the current one ends at ``at``.
    """
    past = [p for p in ex.phases if p.at <= now]
    if past:
        past[-1] = replace(past[-1], scenario_end=min(past[-1].scenario_end, at))
    rest = [t for t in times if t > at]
    if not rest:
        return tuple(past)
    future = plan_phases(rest, max(ex.duration - now - LEAD, LEAD), JUMP)
    return (*past, *(replace(p, at=p.at + now + LEAD) for p in future))


def intervention_at(ex: Exercise, now: float) -> float:
    """The scenario hour an intervention decided at exercise hour ``now`` takes effect."""
    return to_scenario(ex.phases, now) if ex.phases else now


@dataclass(frozen=True)
class Retimed:
    """The exercise after an intervention, and what changed in the script."""

    exercise: Exercise
    retimed: tuple[str, ...]
    dropped: tuple[Inject, ...]
    added: tuple[str, ...]


def intervene(ex: Exercise, m: RiskMap, decision: Decision) -> Retimed:
    """Log ``decision`` and, with its intervention, re-simulate and re-time what remains."""
    now = decision.at
    if any(d.at > now for d in ex.decisions if d.intervention is not None):
        raise StateError("a decision cannot change the story before a later decision already did")
    iv = decision.intervention
    if iv is None:
        return Retimed(replace(ex, decisions=(*ex.decisions, decision)), (), (), ())
    failures = m.scenario(ex.scenario).failures
    p = played(m, failures, (*ex.interventions, iv))
    result = simulate(p.map, p.failures, _horizon(m, ex))
    phases = ex.phases
    rough = storyline(p.map, result, p.failures, ex.escalation, p.helpers)
    last = max((e.scenario_at for e in rough.events), default=0.0)
    replanned = bool(phases) and to_session(phases, last) > ex.duration - TAIL
    if replanned:
        phases = _replan(ex, now, iv.scenario_at, [e.scenario_at for e in rough.events])
    theme = m.scenario(ex.scenario).theme
    story = storyline(
        p.map, result, p.failures, ex.escalation, p.helpers, phases, theme.value if theme else None
    )
    fresh = {
        i.cause: i
        for _e, i in render(
            p.map,
            story,
            phases,
            seed=ex.seed,
            language=ex.language,
            start=ex.start,
            duration=ex.duration,
        )
    }
    keep: list[Inject] = []
    retimed: list[str] = []
    dropped: list[Inject] = []
    for old in ex.injects:
        if replanned and old.at > now and old.event is EventKind.PHASE:
            dropped.append(old)  # the time jumps ahead are planned anew
            continue
        if old.at <= now or old.cause is None:
            keep.append(old)  # played, or written by hand: stays as it is
            if old.cause is not None:
                fresh.pop(old.cause, None)
            continue
        new = fresh.pop(old.cause, None)
        if new is None:
            dropped.append(old)
            continue
        moved = replace(new, id=old.id, at=max(new.at, now), extra=old.extra)
        if moved.at != old.at or moved.text != old.text:
            retimed.append(old.id)
        keep.append(moved)
    taken = {i.id for i in ex.injects}
    added = [i for i in fresh.values() if i.at >= now]  # what the decision sets off now, too
    if replanned:
        roles = [r.id for r in ex.roles]
        jumps = phase_injects(p.map, story, phases, roles, language=ex.language, start=ex.start)
        added += [i for i in jumps if (i.scenario_at or 0) > iv.scenario_at + JUMP]
    injects = number([*keep, *added], taken)
    new_ids = tuple(i.id for i in injects if i.id not in taken)
    gone = {i.id for i in dropped}
    expectations = [x for x in ex.expectations if x.inject not in gone]
    for inject in injects:
        target = objective_for(inject, ex.objectives)
        if inject.id in new_ids and inject.expected and target is not None:
            expectations.append(
                Expectation(
                    f"e{len(expectations) + 1:02d}-{inject.id}",
                    inject.id,
                    target,
                    "; ".join(inject.expected),
                )
            )
    exercise = replace(
        ex,
        phases=phases,
        injects=tuple(injects),
        expectations=tuple(expectations),
        decisions=(*ex.decisions, decision),
    )
    return Retimed(exercise, tuple(retimed), tuple(dropped), new_ids)
