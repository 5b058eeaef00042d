"""Monte Carlo: every sample is exactly the exact engine's run, scores included, for a seed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reference import failures, small_maps
from weerbaar.cli import main
from weerbaar.engine import jit, simulate
from weerbaar.model import Failure, Node, Requirement, RiskMap, Scenario, load_map, parse_map
from weerbaar.model.durations import Distribution, DistributionKind
from weerbaar.model.limits import MAX_SAMPLES
from weerbaar.scale.cascade import ChunkCascade, run_chunk
from weerbaar.scale.distributed import LocalPool, Pool, ThreadPool
from weerbaar.scale.distributions import Sampler, draw, sample_map, widen
from weerbaar.scale.generate import generate_map
from weerbaar.scale.montecarlo import BINS, Spread, monte_carlo, prepare
from weerbaar.scale.plan import Plan, compile_plan
from weerbaar.scale.samples import SampleRun, run_samples
from weerbaar.scale.sweep import sweep
from weerbaar.scoring import assess, default_profile, measure_effect

EXAMPLE = Path(__file__).parents[1] / "examples" / "gemeente-voorbeeld.yaml"


def runs(plan: Plan, samples: int, seed: int = 0) -> list[ChunkCascade | SampleRun]:
    """Samples ``0 ..`` of ``plan`` by the vectorised cascade and, with numba, one by one."""
    sampler = Sampler(plan.spreads, seed)
    out: list[ChunkCascade | SampleRun] = [run_chunk(plan, sampler, 0, samples)]
    if jit.ENABLED:
        rows = np.arange(plan.n, dtype=np.int64)
        out.append(run_samples(plan, sampler, 0, samples, rows, record=True))
    return out


def assert_samples_exact(m: RiskMap, scenario: str, seed: int, samples: int) -> None:
    """Every sample of both paths equals simulate() on that sample's map."""
    plan = compile_plan(m, scenario)
    draws = draw(m, scenario, seed, samples, nodes=set(plan.ids))
    assert draws.quantities == plan.quantities
    for run in runs(plan, samples, seed):
        for i in range(samples):
            want = simulate(sample_map(m, draws, i), scenario)
            got = run.result(i)
            assert got.down == want.down, f"sample {i} of {type(run).__name__}"
            assert got.deadlock == want.deadlock, f"sample {i} of {type(run).__name__}"


@st.composite
def cases(draw_: st.DrawFn) -> tuple[RiskMap, int]:
    """A small random map (cycles allowed) with one random scenario and horizon."""
    m = draw_(small_maps(max_nodes=7))
    scenario = Scenario("s", failures=tuple(draw_(failures(m))))
    return replace(m, scenarios=(scenario,), horizon=float(draw_(st.integers(1, 40)))), 0


@st.composite
def replicated(draw_: st.DrawFn) -> tuple[RiskMap, int]:
    """Copies of one small map behind a shared node: alike cycles side by side.

    Each copy's first node needs the shared node; the failures hit the
    shared node and single copies, so alike components differ per sample.
    """
    base = draw_(small_maps(min_nodes=2, max_nodes=5))
    copies = draw_(st.integers(2, 3))
    tolerance = float(draw_(st.sampled_from([0, 0, 2, 5])))
    nodes = [Node("hub", restart=float(draw_(st.sampled_from([0, 3]))))]
    for c in range(copies):
        for j, n in enumerate(base.nodes):
            requires = tuple(
                replace(r, members=tuple(f"c{c}-{u}" for u in r.members)) for r in n.requires
            )
            if j == 0:
                requires += (Requirement(("hub",), tolerance=tolerance),)
            nodes.append(replace(n, id=f"c{c}-{n.id}", requires=requires))
    m = RiskMap(nodes=tuple(nodes))
    chosen = [Failure("hub", 0.0, float(draw_(st.integers(1, 12)))), *draw_(failures(m))]
    scenario = Scenario("s", failures=tuple(chosen))
    return replace(m, scenarios=(scenario,), horizon=float(draw_(st.integers(5, 40)))), 0


@st.composite
def chained(draw_: st.DrawFn) -> tuple[RiskMap, int]:
    """Two small maps in a row, the second behind one node that needs the first.

    A recovery deadlock in the first holds the link down without a reason of
    its own, which matters to the cycles of the second.
    """
    first = draw_(small_maps(min_nodes=2, max_nodes=5))
    second = draw_(small_maps(min_nodes=2, max_nodes=5))

    def renamed(m: RiskMap, prefix: str) -> list[Node]:
        return [
            replace(
                n,
                id=prefix + n.id,
                requires=tuple(
                    replace(r, members=tuple(prefix + u for u in r.members)) for r in n.requires
                ),
            )
            for n in m.nodes
        ]

    a, b = renamed(first, "a-"), renamed(second, "b-")
    link = Node("link", requires=(Requirement((draw_(st.sampled_from(a)).id,)),))
    b[0] = replace(b[0], requires=(*b[0].requires, Requirement(("link",))))
    m = RiskMap(nodes=(*a, link, *b))
    scenario = Scenario("s", failures=tuple(draw_(failures(m))))
    return replace(m, scenarios=(scenario,), horizon=float(draw_(st.integers(5, 40)))), 0


def _spread(draw_: st.DrawFn, point: float) -> Distribution | None:
    kind = draw_(st.sampled_from(["tri", "lognormal", None, None]))
    if kind == "tri":
        low = draw_(st.sampled_from([0.0, point / 2, point]))
        high = draw_(st.sampled_from([point, point + 1, 2 * point + 3]))
        return Distribution(DistributionKind.TRIANGULAR, (low, point, high))
    if kind == "lognormal" and point > 0:
        sigma = draw_(st.sampled_from([0.1, 0.5, 1.5]))
        return Distribution(DistributionKind.LOGNORMAL, (point, sigma))
    return None


@st.composite
def uncertain_cases(draw_: st.DrawFn) -> tuple[RiskMap, int]:
    """Random maps whose tolerances, restarts and failure durations may be uncertain."""
    m, _ = draw_(cases() | replicated() | chained())
    nodes = tuple(
        replace(
            n,
            restart_spread=_spread(draw_, n.restart),
            requires=tuple(
                replace(r, tolerance_spread=_spread(draw_, r.tolerance)) for r in n.requires
            ),
        )
        for n in m.nodes
    )
    scenario = m.scenarios[0]
    chosen = tuple(
        f if f.duration is None else replace(f, duration_spread=_spread(draw_, f.duration))
        for f in scenario.failures
    )
    seed = draw_(st.integers(0, 2**32))
    return replace(m, nodes=nodes, scenarios=(replace(scenario, failures=chosen),)), seed


# -- exactly the engine ----------------------------------------------------------------


@given(cases())
def test_it_equals_the_exact_engine_without_uncertainty(case: tuple[RiskMap, int]) -> None:
    m, _ = case
    want = simulate(m, "s")
    for run in runs(compile_plan(m, "s"), 2):
        for i in range(2):
            got = run.result(i)
            assert (got.down, got.deadlock) == (want.down, want.deadlock)


@settings(max_examples=max(20, settings.default.max_examples // 2))
@given(replicated())
def test_it_equals_the_exact_engine_with_alike_cycles_side_by_side(
    case: tuple[RiskMap, int],
) -> None:
    m, _ = case
    want = simulate(m, "s")
    for run in runs(compile_plan(m, "s"), 1):
        got = run.result(0)
        assert (got.down, got.deadlock) == (want.down, want.deadlock)


@settings(max_examples=max(20, settings.default.max_examples // 2))
@given(chained())
def test_it_equals_the_exact_engine_behind_a_recovery_deadlock(case: tuple[RiskMap, int]) -> None:
    m, _ = case
    want = simulate(m, "s")
    for run in runs(compile_plan(m, "s"), 1):
        got = run.result(0)
        assert (got.down, got.deadlock) == (want.down, want.deadlock)


@given(uncertain_cases())
def test_it_equals_the_exact_engine_on_every_sample_of_the_drawn_maps(
    case: tuple[RiskMap, int],
) -> None:
    m, seed = case
    assert_samples_exact(m, "s", seed, samples=6)


def _certain(m: RiskMap) -> RiskMap:
    """``m`` without its uncertain durations: each keeps its most likely value."""
    nodes = tuple(
        replace(
            n,
            restart_spread=None,
            requires=tuple(replace(r, tolerance_spread=None) for r in n.requires),
        )
        for n in m.nodes
    )
    scenarios = tuple(
        replace(sc, failures=tuple(replace(f, duration_spread=None) for f in sc.failures))
        for sc in m.scenarios
    )
    return replace(m, nodes=nodes, scenarios=scenarios)


def test_it_equals_the_exact_engine_with_every_distribution_collapsed_to_a_point() -> None:
    # The example's own distributions are taken out first; widen then gives
    # every duration a distribution of one point.
    m = widen(_certain(load_map(EXAMPLE)), low=1.0, high=1.0)
    for scenario in m.scenarios:
        want = simulate(m, scenario)
        for run in runs(compile_plan(m, scenario), 3, seed=3):
            for i in range(3):
                assert run.result(i).down == want.down
                assert run.result(i).deadlock == want.deadlock


@pytest.mark.skipif(not EXAMPLE.exists(), reason="no example map")
@pytest.mark.parametrize("seed", [1, 2])
def test_it_equals_the_exact_engine_on_the_example_map_made_uncertain(seed: int) -> None:
    m = widen(load_map(EXAMPLE))
    profile = default_profile()
    for scenario in m.scenarios:
        assert_samples_exact(m, scenario.id, seed, samples=5)
        scores = monte_carlo(m, scenario.id, samples=5, seed=seed).scores
        draws = draw(m, scenario.id, seed, 5, nodes=set(compile_plan(m, scenario).ids))
        for i in range(5):
            one = sample_map(m, draws, i)
            assert scores[i] == assess(one, simulate(one, scenario.id), profile).score


INSTANTS = {
    # A tolerance runs out exactly as the member comes back: the requirement
    # is never lost (rule 2), so w never goes down, nor does z behind it.
    "tolerance": (
        """
weerbaar: 1
horizon: 30
nodes:
  - {id: u}
  - {id: w, requires: [{node: u, tolerance: 10}, z]}
  - {id: z, requires: [w]}
scenarios: [{id: s, failures: [{node: u, duration: 10}]}]
""",
        {"u": [(0.0, 10.0)]},
    ),
    # One alternative comes back exactly as the other goes down: x keeps one.
    "swap": (
        """
weerbaar: 1
horizon: 30
nodes:
  - {id: u}
  - {id: v}
  - {id: x, requires: [{any: [u, v]}]}
  - {id: w, requires: [x, z]}
  - {id: z, requires: [w]}
scenarios: [{id: s, failures: [{node: u, duration: 10}, {node: v, at: 10, duration: 5}]}]
""",
        {"u": [(0.0, 10.0)], "v": [(10.0, 15.0)]},
    ),
    # At 10 v's window ends and u only goes down once its tolerance runs out:
    # v comes back and goes down again within the instant, which releases w
    # and z (each other's alternative) before v counts again.
    "dip": (
        """
weerbaar: 1
horizon: 30
nodes:
  - {id: p}
  - {id: u, requires: [{node: p, tolerance: 5}]}
  - {id: v, requires: [u]}
  - {id: w, requires: [{any: [v, z]}]}
  - {id: z, requires: [w]}
scenarios:
  - id: s
    failures: [{node: p, at: 5, duration: 15}, {node: v, duration: 10}, {node: z, duration: 10}]
""",
        {
            "p": [(5.0, 20.0)],
            "u": [(10.0, 20.0)],
            "v": [(0.0, 20.0)],
            "w": [(0.0, 10.0)],
            "z": [(0.0, 10.0)],
        },
    ),
}


@pytest.mark.parametrize("name", sorted(INSTANTS))
def test_it_follows_the_engines_order_within_an_instant_where_a_cycle_sees_it(name: str) -> None:
    text, down = INSTANTS[name]
    m = parse_map(text)
    want = simulate(m, "s")
    assert (want.down, want.deadlock) == (down, [])  # the engine's behaviour pinned down
    for run in runs(compile_plan(m, "s"), 1):
        got = run.result(0)
        assert (got.down, got.deadlock) == (want.down, want.deadlock)


def test_it_carries_what_goes_down_at_the_horizon_from_a_cycle_to_what_hangs_behind() -> None:
    # p feeds a cycle, so the compiled samples run it through the event loop;
    # d hangs behind it and is solved by the algebra. At the horizon q comes
    # back just as p goes down: d stays down without a break, which the
    # algebra only sees if the loop hands on p's outage from the horizon on.
    m = parse_map(
        """
weerbaar: 1
horizon: 10
nodes:
  - {id: p}
  - {id: c1, requires: [p, c2]}
  - {id: c2, requires: [c1]}
  - {id: q}
  - {id: d, requires: [p, q]}
  - {id: e, requires: [{node: d, tolerance: 3}]}
scenarios: [{id: s, failures: [{node: q, duration: 10}, {node: p, at: 10}]}]
"""
    )
    want = simulate(m, "s")
    assert want.down["d"] == [(0.0, None)]
    for run in runs(compile_plan(m, "s"), 1):
        got = run.result(0)
        assert (got.down, got.deadlock) == (want.down, want.deadlock)


def test_it_gathers_many_intervals_for_one_node_or_one_alternative() -> None:
    # A node that loses forty requirements at forty moments, and one that needs
    # nineteen of twenty alternatives which go down in overlapping spells: more
    # intervals than the compiled algebra sorts one by one.
    sources = [f"s{i}" for i in range(40)]
    m = parse_map(
        "weerbaar: 1\nhorizon: 100\nnodes:\n"
        + "".join(f"  - {{id: {x}}}\n" for x in sources)
        + f"  - {{id: hub, restart: 0.25, requires: [{', '.join(sources)}]}}\n"
        + f"  - {{id: alt, requires: [{{any: [{', '.join(sources[:20])}], need: 19}}]}}\n"
        + "scenarios:\n  - id: s\n    failures:\n"
        + "".join(
            f"      - {{node: {x}, at: {(37 * i) % 40 * 2}, duration: {1 + i % 3}}}\n"
            for i, x in enumerate(sources)
        )
    )
    want = simulate(m, "s")
    assert len(want.down["hub"]) > 10 and "alt" in want.down
    for run in runs(compile_plan(m, "s"), 1):
        got = run.result(0)
        assert (got.down, got.deadlock) == (want.down, want.deadlock)


def test_it_restricts_the_work_to_what_the_scenario_can_reach() -> None:
    m = parse_map(
        "weerbaar: 1\nnodes: [{id: a}, {id: b, requires: [a]}, {id: c}, {id: d, requires: [c]}]\n"
        "scenarios: [{id: s, failures: [{node: a, duration: 2}]}]\n"
    )
    assert compile_plan(m, "s").ids == ("a", "b")


# -- the result ------------------------------------------------------------------------

UNCERTAIN = """\
weerbaar: 1
horizon: 10d
nodes:
  - {id: stroom, kind: infrastructure}
  - id: net
    restart: lognormal(2h, 0.5)
    requires: [{node: stroom, tolerance: "tri(1h, 4h, 8h)"}]
  - id: loket
    kind: process
    vital: true
    mtpd: 2d
    requires: [{node: net, tolerance: "tri(4h, 8h, 1d)"}]
    impact:
      per_day: {costs: 20000}
      steps: [{after: 1d, daily_life: 500}, {after: 3d, daily_life: 5000, social_psychological: B}]
  - {id: uitkering, kind: process, vital: true, mtpd: 3d, requires: [net]}
  - {id: archief, kind: process, mtpd: 1d}
scenarios:
  - {id: s, likelihood: C, failures: [{node: stroom, duration: "tri(1d, 2d, 5d)"}]}
measures:
  - id: buffer
    cost: 5000
    changes: [{add_tolerance: {node: loket, requirement: net, tolerance: 3d}}]
"""


def test_it_scores_every_sample_as_assess_scores_that_sample() -> None:
    m = parse_map(UNCERTAIN)
    result = monte_carlo(m, "s", samples=60, seed=8)
    draws = draw(m, "s", 8, 60, nodes=set(compile_plan(m, "s").ids))
    profile = default_profile()
    for i in range(60):
        one = sample_map(m, draws, i)
        assert result.scores[i] == assess(one, simulate(one, "s"), profile).score


def test_it_gives_outage_percentiles_and_mtpd_breaches_of_the_samples() -> None:
    m = parse_map(UNCERTAIN)
    result = monte_carlo(m, "s", samples=200, seed=3)
    draws = draw(m, "s", 3, 200, nodes=set(compile_plan(m, "s").ids))
    runs = [simulate(sample_map(m, draws, i), "s") for i in range(200)]
    longest = np.array([r.longest_outage("loket") for r in runs])
    downtime = np.array([r.downtime("loket") for r in runs])
    loket = result.process("loket")
    assert loket.p_mtpd_breached == (longest > 48).mean()
    assert loket.longest.p95 == np.percentile(longest, 95)
    assert loket.downtime.p50 == np.percentile(downtime, 50)
    assert sum(loket.longest.histogram) == 200
    archief = result.process("archief")  # out of reach: never down
    assert (archief.p_down, archief.p_mtpd_breached, archief.longest.p95) == (0.0, 0.0, 0.0)
    assert [p.node for p in result.processes] == ["loket", "uitkering", "archief"]


@pytest.mark.parametrize("pool", [LocalPool(), ThreadPool(2)])
def test_it_summarises_the_chunks_as_numpy_summarises_all_samples_at_once(pool: Pool) -> None:
    # The workers count the histograms and shares per chunk, the summary
    # selects the percentiles: the same figures as numpy on the full rows.
    m = widen(generate_map(2, seed=5))
    scenario = m.scenarios[0].id
    result = monte_carlo(m, scenario, samples=301, seed=4, chunk=70, pool=pool)
    job = prepare(m, m.scenario(scenario), 4)
    downtime, longest = run_chunk(job.plan, job.sampler, 0, 301).outages(job.rows)
    horizon = job.plan.horizon
    nodes = {n.id: n for n in m.nodes}

    def spread(values: np.ndarray) -> Spread:
        bins = np.minimum((values * (BINS / horizon)).astype(np.int64), BINS - 1)
        counts = tuple(np.bincount(bins, minlength=BINS).tolist())
        edges = tuple(np.linspace(0.0, horizon, BINS + 1).tolist())
        p5, p50, p95 = np.percentile(values, [5, 50, 95]).tolist()
        return Spread(float(values.mean()), p5, p50, p95, counts, edges)

    down = 0
    for k, j in enumerate(job.reach.tolist()):
        p = result.processes[j]
        assert p.node == job.nodes[j]
        assert p.downtime == spread(downtime[k]) and p.longest == spread(longest[k])
        assert p.p_down == (longest[k] > 0).mean()
        mtpd = nodes[p.node].mtpd
        assert p.p_mtpd_breached == (None if mtpd is None else (longest[k] > mtpd).mean())
        down += p.p_down > 0
    # Guard against a scenario that takes (almost) nothing down.
    assert down >= 5


def test_it_gives_the_same_result_for_a_seed_however_the_samples_are_split() -> None:
    m = parse_map(UNCERTAIN)
    one = monte_carlo(m, "s", samples=500, seed=12)
    assert monte_carlo(m, "s", samples=500, seed=12, chunk=64) == one
    assert np.array_equal(monte_carlo(m, "s", 500, 12, chunk=499).scores, one.scores)
    assert monte_carlo(m, "s", samples=500, seed=13) != one


def test_it_reports_samples_that_end_in_a_recovery_deadlock() -> None:
    m = parse_map(
        """
weerbaar: 1
horizon: 2d
nodes:
  - {id: stroom, requires: [{node: telecom, tolerance: "tri(1h, 6h, 12h)"}]}
  - {id: telecom, requires: [{node: stroom, tolerance: "tri(1h, 4h, 2d)"}]}
scenarios: [{id: s, failures: [{node: stroom, duration: "tri(1h, 6h, 1d)"}]}]
"""
    )
    result = monte_carlo(m, "s", samples=400, seed=1)
    draws = draw(m, "s", 1, 400)
    stuck = sum(bool(simulate(sample_map(m, draws, i), "s").deadlock) for i in range(400))
    assert 0 < result.deadlocked == stuck < 400


# -- measures ---------------------------------------------------------------------------


@pytest.mark.skipif(not EXAMPLE.exists(), reason="no example map")
def test_it_sweeps_every_measure_exactly_as_measure_effect_does() -> None:
    m = load_map(EXAMPLE)
    result = sweep(m)
    assert [e.measure for e in result.effects] == [me.id for me in m.measures]
    for effect in result.effects:
        assert effect == measure_effect(m, effect.measure)


# -- the commands -----------------------------------------------------------------------


def test_it_prints_a_table_of_processes_and_the_score(tmp_path: Path) -> None:
    path = tmp_path / "kaart.yaml"
    path.write_text(UNCERTAIN, encoding="utf-8")
    out = CliRunner().invoke(main, ["montecarlo", str(path), "--scenario", "s", "--samples", "300"])
    assert out.exit_code == 0, out.output
    assert "loket" in out.output and "P(MTPD)" in out.output
    assert "Impact score: p5" in out.output and "4 uncertain durations" in out.output


def test_it_prints_the_result_as_json(tmp_path: Path) -> None:
    path = tmp_path / "kaart.yaml"
    path.write_text(UNCERTAIN, encoding="utf-8")
    args = ["montecarlo", str(path), "--scenario", "s", "--samples", "50", "--seed", "4", "--json"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    expected = monte_carlo(parse_map(UNCERTAIN), "s", 50, 4).to_json()
    assert data == json.loads(json.dumps(expected))
    assert data["processes"][0]["node"] == "loket" and data["samples"] == 50


def test_it_names_an_unknown_scenario(tmp_path: Path) -> None:
    path = tmp_path / "kaart.yaml"
    path.write_text(UNCERTAIN, encoding="utf-8")
    out = CliRunner().invoke(main, ["montecarlo", str(path), "--scenario", "x"])
    assert out.exit_code == 2 and "unknown scenario 'x'" in out.output


def test_it_refuses_more_samples_than_it_can_hold(tmp_path: Path) -> None:
    # Ten billion samples were taken at their word, until the kernel killed
    # the process for its memory.
    path = tmp_path / "kaart.yaml"
    path.write_text(UNCERTAIN, encoding="utf-8")
    args = ["montecarlo", str(path), "--scenario", "s", "--samples"]
    out = CliRunner().invoke(main, [*args, str(10**10)])
    assert out.exit_code == 2 and f"1<=x<={MAX_SAMPLES}" in out.output
    with pytest.raises(ValueError, match="samples must be between 1 and 100,000"):
        monte_carlo(load_map(path), "s", MAX_SAMPLES + 1, 0)


def test_it_prints_the_sweep_as_json(tmp_path: Path) -> None:
    path = tmp_path / "kaart.yaml"
    path.write_text(UNCERTAIN, encoding="utf-8")
    out = CliRunner().invoke(main, ["sweep", str(path), "--json"])
    assert out.exit_code == 0, out.output
    [effect] = json.loads(out.output)["measures"]
    want = measure_effect(parse_map(UNCERTAIN), "buffer")
    assert effect["reduction"] == want.reduction and effect["measure"] == "buffer"
