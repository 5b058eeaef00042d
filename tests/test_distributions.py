"""Uncertain durations: the tri(...) and lognormal(...) syntax, its round trips, and the draws."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from weerbaar.engine.simulate import TICKS_PER_HOUR
from weerbaar.model import MapError, apply_measure, dump_yaml, durations, parse_map
from weerbaar.model.durations import (
    Distribution,
    DistributionKind,
    DurationError,
    parse_uncertain,
)
from weerbaar.model.excel import export_xlsx, import_xlsx
from weerbaar.model.schema import json_schema
from weerbaar.scale.distributions import (
    MAX_HOURS,
    QuantityKind,
    Sampler,
    draw,
    sample_map,
    uncertain_quantities,
    widen,
)

UNCERTAIN = """\
weerbaar: 1
horizon: 30d
nodes:
  - id: stroom
    kind: infrastructure
  - id: netwerk
    restart: lognormal(2h, 0.5)
    requires:
      - node: stroom
        tolerance: tri(1h, 4h, 8h)
  - id: loket
    kind: process
    vital: true
    mtpd: 3d
    restart: tri(0h, 0h, 2h)
    requires:
      - netwerk
      - {node: stroom, tolerance: "tri(23m, 1d, 1w)"}
scenarios:
  - id: stroomstoring
    failures:
      - {node: stroom, at: 2h, duration: "tri(1d, 2d, 5d)"}
      - {node: netwerk, duration: 4h}
measures:
  - id: accu
    changes: [{add_tolerance: {node: netwerk, requirement: stroom, tolerance: 2d}}]
"""


def uncertain() -> object:
    return parse_map(UNCERTAIN, "kaart.yaml")


# -- the syntax ------------------------------------------------------------------


def test_it_reads_a_triangular_duration_and_keeps_its_mode_as_the_point() -> None:
    d = parse_uncertain("tri(2d, 3d, 7d)")
    assert isinstance(d, Distribution)
    assert d.kind is DistributionKind.TRIANGULAR
    assert d.params == (48.0, 72.0, 168.0)
    assert d.point == 72.0
    assert str(d) == "tri(2d, 3d, 1w)"


def test_it_reads_a_lognormal_duration_and_keeps_its_median_as_the_point() -> None:
    d = parse_uncertain(" LogNormal( 3d ,0.5 ) ")
    assert isinstance(d, Distribution)
    assert (d.kind, d.params, d.point) == (DistributionKind.LOGNORMAL, (72.0, 0.5), 72.0)
    assert str(d) == "lognormal(3d, 0.5)"


def test_it_reads_plain_durations_as_hours() -> None:
    assert parse_uncertain("90m") == 1.5
    assert parse_uncertain(4) == 4.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tri(3d, 2d, 7d)", "MIN <= MODE <= MAX"),
        ("tri(1d, 2d)", "takes three durations"),
        ("tri(1d, 2x, 3d)", "unknown unit 'x'"),
        ("lognormal(3d, 0)", "SIGMA larger than 0"),
        ("lognormal(3d, -1)", "SIGMA larger than 0"),
        ("lognormal(0h, 1)", "MEDIAN longer than 0"),
        ("lognormal(3d, wide)", "SIGMA must be a number"),
        ("gamma(3d, 1)", "unknown distribution 'gamma'"),
        ("tri(1d, 2d, 3d", "cut off"),
    ],
)
def test_it_says_what_is_wrong_with_a_distribution(text: str, message: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_uncertain(text)
    assert message in str(info.value)


def test_it_locates_a_bad_distribution_in_the_file() -> None:
    text = UNCERTAIN.replace("tri(1h, 4h, 8h)", "tri(8h, 4h, 1h)")
    with pytest.raises(MapError) as info:
        parse_map(text, "kaart.yaml")
    [problem] = info.value.problems
    assert str(problem).startswith("kaart.yaml:10: nodes.1.requires.0.tolerance: ")
    assert "MIN <= MODE <= MAX" in str(problem)


def test_it_tells_to_quote_a_distribution_inside_braces() -> None:
    text = UNCERTAIN.replace('"tri(23m, 1d, 1w)"', "tri(23m, 1d, 1w)")
    with pytest.raises(MapError) as info:
        parse_map(text, "kaart.yaml")
    assert any("in quotes" in str(p) and ":18:" in str(p) for p in info.value.problems)


def test_it_allows_distributions_only_where_durations_are_uncertain() -> None:
    text = UNCERTAIN.replace("mtpd: 3d", "mtpd: tri(1d, 2d, 3d)")
    with pytest.raises(MapError, match="mtpd"):
        parse_map(text)


# -- the model and its round trips -------------------------------------------------


def test_it_keeps_the_point_for_the_engine_and_the_spread_beside_it() -> None:
    m = uncertain()
    net = m.node("netwerk")
    assert net.restart == 2.0 and str(net.restart_spread) == "lognormal(2h, 0.5)"
    assert net.requires[0].tolerance == 4.0
    assert str(net.requires[0].tolerance_spread) == "tri(1h, 4h, 8h)"
    loket = m.node("loket")
    assert loket.requires[0].tolerance_spread is None
    [failure, plain] = m.scenario("stroomstoring").failures
    assert failure.duration == 48.0 and str(failure.duration_spread) == "tri(1d, 2d, 5d)"
    assert plain.duration_spread is None


def test_it_writes_distributions_back_to_yaml_losslessly() -> None:
    m = uncertain()
    text = dump_yaml(m)
    assert "restart: lognormal(2h, 0.5)" in text
    assert "tri(23m, 1d, 1w)" in text
    assert parse_map(text) == m


def test_it_writes_distributions_back_to_excel_losslessly(tmp_path: Path) -> None:
    m = uncertain()
    export_xlsx(m, tmp_path / "kaart.xlsx")
    assert import_xlsx(tmp_path / "kaart.xlsx") == m


def test_it_compares_spreads_so_a_changed_spread_is_a_changed_map() -> None:
    m = uncertain()
    other = parse_map(UNCERTAIN.replace("tri(1h, 4h, 8h)", "tri(2h, 4h, 8h)"))
    assert other != m


# Every duration of a map is 0 or between a millisecond and 100 years.
_hours = st.just(0.0) | st.floats(min_value=durations.MIN_HOURS, max_value=durations.MAX_HOURS)


@given(
    st.lists(_hours, min_size=3, max_size=3).map(sorted),
    _hours,
    st.floats(1e-6, durations.MAX_SIGMA),
)
def test_it_round_trips_any_distribution_through_its_text(
    points: list[float], median: float, sigma: float
) -> None:
    tri = Distribution(DistributionKind.TRIANGULAR, tuple(points))
    assert parse_uncertain(str(tri)) == tri
    if median > 0:
        logn = Distribution(DistributionKind.LOGNORMAL, (median, sigma))
        assert parse_uncertain(str(logn)) == logn


def test_it_publishes_the_syntax_in_the_json_schema() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())

    def valid(restart: object) -> bool:
        return validator.is_valid({"weerbaar": 1, "nodes": [{"id": "a", "restart": restart}]})

    assert valid("tri(2d, 3d, 7d)") and valid("lognormal(3d, 0.5)") and valid(4)
    assert not valid("tri(2d, 3d)") and not valid("lognormal(3d, x)")
    mtpd = {"weerbaar": 1, "nodes": [{"id": "a", "mtpd": "tri(1d, 2d, 3d)"}]}
    assert not validator.is_valid(mtpd)


# -- the draws -----------------------------------------------------------------------


def test_it_lists_the_uncertain_quantities_in_a_fixed_order() -> None:
    quantities = uncertain_quantities(uncertain(), "stroomstoring")
    assert [(q.kind, q.node, q.index) for q in quantities] == [
        (QuantityKind.DURATION, "stroom", 0),
        (QuantityKind.RESTART, "netwerk", 0),
        (QuantityKind.TOLERANCE, "netwerk", 0),
        (QuantityKind.RESTART, "loket", 0),
        (QuantityKind.TOLERANCE, "loket", 1),
    ]


def test_it_leaves_out_a_spread_that_a_measure_overruled() -> None:
    m = apply_measure(uncertain(), "accu")
    kinds = [(q.kind, q.node) for q in uncertain_quantities(m, "stroomstoring")]
    assert (QuantityKind.TOLERANCE, "netwerk") not in kinds


def test_it_draws_the_same_values_for_the_same_seed_only() -> None:
    m = uncertain()
    a, b = draw(m, "stroomstoring", 5, 200), draw(m, "stroomstoring", 5, 200)
    assert np.array_equal(a.ticks, b.ticks)
    assert not np.array_equal(a.ticks, draw(m, "stroomstoring", 6, 200).ticks)


def test_it_draws_a_sample_the_same_wherever_it_is_computed() -> None:
    spreads = tuple(q.spread for q in uncertain_quantities(uncertain(), "stroomstoring"))
    sampler = Sampler(spreads, seed=9)
    whole = sampler.matrix(0, 300)
    assert np.array_equal(sampler.matrix(120, 50), whole[:, 120:170])
    q, i = np.array([4, 0, 2]), np.array([299, 7, 7])
    assert np.array_equal(sampler.ticks(q, i), whole[q, i])


def test_it_draws_within_the_bounds_with_the_right_mean_and_median() -> None:
    spreads = (parse_uncertain("tri(1h, 2h, 6h)"), parse_uncertain("lognormal(3d, 0.5)"))
    hours = Sampler(spreads, seed=1).matrix(0, 100_000) / TICKS_PER_HOUR  # type: ignore[arg-type]
    assert hours[0].min() >= 1 and hours[0].max() <= 6
    assert hours[0].mean() == pytest.approx(3.0, rel=0.01)  # (1 + 2 + 6) / 3
    assert np.median(hours[1]) == pytest.approx(72.0, rel=0.01)
    assert hours[1].mean() == pytest.approx(72.0 * np.exp(0.5**2 / 2), rel=0.01)


def test_it_draws_a_degenerate_distribution_as_its_point() -> None:
    ticks = Sampler((parse_uncertain("tri(5h, 5h, 5h)"),), seed=3).matrix(0, 1000)
    assert (ticks == 5 * TICKS_PER_HOUR).all()


def test_it_caps_draws_so_that_ticks_and_hours_convert_exactly() -> None:
    wild = Sampler((parse_uncertain("lognormal(1w, 10)"),), seed=2).matrix(0, 10_000)
    assert wild.max() == round(MAX_HOURS * TICKS_PER_HOUR)
    assert all(round((t / TICKS_PER_HOUR) * TICKS_PER_HOUR) == t for t in wild[0].tolist())


def test_it_builds_the_map_one_sample_saw() -> None:
    m = uncertain()
    draws = draw(m, "stroomstoring", 11, 4)
    one = sample_map(m, draws, 3)
    failure = one.scenario("stroomstoring").failures[0]
    assert failure.duration == draws.ticks[0, 3] / TICKS_PER_HOUR
    assert failure.duration_spread is None
    net = one.node("netwerk")
    assert net.restart == draws.ticks[1, 3] / TICKS_PER_HOUR and net.restart_spread is None
    assert net.requires[0].tolerance == draws.ticks[2, 3] / TICKS_PER_HOUR
    assert one.node("stroom") == m.node("stroom")


def test_it_widens_every_certain_duration() -> None:
    m = widen(parse_map(UNCERTAIN.replace("lognormal(2h, 0.5)", "2h")), low=0.5, high=3.0)
    assert str(m.node("netwerk").restart_spread) == "tri(1h, 2h, 6h)"
    assert str(m.node("netwerk").requires[0].tolerance_spread) == "tri(1h, 4h, 8h)"  # kept
    assert str(m.scenario("stroomstoring").failures[1].duration_spread) == "tri(2h, 4h, 12h)"
    assert m.node("loket").requires[0].tolerance_spread is None  # 0 stays 0


def test_it_keeps_maps_without_spreads_as_they_were() -> None:
    m = parse_map("weerbaar: 1\nnodes: [{id: a, restart: 2h}]\n")
    assert replace(m.node("a"), restart_spread=None) == m.node("a")
    assert m.node("a").restart_spread is None
