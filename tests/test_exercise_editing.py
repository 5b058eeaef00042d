"""Editing a script: what each status allows, the clock's rule, and what hangs together."""

from __future__ import annotations

from dataclasses import replace

import pytest

from exercise_map import small_map
from weerbaar.exercise.editing import (
    EDITABLE,
    EditError,
    Part,
    Why,
    put_expectation,
    put_inject,
    put_objective,
    remove_inject,
    remove_objective,
)
from weerbaar.exercise.generate import generate
from weerbaar.exercise.model import Exercise, Status
from weerbaar.exercise.records import Capability, Expectation, Objective


@pytest.fixture
def ex() -> Exercise:
    return generate(small_map(), "ransom", duration=3.0, seed=1)


def test_the_table_closes_the_script_once_the_exercise_ended() -> None:
    assert EDITABLE[Status.DRAFT] == frozenset(Part)
    assert EDITABLE[Status.RUNNING] == frozenset(Part)
    assert not EDITABLE[Status.ENDED] and not EDITABLE[Status.EVALUATED]


def test_it_keeps_injects_in_time_order_and_renames_their_expectations(ex: Exercise) -> None:
    last = ex.injects[-1]
    first = ex.injects[0]
    moved = put_inject(ex, replace(first, id="nieuw", at=ex.duration), replacing=first.id)
    assert moved.injects[-1].id == "nieuw" and first.id not in {i.id for i in moved.injects}
    objective = Objective("d99", "Opschalen", Capability.OPSCHALING)
    with_exp = put_expectation(
        put_objective(ex, objective), Expectation("v99", last.id, "d99", "ROT bijeen")
    )
    renamed = put_inject(with_exp, replace(last, id="nieuw"), replacing=last.id)
    assert next(e for e in renamed.expectations if e.id == "v99").inject == "nieuw"
    gone = remove_inject(renamed, "nieuw")
    assert all(e.inject != "nieuw" for e in gone.expectations)
    assert all(e.objective != "d99" for e in remove_objective(with_exp, "d99").expectations)


def test_while_running_the_past_stays_as_it_was(ex: Exercise) -> None:
    running = replace(ex, status=Status.RUNNING)
    played = next(i for i in ex.injects if i.at <= 1.0)
    ahead = next(i for i in ex.injects if i.at > 1.0)
    for change in (
        lambda: put_inject(running, replace(played, title="x"), replacing=played.id, now=1.0),
        lambda: put_inject(running, replace(ahead, at=0.5), replacing=ahead.id, now=1.0),
        lambda: remove_inject(running, played.id, now=1.0),
    ):
        with pytest.raises(EditError) as caught:
            change()
        assert caught.value.why is Why.PAST
    assert remove_inject(running, ahead.id, now=1.0).injects != running.injects


def test_it_refuses_unknown_roles_taken_ids_late_times_and_a_closed_script(
    ex: Exercise,
) -> None:
    first = ex.injects[0]
    cases = [
        (lambda: put_inject(ex, replace(first, recipients=("niemand",)), replacing=first.id),
         Why.UNKNOWN),
        (lambda: put_inject(ex, replace(first, id=ex.injects[1].id), replacing=first.id),
         Why.TAKEN),
        (lambda: put_inject(ex, replace(first, at=ex.duration + 1), replacing=first.id),
         Why.LATE),
        (lambda: remove_inject(replace(ex, status=Status.ENDED), first.id), Why.CLOSED),
        (lambda: remove_objective(replace(ex, status=Status.RUNNING), ex.objectives[0].id,
                                  observed=True), Why.IN_USE),
    ]  # fmt: skip
    for change, why in cases:
        with pytest.raises(EditError) as caught:
            change()
        assert caught.value.why is why
