"""Compiled kernels: equal to their pure-numpy twins and to the reference, however run."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given

from reference import reference_fails, small_maps
from weerbaar.engine import build_graph, jit, structural
from weerbaar.model import Node, Requirement, RiskMap
from weerbaar.model.durations import Distribution, DistributionKind
from weerbaar.scale.criticality import Criticality, criticality
from weerbaar.scale.distributed import LocalPool, ProcessPool, ThreadPool
from weerbaar.scale.distributions import Sampler, widen
from weerbaar.scale.generate import generate_map
from weerbaar.scale.impact import ImpactTable
from weerbaar.scale.montecarlo import monte_carlo
from weerbaar.scale.plan import compile_plan
from weerbaar.scale.sampleloop import drawn
from weerbaar.scale.samples import run_samples
from weerbaar.scoring import default_profile

pytestmark = pytest.mark.skipif(not jit.ENABLED, reason="numba is not installed or turned off")


def _random_map(n: int, seed: int) -> RiskMap:
    """Cycles, plain and k-of-n requirements; about a tenth of the nodes vital."""
    rng = np.random.default_rng(seed)
    ids = [f"v{i}" for i in range(n)]
    nodes = []
    for i in range(n):
        requires = []
        for _ in range(rng.integers(0, 4)):
            size = int(rng.integers(1, 4))
            others = rng.choice(n - 1, size=size, replace=False)
            members = tuple(ids[j + (j >= i)] for j in others.tolist())
            requires.append(Requirement(members, int(rng.integers(1, size + 1))))
        nodes.append(Node(ids[i], requires=tuple(requires), vital=bool(rng.random() < 0.1)))
    return RiskMap(nodes=tuple(nodes))


def _both(m: RiskMap) -> tuple[Criticality, Criticality]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jit, "ENABLED", False)
        twin = criticality(m)
    return criticality(m), twin


def _assert_equal(fast: Criticality, twin: Criticality) -> None:
    assert fast.down.tolist() == twin.down.tolist()
    assert fast.vital_down.tolist() == twin.vital_down.tolist()
    assert fast.spof_ptr.tolist() == twin.spof_ptr.tolist()
    for v in np.flatnonzero(fast.vital).tolist():
        node = fast.graph.ids[v]
        assert fast.single_points(node) == twin.single_points(node)


@given(small_maps(max_nodes=12))
def test_it_finds_every_fails_set_of_the_reference_on_both_paths(m: RiskMap) -> None:
    for on in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(jit, "ENABLED", on)
            assert structural(m).fails() == reference_fails(m)


@given(small_maps(max_nodes=12))
def test_it_counts_as_the_numpy_sweep_does(m: RiskMap) -> None:
    vital = RiskMap(nodes=tuple(Node(n.id, requires=n.requires, vital=True) for n in m.nodes))
    _assert_equal(*_both(vital))


@pytest.mark.parametrize(("n", "seed"), [(64, 1), (300, 2), (2000, 3)])
def test_it_counts_as_the_numpy_sweep_does_on_large_maps(n: int, seed: int) -> None:
    fast, twin = _both(_random_map(n, seed))
    _assert_equal(fast, twin)
    # Guard against a map so sparse that it tests nothing.
    assert int(fast.down.max()) >= 5 and len(fast.spof) > 0


def test_it_counts_as_the_numpy_sweep_does_on_a_generated_map() -> None:
    m = generate_map(3, seed=11)
    _assert_equal(*_both(m))
    assert (structural(m).counts() == criticality(m, np.ones(len(m.nodes), bool)).down).all()


@pytest.mark.parametrize("progress", [False, True])
def test_it_counts_the_same_on_several_threads(progress: bool) -> None:
    m = _random_map(2000, 6)
    report = (lambda done, total: None) if progress else None
    _assert_equal(criticality(m, threads=3, progress=report), criticality(m, threads=1))


def test_it_reports_progress_up_to_every_source() -> None:
    seen: list[tuple[int, int]] = []
    criticality(_random_map(300, 4), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_it_runs_the_numpy_path_when_the_environment_turns_numba_off() -> None:
    code = "from weerbaar.engine import jit, structural; print(jit.ENABLED)"
    env = {**os.environ, "WEERBAAR_JIT": "0"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_it_does_not_load_numba_for_what_needs_no_kernel() -> None:
    code = (
        "import sys; from weerbaar.engine import simulate, structural; "
        "import weerbaar.scale.criticality; print('numba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_it_takes_a_prebuilt_graph_on_both_paths() -> None:
    g = build_graph(_random_map(100, 5))
    vital = np.ones(g.n, dtype=bool)
    fast = criticality(g, vital)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jit, "ENABLED", False)
        _assert_equal(fast, criticality(g, vital))


def test_it_grows_the_pairs_as_often_as_a_long_chain_needs() -> None:
    # Node i needs node i - 1: fails(v0) is the whole chain, n (n - 1) / 2
    # pairs in all, many times the first guess of room.
    n = 200
    nodes = [Node("v0")] + [
        Node(f"v{i}", requires=(Requirement((f"v{i - 1}",)),)) for i in range(1, n)
    ]
    fails = structural(RiskMap(nodes=tuple(nodes))).fails()
    assert all(fails[f"v{i}"] == sorted(f"v{j}" for j in range(i + 1, n)) for i in range(n))


# -- Monte Carlo -----------------------------------------------------------------------


def test_it_gives_the_numpy_cascades_result_on_every_pool() -> None:
    m = widen(generate_map(2, seed=5))
    scenario = m.scenarios[0].id
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jit, "ENABLED", False)
        twin = monte_carlo(m, scenario, samples=120, seed=4, chunk=50)
    for pool in (LocalPool(), ProcessPool(2), ThreadPool(2)):
        fast = monte_carlo(m, scenario, samples=120, seed=4, chunk=50, pool=pool)
        assert fast.to_json() == twin.to_json()
        assert np.array_equal(fast.scores, twin.scores)
    # Guard against a scenario that takes nothing down.
    assert any(p.p_down > 0 for p in twin.processes)


def test_it_draws_each_value_as_the_sampler_does() -> None:
    spreads = (
        Distribution(DistributionKind.TRIANGULAR, (1.0, 2.0, 4.0)),
        Distribution(DistributionKind.TRIANGULAR, (0.0, 0.0, 3.5)),
        Distribution(DistributionKind.TRIANGULAR, (5.0, 5.0, 5.0)),
        Distribution(DistributionKind.LOGNORMAL, (3.0, 0.5)),
    )
    sampler = Sampler(spreads, seed=99)
    q = np.repeat(np.arange(4), 2000)
    sample = np.tile(np.arange(2000), 4)
    log_row = np.array([-1, -1, -1, 0])
    log_ticks = sampler.ticks(np.full(2000, 3), np.arange(2000))[None, :]
    key = np.uint64(sampler.key)
    got = [
        drawn(key, int(a), int(b), sampler.params, log_row, log_ticks, int(b))
        for a, b in zip(q, sample, strict=True)
    ]
    assert got == sampler.ticks(q, sample).tolist()


def test_it_runs_a_sample_again_with_more_room_when_its_events_do_not_fit() -> None:
    m = widen(generate_map(2, seed=5))
    plan = compile_plan(m, m.scenarios[0].id)
    sampler = Sampler(plan.spreads, 8)
    rows = np.arange(plan.n)
    roomy = run_samples(plan, sampler, 0, 40, rows, record=True)
    tight = run_samples(plan, sampler, 0, 40, rows, record=True, events=1)
    assert np.array_equal(tight.downtime, roomy.downtime)
    assert np.array_equal(tight.longest, roomy.longest)
    assert np.array_equal(tight.intervals, roomy.intervals)
    # Guard against samples with too few events to need more room than one.
    assert len(roomy.intervals) > 40


def test_it_scores_as_the_numpy_impact_table_does() -> None:
    # Every node with an impact of a generated map, outages from none to
    # past the last step, many of them exactly at a step's `after`.
    m = generate_map(4, seed=3)
    table = ImpactTable.of(m, default_profile())
    rng = np.random.default_rng(7)
    shape = (len(table.nodes), 500)
    longest = rng.choice([0.0, 1.0, 4.0, 8.0, 24.0, 72.0, 200.0], size=shape)
    longest += np.where(rng.random(shape) < 0.5, rng.random(shape) * 30, 0.0)
    longest[rng.random(shape) < 0.3] = 0.0
    downtime = longest * rng.choice([1.0, 1.5], size=shape)
    fast = table.score(longest, downtime)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jit, "ENABLED", False)
        twin = table.score(longest, downtime)
    assert fast.tobytes() == twin.tobytes()
    # Guard against scores that tell nothing apart.
    assert len(np.unique(fast)) > 20
