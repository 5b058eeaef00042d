"""Changing an exercise's script: injects, objectives and expectations, with the rules.

What may change depends on the exercise's status, as a table
(:data:`EDITABLE`), like :func:`weerbaar.exercise.model.transition`:

- a draft or planned exercise: everything;
- a running or paused one: only what still lies ahead. An inject that was
  already played (its time at or before the clock) stays as it was, and no
  inject is moved into the past: the players saw what they saw. The same
  holds for the expectations on such injects. Objectives may be reworded,
  not removed: observations may name them;
- an ended or evaluated exercise: nothing; its script is the record of what
  was played.

Each function returns the changed exercise or raises :class:`EditError`
with a :class:`Why` that the caller turns into a message in its language.
Removing an inject or an objective removes the expectations hanging on it.

Examples
--------
>>> from weerbaar.exercise.model import MapVersion
>>> from weerbaar.exercise.records import Channel, Role
>>> ex = Exercise("x", "X", MapVersion("m", "0"), "s", 3.0, 1, roles=(Role("ciso", "CISO"),))
>>> ex = put_inject(ex, Inject("i01", 1.0, "Storing", ("ciso",), Channel.TELEFOON))
>>> [i.id for i in ex.injects]
['i01']
>>> running = replace(ex, status=Status.RUNNING)
>>> remove_inject(running, "i01", now=1.5)
Traceback (most recent call last):
...
weerbaar.exercise.editing.EditError: past: i01
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import StrEnum
from typing import TypeVar

from weerbaar.exercise.model import Exercise, Status
from weerbaar.exercise.records import Expectation, Inject, Objective

_Item = TypeVar("_Item", Inject, Objective, Expectation)


class Part(StrEnum):
    INJECT = "inject"
    OBJECTIVE = "objective"
    EXPECTATION = "expectation"


class Why(StrEnum):
    """Why a change was refused."""

    CLOSED = "closed"  # the exercise ended: its script is a record
    PAST = "past"  # the inject was played, or would be moved into the past
    IN_USE = "in-use"  # an objective named by observations while running
    UNKNOWN = "unknown"  # an id, role, inject or objective that does not exist
    TAKEN = "taken"  # a new id already in use
    LATE = "late"  # a time after the end of the session


class EditError(ValueError):
    def __init__(self, why: Why, subject: str) -> None:
        super().__init__(f"{why.value}: {subject}")
        self.why, self.subject = why, subject


_ALL = frozenset(Part)
#: What may change in each status; "ahead only" applies while the clock runs.
EDITABLE: dict[Status, frozenset[Part]] = {
    Status.DRAFT: _ALL,
    Status.PLANNED: _ALL,
    Status.RUNNING: _ALL,
    Status.PAUSED: _ALL,
    Status.ENDED: frozenset(),
    Status.EVALUATED: frozenset(),
}
#: Statuses in which only what lies ahead of the clock may change.
LIVE = frozenset({Status.RUNNING, Status.PAUSED})


def _open(ex: Exercise, part: Part, subject: str) -> None:
    if part not in EDITABLE[ex.status]:
        raise EditError(Why.CLOSED, subject)


def _ahead(ex: Exercise, at: float, now: float | None, subject: str) -> None:
    if ex.status in LIVE and now is not None and at <= now:
        raise EditError(Why.PAST, subject)


def next_id(prefix: str, taken: Iterable[str]) -> str:
    """The first free ``prefix01``, ``prefix02``, ...

    >>> next_id("d", ["d01", "d03"])
    'd02'
    """
    used = set(taken)
    n = 1
    while f"{prefix}{n:02d}" in used:
        n += 1
    return f"{prefix}{n:02d}"


def put_inject(
    ex: Exercise, inject: Inject, *, replacing: str | None = None, now: float | None = None
) -> Exercise:
    """``inject`` added, or in place of the inject ``replacing``; kept in time order."""
    _open(ex, Part.INJECT, inject.id)
    if inject.at > ex.duration or inject.at < 0:
        raise EditError(Why.LATE, inject.id)
    roles = {r.id for r in ex.roles}
    for r in inject.recipients:
        if r not in roles:
            raise EditError(Why.UNKNOWN, r)
    others = [i for i in ex.injects if i.id != replacing]
    if replacing is not None:
        old = _find(ex.injects, replacing)
        _ahead(ex, old.at, now, replacing)
    if any(i.id == inject.id for i in others):
        raise EditError(Why.TAKEN, inject.id)
    _ahead(ex, inject.at, now, inject.id)
    injects = sorted([*others, inject], key=lambda i: i.at)
    expectations = ex.expectations
    if replacing is not None and replacing != inject.id:
        expectations = tuple(
            replace(e, inject=inject.id) if e.inject == replacing else e for e in expectations
        )
    return replace(ex, injects=tuple(injects), expectations=expectations)


def remove_inject(ex: Exercise, inject_id: str, *, now: float | None = None) -> Exercise:
    """The exercise without the inject and the expectations on it."""
    _open(ex, Part.INJECT, inject_id)
    old = _find(ex.injects, inject_id)
    _ahead(ex, old.at, now, inject_id)
    return replace(
        ex,
        injects=tuple(i for i in ex.injects if i.id != inject_id),
        expectations=tuple(e for e in ex.expectations if e.inject != inject_id),
    )


def put_objective(ex: Exercise, objective: Objective, *, replacing: str | None = None) -> Exercise:
    """``objective`` added, or in place of ``replacing`` (its id stays the same)."""
    _open(ex, Part.OBJECTIVE, objective.id)
    if replacing is None:
        if any(o.id == objective.id for o in ex.objectives):
            raise EditError(Why.TAKEN, objective.id)
        return replace(ex, objectives=(*ex.objectives, objective))
    _find(ex.objectives, replacing)
    objective = replace(objective, id=replacing)
    return replace(
        ex, objectives=tuple(objective if o.id == replacing else o for o in ex.objectives)
    )


def remove_objective(ex: Exercise, objective_id: str, *, observed: bool = False) -> Exercise:
    """The exercise without the objective and its expectations.

    ``observed``: observations name it (the caller knows its logged rows);
    then it stays once the exercise has started.
    """
    _open(ex, Part.OBJECTIVE, objective_id)
    _find(ex.objectives, objective_id)
    if ex.status in LIVE and observed:
        raise EditError(Why.IN_USE, objective_id)
    return replace(
        ex,
        objectives=tuple(o for o in ex.objectives if o.id != objective_id),
        expectations=tuple(e for e in ex.expectations if e.objective != objective_id),
    )


def put_expectation(
    ex: Exercise,
    expectation: Expectation,
    *,
    replacing: str | None = None,
    now: float | None = None,
) -> Exercise:
    """``expectation`` added, or in place of ``replacing`` (rating and note kept)."""
    _open(ex, Part.EXPECTATION, expectation.id)
    inject = _find(ex.injects, expectation.inject)
    _find(ex.objectives, expectation.objective)
    _ahead(ex, inject.at, now, expectation.id)
    if replacing is None:
        if any(e.id == expectation.id for e in ex.expectations):
            raise EditError(Why.TAKEN, expectation.id)
        return replace(ex, expectations=(*ex.expectations, expectation))
    old = _find(ex.expectations, replacing)
    _ahead(ex, _find(ex.injects, old.inject).at, now, replacing)
    new = replace(expectation, id=replacing, rating=old.rating, note=old.note)
    return replace(ex, expectations=tuple(new if e.id == replacing else e for e in ex.expectations))


def remove_expectation(ex: Exercise, expectation_id: str, *, now: float | None = None) -> Exercise:
    _open(ex, Part.EXPECTATION, expectation_id)
    old = _find(ex.expectations, expectation_id)
    _ahead(ex, _find(ex.injects, old.inject).at, now, expectation_id)
    return replace(ex, expectations=tuple(e for e in ex.expectations if e.id != expectation_id))


def _find(items: Iterable[_Item], ident: str) -> _Item:
    for item in items:
        if item.id == ident:
            return item
    raise EditError(Why.UNKNOWN, ident)
