"""Time compression and the live exercise clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from weerbaar.exercise.clock import Clock, ClockState, plan_phases, to_scenario, to_session

T0 = datetime(2026, 3, 12, 9, 0)


@given(
    st.lists(st.floats(0, 2000, allow_nan=False), min_size=1, max_size=60),
    st.floats(0.5, 8),
)
def test_it_maps_scenario_time_into_the_session_in_order(
    times: list[float], duration: float
) -> None:
    phases = plan_phases(times, duration)
    mapped = [to_session(phases, t) for t in sorted(times)]
    assert mapped == sorted(mapped)
    assert all(0 <= x <= duration + 1e-9 for x in mapped)
    assert all(p.rate >= 1 for p in phases)
    for t in times:
        assert to_session(phases, to_scenario(phases, to_session(phases, t))) == pytest.approx(
            to_session(phases, t), abs=1e-9
        )


def test_it_never_plays_faster_than_needed_nor_slower_than_real_time() -> None:
    phases = plan_phases([0.0, 1.0], duration=3.0)
    assert phases[0].rate == 1.0
    assert to_session(phases, 1.0) == 1.0


def test_the_clock_survives_a_restart_as_four_fields() -> None:
    c = Clock().start(T0)
    stored = (c.state, c.offset, c.speed, c.since)
    again = Clock(*stored)
    assert again.now(T0 + timedelta(minutes=12)) == pytest.approx(0.2)


def test_the_clock_pauses_speeds_up_and_jumps_ahead_only() -> None:
    c = Clock().start(T0).set_speed(T0 + timedelta(minutes=10), 2.0)
    assert c.now(T0 + timedelta(minutes=20)) == pytest.approx(0.5)
    c = c.pause(T0 + timedelta(minutes=20))
    assert c.now(T0 + timedelta(hours=5)) == pytest.approx(0.5)
    c = c.jump(T0 + timedelta(hours=5), 1.0)
    assert c.now(T0 + timedelta(hours=6)) == 1.0
    with pytest.raises(ValueError, match="only jumps ahead"):
        c.jump(T0, 0.2)
    c = c.end(T0 + timedelta(hours=6))
    assert c.state is ClockState.ENDED
    with pytest.raises(ValueError, match="the clock is ended"):
        c.resume(T0)
    with pytest.raises(ValueError, match="speed"):
        Clock().set_speed(T0, 0)
