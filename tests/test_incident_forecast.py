"""The live forecast of an incident: exact from now, Monte Carlo over uncertain restores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from weerbaar.incident.forecast import ForecastError, Outage, forecast
from weerbaar.model import parse_map, parse_uncertain

MAP = parse_map(
    """
weerbaar: 1
horizon: 10d
nodes:
  - {id: net}
  - {id: suite, restart: 6h}
  - {id: loket, kind: process, vital: true, mtpd: 4h, requires: [net]}
  - id: balie
    kind: process
    vital: true
    mtpd: 15h
    restart: 2h
    requires: [{node: suite, tolerance: 1h}]
  - {id: archief, kind: process, vital: true, mtpd: 1w}
"""
)
T0 = datetime(2026, 12, 5, 8, tzinfo=UTC)


def h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_it_forecasts_when_each_process_goes_down_comes_back_and_breaches() -> None:
    f = forecast(MAP, [Outage("suite", T0, expected=20.0)], h(0.5))
    balie = f.process("balie")
    # Down once the tolerance of 1h runs out; back 2h (its restart) after the
    # suite, whose own restart the expected 20h already includes.
    assert (balie.down, balie.up, balie.breach) == (h(1), h(22), h(16))
    assert [p.node for p in f.processes] == ["balie"]
    assert f.breaches() == {"balie"}


def test_it_counts_a_node_still_down_as_down_at_least_until_now() -> None:
    # Expected back after 2h, but it is 6h later and nobody recorded a restore.
    f = forecast(MAP, [Outage("net", T0, expected=2.0)], h(6))
    loket = f.process("loket")
    assert loket.up == h(6) and loket.breach == h(4)
    assert f.breaches() == set()  # breached in the past: nothing left to prevent


def test_it_uses_a_recorded_restore_instead_of_the_expectation() -> None:
    f = forecast(MAP, [Outage("net", T0, restored=h(3), expected=48.0)], h(5))
    loket = f.process("loket")
    assert (loket.down, loket.up, loket.breach) == (None, None, None)
    assert f.down["loket"] == [(T0, h(3))]


def test_it_keeps_a_node_without_an_expected_restore_down() -> None:
    f = forecast(MAP, [Outage("net", T0)], h(1))
    assert f.process("loket").up is None and f.process("loket").breach == h(4)


def test_it_gives_the_probability_of_a_breach_over_an_uncertain_restore() -> None:
    # The suite is out for D ~ tri(10h, 20h, 30h); the balie is down on [1h, D + 2h),
    # longer than its MTPD of 15h when D > 14h: P = 1 - 4²/(20·10) = 0.92.
    spread = parse_uncertain("tri(10h, 20h, 30h)")
    f = forecast(MAP, [Outage("suite", T0, expected=spread)], h(1), samples=4000, seed=3)
    balie = f.process("balie")
    assert balie.p_breach == pytest.approx(0.92, abs=0.015)
    assert balie.p_down == 1.0
    assert balie.breach_range is not None and balie.breach_range[1] == h(16)
    again = forecast(MAP, [Outage("suite", T0, expected=spread)], h(1), samples=4000, seed=3)
    assert again.process("balie").p_breach == balie.p_breach


def test_it_draws_no_restore_before_now() -> None:
    # Every draw of tri(1h, 2h, 3h) lies before now (5h): each is a restore now.
    spread = parse_uncertain("tri(1h, 2h, 3h)")
    f = forecast(MAP, [Outage("net", T0, expected=spread)], h(5), samples=500, seed=1)
    loket = f.process("loket")
    assert loket.p_breach == 1.0 and loket.breach_range == (h(4), h(4), h(4))
    assert loket.up == h(5)


@pytest.mark.parametrize(
    ("outages", "message"),
    [
        ([], "no affected nodes"),
        ([Outage("nope", T0)], "nope: no such node"),
        ([Outage("net", T0), Outage("net", T0)], "net: named twice"),
        ([Outage("net", h(2))], "net: went down after now"),
        ([Outage("net", T0, restored=T0 - timedelta(hours=1))], "net: restored before"),
    ],
)
def test_it_refuses_an_incident_it_cannot_forecast(outages: list[Outage], message: str) -> None:
    with pytest.raises(ForecastError, match=message):
        forecast(MAP, outages, h(1))


def test_it_refuses_a_number_of_samples_out_of_bounds() -> None:
    with pytest.raises(ForecastError, match="samples"):
        forecast(MAP, [Outage("net", T0)], h(1), samples=-1)
