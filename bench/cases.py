"""The measurements of the benchmark, one function per case.

Each case runs in its own process (see ``run.py``) so that its peak memory
(``ru_maxrss``) is its own, and returns a flat dict of figures. Times are wall
clock (``time.perf_counter``) with the CPU time beside them, so that a busy
machine shows as a gap between the two.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import numpy as np

from weerbaar.engine import Graph, SimulationResult, simulate
from weerbaar.engine.graph import build_graph
from weerbaar.model import Failure, RiskMap
from weerbaar.model.durations import Distribution, DistributionKind
from weerbaar.scale.criticality import criticality
from weerbaar.scale.generate import generate_graph, generate_map

T = TypeVar("T")
SEED = 2024
HORIZON = 720.0
#: The generator's largest scenario: the national telecom core fails for 8 h.
LARGE_SCENARIO = "uitval-telecom-nationaal"


def timed(f: Callable[[], T], repeat: int = 1) -> tuple[float, float, T]:
    """Best wall-clock and CPU seconds over ``repeat`` runs, and the last result."""
    best_wall = best_cpu = float("inf")
    result: T
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = f()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, result


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size(g: Graph) -> dict[str, Any]:
    return {"nodes": g.n, "requirements": len(g.owner), "members": len(g.members)}


# -- structural criticality against the per-node cascade ---------------------------


def structural_case(municipalities: int, baseline: bool) -> dict[str, Any]:
    """All nodes of a generated map: counts, vital counts, single points of failure."""
    gen_wall, _, gg = timed(lambda: generate_graph(municipalities, SEED))
    g = gg.graph
    wall, cpu, fast = timed(lambda: criticality(g, gg.vital), repeat=5)
    out: dict[str, Any] = {
        "municipalities": municipalities,
        **_size(g),
        "vital": int(gg.vital.sum()),
        "generate_s": gen_wall,
        "fast_s": wall,
        "fast_cpu_s": cpu,
        "sum_fails": int(fast.down.sum()),
        "single_points": len(fast.spof),
    }
    if baseline:
        from baseline import cascades, dependants_graph

        nx_wall, _, d = timed(lambda: dependants_graph(g))
        base_wall, base_cpu, (down, vital_down, spof) = timed(
            lambda: cascades(d, g.n, gg.vital), repeat=2 if g.n <= 30_000 else 1
        )
        agree = bool(
            np.array_equal(down, fast.down)
            and np.array_equal(vital_down, fast.vital_down)
            and sum(len(x) for x in spof.values()) == len(fast.spof)
        )
        out |= {
            "networkx_build_s": nx_wall,
            "baseline_s": base_wall,
            "baseline_cpu_s": base_cpu,
            "speedup": base_wall / wall,
            "agree": agree,
        }
    out["peak_mb"] = peak_mb()
    return out


# -- one scenario ---------------------------------------------------------------------


def scenario_case(municipalities: int) -> dict[str, Any]:
    """The typical and the largest scenario of a generated map, Graph given."""
    gen_wall, gen_cpu, gg = timed(lambda: generate_graph(municipalities, SEED))
    g = gg.graph
    out: dict[str, Any] = {
        "municipalities": municipalities,
        **_size(g),
        "generate_s": gen_wall,
        "generate_cpu_s": gen_cpu,
    }
    cases = {"typical": gg.scenario_failures, "large": list(gg.scenarios[LARGE_SCENARIO])}
    for name, failures in cases.items():

        def run(f: list[Failure] = failures) -> SimulationResult:
            return simulate(g, f, HORIZON)

        wall, cpu, result = timed(run, repeat=3)
        out |= {
            f"{name}_s": wall,
            f"{name}_cpu_s": cpu,
            f"{name}_down": len(result.down),
            f"{name}_deadlock": len(result.deadlock),
        }
    out["peak_mb"] = peak_mb()
    return out


# -- criticality of a national map -------------------------------------------------------


def national_case(municipalities: int) -> dict[str, Any]:
    """Counts and single points of failure of every node, without the n × n matrix."""
    gen_wall, _, gg = timed(lambda: generate_graph(municipalities, SEED))
    g = gg.graph
    before = peak_mb()
    wall, cpu, c = timed(lambda: criticality(g, gg.vital))
    return {
        "municipalities": municipalities,
        **_size(g),
        "vital": int(gg.vital.sum()),
        "generate_s": gen_wall,
        "criticality_s": wall,
        "criticality_cpu_s": cpu,
        "sum_fails": int(c.down.sum()),
        "single_points": len(c.spof),
        "peak_before_mb": before,
        "peak_mb": peak_mb(),
    }


# -- Monte Carlo ------------------------------------------------------------------------


def _tri(x: float, low: float, high: float) -> Distribution | None:
    if x <= 0:
        return None
    return Distribution(DistributionKind.TRIANGULAR, (low * x, x, high * x))


def with_spreads(m: RiskMap) -> RiskMap:
    """Every tolerance, restart and failure duration made uncertain around its value.

    Tolerances tri(0.5, 1, 1.5) times the value; restarts and durations
    tri(0.5, 1, 2) times: the benchmark's stand-in for expert estimates.
    """
    nodes = tuple(
        replace(
            n,
            restart_spread=_tri(n.restart, 0.5, 2.0),
            requires=tuple(
                replace(r, tolerance_spread=_tri(r.tolerance, 0.5, 1.5)) for r in n.requires
            ),
        )
        for n in m.nodes
    )
    scenarios = tuple(
        replace(
            s,
            failures=tuple(
                replace(f, duration_spread=None if f.duration is None else _tri(f.duration, 0.5, 2))
                for f in s.failures
            ),
        )
        for s in m.scenarios
    )
    return replace(m, nodes=nodes, scenarios=scenarios)


def _sampled(
    rng: np.random.Generator, x: np.ndarray[Any, Any], high: float
) -> np.ndarray[Any, Any]:
    out = x.copy()
    pos = x > 0
    out[pos] = rng.triangular(0.5 * x[pos], x[pos], high * x[pos])
    return out


def exact_per_sample(m: RiskMap, scenario: str, samples: int = 10) -> float:
    """Mean wall-clock seconds of one exact simulation with freshly drawn durations."""
    g = build_graph(m)
    sc = m.scenario(scenario)
    rng = np.random.default_rng(SEED)
    total = 0.0
    for _ in range(samples):
        sample = replace(
            g, tolerance=_sampled(rng, g.tolerance, 1.5), restart=_sampled(rng, g.restart, 2.0)
        )
        failures = [
            Failure(
                f.node,
                f.at,
                None
                if f.duration is None
                else float(rng.triangular(0.5 * f.duration, f.duration, 2 * f.duration)),
            )
            for f in sc.failures
        ]
        start = time.perf_counter()
        simulate(sample, failures, sc.horizon or m.horizon)
        total += time.perf_counter() - start
    return total / samples


def montecarlo_case(municipalities: int, samples: int, scenario: str) -> dict[str, Any]:
    """``samples`` samples of one scenario on a generated map with uncertain durations.

    Run as ``weerbaar montecarlo`` runs it by default, on a worker process per
    core (their start-up counted), and in this process alone.
    """
    from weerbaar.scale.distributed import LocalPool, ProcessPool, usable_cores
    from weerbaar.scale.montecarlo import monte_carlo

    m = with_spreads(generate_map(municipalities, SEED))
    cores = usable_cores()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, cpu, _ = timed(lambda: monte_carlo(m, scenario, samples, SEED, pool=ProcessPool(cores)))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    one_wall, one_cpu, _ = timed(lambda: monte_carlo(m, scenario, samples, SEED, pool=LocalPool()))
    per_sample = exact_per_sample(m, scenario)
    return {
        "municipalities": municipalities,
        "nodes": len(m.nodes),
        "samples": samples,
        "scenario": scenario,
        "processes": cores,
        "montecarlo_s": wall,
        "montecarlo_cpu_s": cpu + workers_cpu,
        "one_process_s": one_wall,
        "one_process_cpu_s": one_cpu,
        "exact_per_sample_s": per_sample,
        "exact_all_s": per_sample * samples,
        "speedup": per_sample * samples / wall,
        "speedup_one": per_sample * samples / one_wall,
        "peak_mb": peak_mb(),
    }
