"""Decisions that change the story: re-simulation by the engine, re-timing of the rest."""

from __future__ import annotations

import pytest

from exercise_map import small_map
from weerbaar.engine.simulate import simulate
from weerbaar.exercise.generate import generate
from weerbaar.exercise.model import StateError
from weerbaar.exercise.records import Decision, EventKind, Intervention, InterventionKind
from weerbaar.exercise.retime import (
    InterventionError,
    intervene,
    intervention_at,
    played,
    timelines,
)
from weerbaar.model.riskmap import Failure

K = InterventionKind


def decide(ex, now: float, kind: InterventionKind, **kw):  # type: ignore[no-untyped-def]
    iv = Intervention(kind, intervention_at(ex, now), **kw)
    return intervene(
        ex, small_map(), Decision(now, "crisiscoordinator", "besluit", intervention=iv)
    )


def test_it_ends_a_failure_early_when_a_node_is_restored() -> None:
    m = small_map()
    p = played(m, m.scenario("stroom").failures, [Intervention(K.RESTORE, 1.0, node="stroom")])
    assert p.failures == [Failure("stroom", 0.0, 1.0)]
    # Within the network's 2h tolerance: nothing else goes down any more.
    assert set(simulate(p.map, p.failures, 240).down) == {"stroom"}


def test_a_fallback_counts_only_from_its_moment() -> None:
    m = small_map()
    fallback = Intervention(
        K.FALLBACK, 10.0, node="uitkeringen", requirement="suite", alternative="backup"
    )
    p = played(m, m.scenario("ransom").failures, [fallback])
    down = simulate(p.map, p.failures, 240).down
    # Down from the start as planned, back at 10h (+1h restart) instead of after four days.
    assert down["uitkeringen"] == [(0.0, 11.0)]
    assert all(n in p.helpers for n in down if n not in ("suite", "uitkeringen"))


def test_a_measure_of_the_map_is_taken_into_use_from_its_moment() -> None:
    m = small_map()
    p = played(m, m.scenario("ransom").failures, [Intervention(K.MEASURE, 5.0, measure="reserve")])
    assert simulate(p.map, p.failures, 240).down["uitkeringen"] == [(0.0, 6.0)]


def test_it_re_times_drops_and_adds_injects_after_an_intervention() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    now = 0.25
    result = decide(
        ex, now, K.FALLBACK, node="uitkeringen", requirement="suite", alternative="backup"
    )
    after = result.exercise
    # The past stays as played.
    assert [i for i in after.injects if i.at <= now] == [i for i in ex.injects if i.at <= now]
    # The MTPD of the benefits process is no longer breached: those injects are dropped.
    dropped = {(i.event, i.nodes) for i in result.dropped}
    assert (EventKind.MTPD_BREACH, ("uitkeringen",)) in dropped
    assert not any(i.event is EventKind.MTPD_BREACH for i in after.injects)
    # The decision is logged; every expectation still names an inject that exists.
    assert after.decisions[-1].intervention is not None
    ids = {i.id for i in after.injects}
    assert all(x.inject in ids for x in after.expectations)
    assert len(ids) == len(after.injects)


def test_it_adds_injects_for_a_new_failure() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    result = decide(ex, 0.5, K.FAIL, node="stroom", duration=3.0)
    added = [i for i in result.exercise.injects if i.id in result.added]
    assert any("stroom" in i.nodes and i.event is EventKind.DOWN for i in added)
    assert all(i.at >= 0.5 for i in added)


def test_it_replans_the_rest_when_the_story_no_longer_fits_the_session() -> None:
    ex = generate(small_map(), "stroom", duration=2.0, seed=1)
    result = decide(ex, 0.5, K.EXTEND, node="stroom", duration=72.0)
    after = result.exercise
    assert all(i.at <= after.duration for i in after.injects)
    assert [i.at for i in after.injects] == sorted(i.at for i in after.injects)
    ups = [i for i in after.injects if i.event is EventKind.UP and "stroom" in i.nodes]
    assert ups and ups[0].scenario_at == 78.0


def test_it_refuses_to_restore_a_node_that_is_down_for_another_reason() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    with pytest.raises(InterventionError, match="because of what it needs"):
        decide(ex, 0.5, K.RESTORE, node="uitkeringen")
    with pytest.raises(InterventionError, match="no node 'nergens'"):
        decide(ex, 0.5, K.FAIL, node="nergens")
    with pytest.raises(InterventionError, match="no measure"):
        decide(ex, 0.5, K.MEASURE, measure="geen")


def test_it_refuses_to_change_the_story_before_an_earlier_change() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    ex = decide(ex, 1.0, K.FAIL, node="stroom", duration=1.0).exercise
    with pytest.raises(StateError, match="later decision"):
        decide(ex, 0.5, K.FAIL, node="stroom", duration=1.0)


def test_the_after_action_timelines_show_the_plan_and_the_play() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    ex = decide(ex, 0.25, K.MEASURE, measure="reserve").exercise
    planned, as_played = timelines(small_map(), ex)
    assert planned.down["uitkeringen"][0][1] == 97.0
    assert as_played.down["uitkeringen"][0][1] < 97.0
    assert not any(".vanaf-" in n for n in as_played.down)


def test_a_decision_without_a_change_only_goes_into_the_log() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    result = intervene(ex, small_map(), Decision(0.3, "it", "Leverancier bellen", ex.injects[0].id))
    assert result.exercise.injects == ex.injects
    assert result.exercise.decisions[-1].text == "Leverancier bellen"
