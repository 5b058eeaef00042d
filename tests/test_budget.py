"""The risk-based budget: combinations simulated, the exact frontier, the greedy gap."""

from __future__ import annotations

from itertools import combinations

import pytest

from weerbaar.accountability.budget import MAX_EXACT, Method, plan_budget, touches
from weerbaar.engine import simulate
from weerbaar.model import MapError, parse_map
from weerbaar.model.measures import apply_measure
from weerbaar.scoring import assess, default_profile

# Two internet lines are not twice one: the second line only helps together
# with the router that the first measure adds (a measure that does nothing
# alone), and a power buffer and a shorter outage overlap.
MAP = """\
weerbaar: 1
nodes:
  - {id: stroom, kind: infrastructure}
  - {id: internet, kind: service, requires: [stroom]}
  - {id: app, requires: [internet], restart: 6h}
  - id: loket
    kind: process
    requires: [app]
    impact: {per_day: {costs: 900000}, steps: [{after: 12h, daily_life: 3000}]}
  - id: haven
    kind: process
    requires: [stroom]
    impact: {per_day: {costs: 200000}}
  - {id: los, kind: system}
scenarios:
  - {id: stroomuitval, likelihood: C, failures: [{node: stroom, duration: 1d}]}
  - {id: storing, likelihood: D, failures: [{node: internet, duration: 3d}]}
  - {id: zonder-kans, failures: [{node: internet, duration: 1d}]}
  - {id: elders, likelihood: D, failures: [{node: los, duration: 1d}]}
measures:
  - id: tweede-lijn
    cost: 10000
    changes:
      - add_node: {id: lijn2, kind: service}
      - add_alternative: {node: app, requirement: internet, alternative: lijn2}
  - id: accu
    cost: 4000
    changes: [{add_tolerance: {node: internet, requirement: stroom, tolerance: 8h}}]
  - id: snel-herstel
    cost: 3000
    changes: [{restart: {node: app, restart: 1h}}]
  - id: korter
    cost: 6000
    changes: [{scenario_duration: {scenario: storing, duration: 12h}}]
  - id: minder-kans
    cost: 2000
    changes: [{likelihood: {scenario: storing, class: B}}]
  - id: kans-elders
    cost: 1000
    changes: [{likelihood: {scenario: zonder-kans, class: E}}]
"""


def brute_force(m, chosen):  # type: ignore[no-untyped-def]
    """Every scenario simulated with every chosen measure: no shortcut at all."""
    profile = default_profile()
    for me in chosen:
        m = apply_measure(m, me)
    return sum(assess(m, simulate(m, sc.id), profile).expected for sc in m.scenarios)


def test_it_prices_every_combination_as_the_engine_does() -> None:
    m = parse_map(MAP)
    result = plan_budget(m, 1e9)
    ids = [me.id for me in m.measures]
    risks = {
        frozenset(combo): brute_force(m, combo)
        for k in range(len(ids) + 1)
        for combo in combinations(ids, k)
    }
    for p in result.frontier:
        assert p.risk == pytest.approx(risks[frozenset(p.measures)], rel=1e-12, abs=1e-15)
    # The frontier is every combination no cheaper one beats.
    cost = {me.id: me.cost for me in m.measures}
    for combo, risk in risks.items():
        price = sum(cost[i] for i in combo)
        best_at_price = min(p.risk for p in result.frontier if p.cost <= price)
        assert best_at_price <= risk + 1e-12
    assert result.baseline == pytest.approx(risks[frozenset()])


def test_it_simulates_each_scenario_only_for_the_measures_that_touch_it() -> None:
    m = parse_map(MAP)
    touch = touches(m, m.measures)
    assert touch["elders"].simulated == () and touch["elders"].likelihood == ()
    assert touch["storing"].simulated == (0, 2, 3)  # accu: power is not down there
    assert touch["storing"].likelihood == ((4, "B"),)
    assert touch["stroomuitval"].simulated == (0, 1, 2)
    # 2**3 + 2**3 + 2**2 (zonder-kans: tweede-lijn, snel-herstel) + 1
    assert plan_budget(m, 0).simulations == 8 + 8 + 4 + 1


def test_it_sees_that_measures_interact() -> None:
    # With a second line, a shorter internet outage buys nothing more.
    m = parse_map(MAP)
    base = brute_force(m, [])
    line, shorter = brute_force(m, ["tweede-lijn"]), brute_force(m, ["korter"])
    both = brute_force(m, ["tweede-lijn", "korter"])
    assert both == pytest.approx(line) and shorter < base
    assert both > base - (base - line) - (base - shorter) + 1e-9  # adding effects is wrong
    result = plan_budget(m, 1e9, measures=["tweede-lijn", "korter"])
    assert [p.measures for p in result.frontier] == [(), ("korter",), ("tweede-lijn",)]


def test_it_chooses_the_best_combination_within_the_budget() -> None:
    m = parse_map(MAP)
    result = plan_budget(m, 7000)
    assert result.method is Method.EXACT
    assert result.best.cost <= 7000
    ids = [me.id for me in m.measures]
    cost = {me.id: me.cost for me in m.measures}
    affordable = [
        combo
        for k in range(len(ids) + 1)
        for combo in combinations(ids, k)
        if sum(cost[i] for i in combo) <= 7000
    ]
    best = min(brute_force(m, c) for c in affordable)
    assert result.best.risk == pytest.approx(best)
    assert plan_budget(m, 0).best.measures == ()


def test_it_never_chooses_a_measure_that_only_adds_risk() -> None:
    # Giving the scenario without likelihood one makes its risk count: never chosen.
    m = parse_map(MAP)
    result = plan_budget(m, 1e9)
    assert all("kans-elders" not in p.measures for p in result.frontier)


def test_the_greedy_heuristic_stays_close_to_the_exact_answer() -> None:
    m = parse_map(MAP)
    for budget in (0, 3000, 7000, 12000, 20000, 1e9):
        exact = plan_budget(m, budget).best
        greedy = plan_budget(m, budget, method=Method.GREEDY)
        assert greedy.method is Method.GREEDY
        assert greedy.best.cost <= budget
        assert greedy.best.risk >= exact.risk - 1e-12  # never better than exact
        assert greedy.best.risk <= exact.risk * 1.25 + 1e-9
        assert greedy.best.risk == pytest.approx(brute_force(m, greedy.best.measures))


def test_it_refuses_bad_requests_with_a_reason() -> None:
    m = parse_map(MAP)
    with pytest.raises(MapError, match="the map has no measure 'nope'"):
        plan_budget(m, 1000, measures=["nope"])
    with pytest.raises(MapError, match="negative"):
        plan_budget(m, -1)
    many = MAP + "".join(
        f"  - {{id: m{i}, cost: 1, changes: [{{restart: {{node: app, restart: 2h}}}}]}}\n"
        for i in range(MAX_EXACT)
    )
    with pytest.raises(MapError, match="at most 15"):
        plan_budget(parse_map(many), 10, method=Method.EXACT)
    assert plan_budget(parse_map(many), 10).method is Method.GREEDY


def test_it_limits_the_search_to_the_measures_asked_for() -> None:
    m = parse_map(MAP)
    result = plan_budget(m, 1e9, measures=["accu", "korter"])
    assert result.candidates == ("accu", "korter")
    assert {i for p in result.frontier for i in p.measures} <= {"accu", "korter"}


def test_it_answers_on_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from click.testing import CliRunner

    from weerbaar.cli import main

    path = tmp_path / "m.yaml"
    path.write_text(MAP, encoding="utf-8")
    svg = tmp_path / "f.svg"
    done = CliRunner().invoke(
        main, ["budget", str(path), "--budget", "7000", "--svg", str(svg), "--processes", "1"]
    )
    assert done.exit_code == 0, done.output
    assert "Within € 7,000" in done.output and "Efficient frontier" in done.output
    assert svg.read_text().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    as_json = CliRunner().invoke(main, ["budget", str(path), "--budget", "7000", "--json"])
    doc = json.loads(as_json.output)
    assert doc["method"] == "exact" and doc["best"]["cost"] <= 7000
    assert doc["best"]["risk"] == pytest.approx(plan_budget(parse_map(MAP), 7000).best.risk)
    wrong = CliRunner().invoke(main, ["budget", str(path), "--budget", "1", "--measure", "x"])
    assert wrong.exit_code == 2 and "--measure: the map has no measure 'x'" in wrong.output
