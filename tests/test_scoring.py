"""Scoring simulated scenarios: quantities, classes, score, MTPD and measures."""

from __future__ import annotations

from dataclasses import replace

import pytest

from weerbaar.engine import simulate
from weerbaar.model import Impact, ImpactStep, MapError, RiskMap, parse_map
from weerbaar.scoring import (
    Assessment,
    assess,
    assess_scenarios,
    check_criteria,
    measure_effect,
    node_impact,
    parse_profile,
)

# Round thresholds (factors of ten) so the hand calculations stay readable.
PROFILE = parse_profile(
    """\
weerbaar_profile: 1
id: test
name: Test profile
provenance: made up for the tests
points: {A: 1, B: 3, C: 9, D: 27, E: 81}
interests:
  - id: economic_security
    name: Economische veiligheid
    weight: 0.4
    criteria:
      - {id: costs, name: Kosten, thresholds: {A: 1e5, B: 3e5, C: 1e6, D: 3e6, E: 1e7}}
  - id: physical_security
    name: Fysieke veiligheid
    weight: 0.3
    criteria:
      - {id: primary_needs, name: Primair, thresholds: {A: 10, B: 100, C: 1e3, D: 1e4, E: 1e5}}
  - id: social_political_stability
    name: Sociale en politieke stabiliteit
    weight: 0.3
    criteria:
      - {id: daily_life, name: Dagelijks, thresholds: {A: 10, B: 100, C: 1e3, D: 1e4, E: 1e5}}
      - {id: social_psychological, name: Sociaal-psychologisch, class_only: true}
likelihood:
  - {class: A, name: a, five_year: ["0%", "0.05%"], yearly: 0.00003}
  - {class: B, name: b, five_year: ["0.05%", "0.5%"], yearly: 0.0003}
  - {class: C, name: c, five_year: ["0.5%", "5%"], yearly: 0.003}
  - {class: D, name: d, five_year: ["5%", "50%"], yearly: 0.03}
  - {class: E, name: e, five_year: ["50%", "100%"], yearly: 0.2}
""",
    "test-profile.yaml",
)

THREE_NODES = """\
weerbaar: 1
horizon: 10d
nodes:
  - id: net
    kind: infrastructure
  - id: loket
    kind: process
    requires: [net]
    mtpd: 1d
    impact:
      per_day: {costs: 100000}
      steps:
        - {after: 1d, daily_life: 1000}
        - {after: 2d, daily_life: 3000}
        - {after: 4d, daily_life: 9000}
  - id: zorg
    kind: process
    requires: [{node: net, tolerance: 1d}]
    mtpd: 3d
    impact:
      per_day: {costs: 50000}
      steps:
        - {after: 0h, social_psychological: B}
        - {after: 1d, primary_needs: 40}
scenarios:
  - id: storing
    likelihood: C
    failures: [{node: net, duration: 3d}]
  - id: kort
    failures: [{node: net, duration: 30m}]
"""


def run(m: RiskMap, scenario: str) -> Assessment:
    return assess(m, simulate(m, scenario), PROFILE)


def test_it_works_out_the_weighted_sum_of_a_three_node_map() -> None:
    # net is down [0, 72); loket with it (L = D = 72 h); zorg from 24 h on
    # thanks to its tolerance (L = D = 48 h).
    m = parse_map(THREE_NODES)
    a = run(m, "storing")
    costs, needs, daily, social = (
        a.criterion(c) for c in ("costs", "primary_needs", "daily_life", "social_psychological")
    )
    assert costs.quantity == 100000 * 3 + 50000 * 2
    assert (costs.cls, costs.points) == ("B", 3)
    assert (daily.quantity, daily.cls) == (3000, "C")  # the 4d step is not reached
    assert (needs.quantity, needs.cls) == (40, "A")
    assert (social.quantity, social.cls, social.points) == (0, "B", 3)
    assert a.score == pytest.approx(0.4 * 3 + 0.3 * 1 + 0.15 * 9 + 0.15 * 3)  # 3.3
    assert a.likelihood == "C"
    assert a.expected == pytest.approx(3.3 * 0.003)
    # loket: 3/4 of the costs and all of daily life; zorg: the rest.
    assert [(c.node, round(c.score, 6)) for c in a.contributions] == [
        ("loket", 2.25),
        ("zorg", 1.05),
    ]
    assert sum(c.share for c in a.contributions) == pytest.approx(1)


def test_it_scores_nothing_for_a_short_outage_without_likelihood() -> None:
    m = parse_map(THREE_NODES)
    a = run(m, "kort")
    # loket: 30 minutes of costs, below class A; zorg never goes down, so
    # even its step at 0h is not reached.
    assert a.criterion("costs").quantity == pytest.approx(100000 / 48)
    assert a.criterion("social_psychological").cls is None
    assert a.score == 0
    assert (a.likelihood, a.expected) == (None, 0)
    assert a.contributions == ()


def test_it_takes_step_levels_from_the_longest_outage_and_accumulates_per_day() -> None:
    m = parse_map("""\
weerbaar: 1
nodes:
  - id: net
  - id: p
    requires: [net]
    impact:
      per_day: {costs: 240000}
      steps:
        - {after: 0h, daily_life: 50}
        - {after: 10h, daily_life: 200}
scenarios:
  - id: twice
    failures: [{node: net, at: 0h, duration: 5h}, {node: net, at: 8h, duration: 10h}]
  - id: once
    failures: [{node: net, duration: 9.5h}]
""")
    twice = run(m, "twice")
    # Longest outage 10 h reaches the 10h step: a level, not 50 + 200.
    assert twice.criterion("daily_life").quantity == 200
    # Costs run over all 15 hours down: 240000 per day.
    assert twice.criterion("costs").quantity == pytest.approx(150000)
    once = run(m, "once")
    assert once.criterion("daily_life").quantity == 50
    assert once.criterion("costs").quantity == pytest.approx(95000)


def test_it_keeps_an_earlier_steps_level_for_criteria_a_later_step_omits() -> None:
    impact = Impact(
        per_day={"daily_life": 24.0},
        steps=(
            ImpactStep(2.0, {"daily_life": 50.0}, {"social_psychological": "C"}),
            ImpactStep(1.0, {"primary_needs": 20.0}, {"social_psychological": "D"}),
            ImpactStep(5.0, {"primary_needs": 30.0}, {"social_psychological": "A"}),
        ),
    )
    quantities, classes = node_impact(impact, longest=6.0, downtime=12.0)
    assert quantities == {"daily_life": 50 + 12, "primary_needs": 30}
    assert classes == {"social_psychological": "D"}  # the highest reached
    assert node_impact(impact, longest=0.0, downtime=0.0) == ({}, {})


def test_it_takes_the_higher_of_the_quantity_class_and_a_direct_class() -> None:
    m = parse_map("""\
weerbaar: 1
nodes:
  - id: net
  - id: a
    requires: [net]
    impact: {steps: [{after: 0h, daily_life: 20}]}
  - id: b
    requires: [net]
    impact: {steps: [{after: 0h, daily_life: 30}, {after: 2h, daily_life: C}]}
  - id: c
    requires: [net]
    impact: {steps: [{after: 0h, costs: 5000000, social_psychological: B}]}
scenarios:
  - {id: long, failures: [{node: net, duration: 3h}]}
  - {id: short, failures: [{node: net, duration: 1h}]}
""")
    long = run(m, "long")
    daily = long.criterion("daily_life")
    assert (daily.quantity, daily.cls) == (50, "C")  # 50 alone is A; b gives C
    assert long.criterion("costs").cls == "D"
    shares = {c.node: c.score for c in long.contributions}
    # Daily life's C comes from b alone; a's 20 persons drive nothing.
    assert "a" not in shares
    assert shares["b"] == pytest.approx(0.15 * 9)
    assert shares["c"] == pytest.approx(0.4 * 27 + 0.15 * 3)
    short = run(m, "short")
    assert short.criterion("daily_life").cls == "A"
    assert {c.node for c in short.contributions} == {"a", "b", "c"}


def test_it_reports_an_mtpd_breach_only_for_a_strictly_longer_outage() -> None:
    m = parse_map("""\
weerbaar: 1
horizon: 48h
nodes:
  - {id: net}
  - {id: p, requires: [net], mtpd: 10h}
scenarios:
  - {id: exact, failures: [{node: net, duration: 10h}]}
  - {id: longer, failures: [{node: net, duration: 10.5h}]}
  - {id: second, failures: [{node: net, duration: 4h}, {node: net, at: 6h, duration: 14h}]}
  - {id: open, failures: [{node: net, at: 30h}]}
""")
    assert run(m, "exact").breaches == ()
    (b,) = run(m, "longer").breaches
    assert (b.node, b.mtpd, b.outage, b.first_down, b.breached_at) == ("p", 10, 10.5, 0, 10)
    (b,) = run(m, "second").breaches
    assert (b.outage, b.first_down, b.breached_at) == (14, 0, 16)
    # An outage still open at the horizon counts up to the horizon: 18 h.
    (b,) = run(m, "open").breaches
    assert (b.outage, b.breached_at) == (18, 40)


MEASURES = """\
weerbaar: 1
nodes:
  - {id: net-a}
  - id: loket
    requires: [net-a]
    impact: {per_day: {costs: 200000}}
scenarios:
  - {id: lijn, likelihood: D, failures: [{node: net-a, duration: 2d}]}
  - {id: brand, likelihood: B, failures: [{node: loket, duration: 1d}]}
measures:
  - id: tweede-lijn
    cost: 12000
    changes:
      - add_node: {id: net-b}
      - add_alternative: {node: loket, requirement: net-a, alternative: net-b}
  - id: niets
    changes: [{restart: {node: loket, restart: 8h}}]
"""


def test_it_measures_the_risk_a_second_line_removes() -> None:
    m = parse_map(MEASURES)
    effect = measure_effect(m, "tweede-lijn", PROFILE)
    lijn, brand = effect.scenarios
    # lijn: 400000 of costs is class B: 0.4 * 3 points, at 3% a year.
    assert lijn.scenario == "lijn"
    assert (lijn.score_before, lijn.score_after) == pytest.approx((1.2, 0))
    assert lijn.expected_before == pytest.approx(1.2 * 0.03)
    # brand fails loket itself; the second line cannot help.
    assert brand.score_before == brand.score_after > 0
    assert brand.reduction == 0
    assert effect.reduction == pytest.approx(0.036)
    assert effect.reduction > 0
    assert effect.reduction_per_1000 == pytest.approx(0.036 / 12)
    assert effect.cost == 12000


def test_it_finds_no_effect_of_a_measure_that_changes_nothing() -> None:
    effect = measure_effect(parse_map(MEASURES), "niets", PROFILE)
    assert effect.reduction == 0
    assert all(e.score_before == e.score_after for e in effect.scenarios)
    assert effect.reduction_per_1000 is None  # it costs nothing


def test_it_assesses_every_scenario_in_order() -> None:
    m = parse_map(THREE_NODES)
    pairs = assess_scenarios(m, PROFILE)
    assert [(r.scenario, a.scenario) for r, a in pairs] == [("storing",) * 2, ("kort",) * 2]
    assert pairs[0][1] == run(m, "storing")


def test_it_scores_with_the_shipped_profile_by_default() -> None:
    # The worked example of docs/scoring.md.
    m = parse_map(THREE_NODES)
    a = assess(m, simulate(m, "storing"))
    assert len(a.criteria) == 9
    assert [(c.criterion, c.cls) for c in a.criteria if c.cls] == [
        ("primary_needs", "A"),
        ("costs", "B"),
        ("daily_life", "C"),
        ("social_psychological", "B"),
    ]
    assert a.score == pytest.approx(0.2 * 3 + (9 + 1 + 3) / 15)
    assert a.expected == pytest.approx(a.score * 0.003)
    assert [(c.node, round(c.score, 2)) for c in a.contributions] == [
        ("loket", 1.05),
        ("zorg", 0.42),
    ]


CHECKED = """\
weerbaar: 1
nodes:
  - id: p
    impact:
      per_day:
        kosten: 10
        social_psychological: 2
      steps:
        - after: 1h
          daily_life: 5
          onrust: C
scenarios:
  - id: s
    likelihood: C
    failures: [{node: p}]
measures:
  - id: m
    changes:
      - add_node:
          id: q
          impact: {per_day: {costs: 1, panic: 3}}
"""


def test_it_locates_what_the_profile_does_not_know() -> None:
    m = parse_map(CHECKED, "kaart.yaml")
    scenario = replace(m.scenarios[0], likelihood="F")
    m = replace(m, scenarios=(scenario,))
    found = [(p.source, p.line, p.message.split(" ")[0]) for p in check_criteria(m, PROFILE)]
    assert found == [
        ("kaart.yaml", 6, "'kosten'"),
        ("kaart.yaml", 7, "'social_psychological'"),
        ("kaart.yaml", 11, "'onrust'"),
        ("kaart.yaml", 14, "likelihood"),
        ("kaart.yaml", 21, "'panic'"),
    ]
    messages = [p.message for p in check_criteria(m, PROFILE)]
    assert "is class-only" in messages[1]
    assert "not a criterion of the profile 'test'" in messages[0]
    assert "'F' is not in the profile" in messages[3]


def test_it_refuses_to_score_a_map_the_profile_does_not_fit() -> None:
    m = parse_map(CHECKED, "kaart.yaml")
    with pytest.raises(MapError) as exc:
        assess(m, simulate(m, "s"), PROFILE)
    assert [p.line for p in exc.value.problems] == [6, 7, 11, 21]
    assert check_criteria(parse_map(THREE_NODES), PROFILE) == []
