"""Issue 15: the compiled kernels against a plain C loop, the naive Python and the exact engine.

``python bench/speed.py [--quick]`` prints the section (all cases in this
process); with ``--out docs/performance.md`` it puts the section into the
page in place of the old one, with ``--save FILE`` it keeps the figures and
with ``--rows FILE`` renders saved ones again. ``bench/run.py`` runs each
case in a fresh process and adds :func:`render`'s section to the page.

- *criticality*: the structural criticality of a generated map (counts,
  vital counts, single points of failure of every vital node) by
  :func:`weerbaar.scale.criticality.criticality`, against ``cascade.c`` (the
  same per-node cascade as a plain C loop, built with ``gcc -O2`` now, see
  ``compiled.py``) and, on the smaller maps, the naive Python cascade of
  ``baseline.py``. The project and C runs alternate and the best of each is
  kept, so that a busy moment of a shared machine hurts neither side alone.
  Both must give the same counts.
- *montecarlo*: 10,000 samples of a regional power outage with every
  duration uncertain, as ``weerbaar montecarlo`` runs them (all cores),
  against one exact simulation per sample.
- *warm-up*: what numba's compilation costs, once after an install (no cache),
  and what loading the cached machine code costs every later run.
- *commands*: ``weerbaar criticality`` and ``weerbaar montecarlo`` on the
  generated map, end to end in a fresh process, as a user runs them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 2024
SCENARIO = "stroomstoring-regio"


def _best_of_alternating(runs: dict[str, Any], repeat: int) -> dict[str, tuple[float, float]]:
    """(wall, CPU) of each run, the best of ``repeat`` taken apart, the runs interleaved."""
    best = {name: (float("inf"), float("inf")) for name in runs}
    for _ in range(repeat):
        for name, f in runs.items():
            start, cpu = time.perf_counter(), time.process_time()
            f()
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def _parts(g: Any, vital: Any, repeat: int) -> dict[str, float]:
    """CPU of each step of the compiled criticality on one thread, best of ``repeat``."""
    import numpy as np

    from weerbaar.engine import closures

    rank = np.cumsum(vital) - 1
    todo = closures.sources(g)
    walk = closures.layout(g)
    down = np.zeros(g.n, dtype=np.int64)
    vital_down = np.zeros(g.n, dtype=np.int64)
    pair_ptr, pair_v = closures.run(walk, todo, vital, vital, rank, down, vital_down)
    steps = {
        "layout": lambda: closures.layout(g),
        "cascades": lambda: closures.run(walk, todo, vital, vital, rank, down, vital_down),
        "transpose": lambda: closures.transpose(pair_ptr, pair_v, todo, int(vital.sum())),
    }
    return {name: cpu for name, (_, cpu) in _best_of_alternating(steps, repeat).items()}


def criticality_case(municipalities: int, baseline: bool) -> dict[str, Any]:
    """The project's structural criticality against the C and the naive Python cascade."""
    import compiled
    import numpy as np

    from weerbaar.scale.criticality import criticality
    from weerbaar.scale.distributed import usable_cores
    from weerbaar.scale.generate import generate_graph

    gg = generate_graph(municipalities, SEED)
    g, vital = gg.graph, gg.vital
    start = time.perf_counter()
    ours = criticality(g, vital)  # loads the cached machine code (or compiles it)
    first = time.perf_counter() - start
    cascades = compiled.load()
    down, vital_down, pairs = cascades(g, vital)
    agree = bool(
        np.array_equal(down, ours.down)
        and np.array_equal(vital_down, ours.vital_down)
        and pairs == len(ours.spof)
    )
    # A national map also on every core, to see whether threads pay here.
    threads = usable_cores() if g.n >= 100_000 else 1
    repeat = 21 if g.n <= 100_000 else 3
    runs = {"ours": lambda: criticality(g, vital), "c": lambda: cascades(g, vital)}
    if threads > 1:
        runs["ours_n"] = lambda: criticality(g, vital, threads=threads)
    best = _best_of_alternating(runs, repeat)
    out: dict[str, Any] = {
        "municipalities": municipalities,
        "nodes": g.n,
        "pairs": int(ours.down.sum()),
        "threads": threads,
        "first_s": first,
        "ours_s": best["ours"][0],
        "ours_cpu_s": best["ours"][1],
        "c_s": best["c"][0],
        "c_cpu_s": best["c"][1],
        "of_c": best["ours"][0] / best["c"][0],
        "parts_cpu_s": _parts(g, vital, repeat),
        "load": os.getloadavg()[0],
        "agree": agree,
    }
    if threads > 1:
        out["ours_n_s"], out["ours_n_cpu_s"] = best["ours_n"]
    if baseline:
        from baseline import cascades as naive
        from baseline import dependants_graph

        d = dependants_graph(g)
        start = time.perf_counter()
        down, vital_down, _ = naive(d, g.n, vital)
        out["naive_s"] = time.perf_counter() - start
        out["speedup"] = out["naive_s"] / best["ours"][0]
        out["agree"] = agree and bool(np.array_equal(down, ours.down))
    return out


def montecarlo_case(municipalities: int, samples: int) -> dict[str, Any]:
    """``samples`` samples on all cores, against one exact simulation per sample."""
    from cases import exact_per_sample, with_spreads

    from weerbaar.engine.eventloop import EventLoop
    from weerbaar.scale.distributed import ProcessPool, usable_cores
    from weerbaar.scale.montecarlo import monte_carlo

    m = with_spreads(_generate(municipalities))
    cores = usable_cores()
    monte_carlo(m, SCENARIO, 2, SEED)  # the cached machine code, loaded once
    best = (float("inf"), float("inf"))
    for _ in range(2):
        start, cpu = time.perf_counter(), time.process_time()
        monte_carlo(m, SCENARIO, samples, SEED, pool=ProcessPool(cores))
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        best = (min(best[0], wall), min(best[1], cpu))
    load = os.getloadavg()[0]
    steps = _montecarlo_steps(m, samples)
    # The instants of one exact simulation: the work a sample cannot avoid.
    instants = [0]
    step = EventLoop.step

    def counted(loop: EventLoop, *args: Any) -> None:
        instants[0] += 1
        step(loop, *args)

    EventLoop.step = counted  # type: ignore[method-assign]
    cpu = time.process_time()
    exact = exact_per_sample(m, SCENARIO, samples=3)
    exact_cpu = (time.process_time() - cpu) / 3
    EventLoop.step = step  # type: ignore[method-assign]
    split = _loop_split(m)
    return {
        "municipalities": municipalities,
        "nodes": len(m.nodes),
        "samples": samples,
        "cores": cores,
        "montecarlo_s": best[0],
        "montecarlo_cpu_s": best[1],
        "per_sample_ms": 1000 * best[1] / samples,
        "steps_cpu_s": steps,
        "exact_s": exact,
        "exact_cpu_s": exact_cpu,
        "instants": instants[0] / 3,
        **split,
        "speedup": exact * samples / best[0],
        "speedup_cpu": exact_cpu * samples / best[1],
        "load": load,
    }


def _loop_split(m: Any) -> dict[str, int]:
    """How much of the scenario's plan the compiled samples put through the event loop."""
    from weerbaar.scale.montecarlo import prepare
    from weerbaar.scale.samples import _Order

    job = prepare(m, m.scenario(SCENARIO), SEED)
    order = _Order.of(job.plan)
    return {
        "plan_nodes": job.plan.n,
        "plan_reqs": len(order.owner),
        "looped_nodes": order.nu,
        "looped_reqs": order.nru,
        "quantities": len(job.plan.quantities),
    }


def _montecarlo_steps(m: Any, samples: int) -> dict[str, float]:
    """CPU of each step of ``monte_carlo`` run in this thread, as the chunks run them.

    ``scores`` is what a chunk does after its samples: the scores and the
    counts that add up over chunks (``chunk_outcome``); ``summary`` what runs
    once all chunks are in, here on one thread.
    """
    from weerbaar.scale.montecarlo import chunk_outcome, chunks, prepare, summarise
    from weerbaar.scale.samples import run_samples
    from weerbaar.scoring.profile import default_profile

    sc = m.scenario(SCENARIO)
    cpu = time.process_time()
    job = prepare(m, sc, SEED)
    took = {"prepare": time.process_time() - cpu, "samples": 0.0, "scores": 0.0}
    outcomes = []
    for chunk in chunks(samples):
        cpu = time.process_time()
        run = run_samples(job.plan, job.sampler, chunk.first, chunk.size, job.rows)
        took["samples"] += time.process_time() - cpu
        cpu = time.process_time()
        outcomes.append(chunk_outcome(job, run.downtime, run.longest, run.deadlocked))
        took["scores"] += time.process_time() - cpu
    cpu = time.process_time()
    summarise(m, job, sc, SEED, outcomes, default_profile())
    took["summary"] = time.process_time() - cpu
    return took


def _generate(municipalities: int) -> Any:
    from weerbaar.scale.generate import generate_map

    return generate_map(municipalities, SEED)


_WARM_UP = """
import time
start = time.perf_counter()
from weerbaar.model import parse_map
from weerbaar.scale.criticality import criticality
from weerbaar.scale.montecarlo import monte_carlo
m = parse_map('''
weerbaar: 1
nodes:
  - {id: a}
  - {id: b, vital: true, requires: [{node: a, tolerance: "tri(1h, 2h, 3h)"}]}
scenarios: [{id: s, failures: [{node: a, duration: 10h}]}]
''')
imported = time.perf_counter()
criticality(m)
monte_carlo(m, "s", 10, 1)
print(imported - start, time.perf_counter() - imported)
"""


def warm_up_case() -> dict[str, Any]:
    """Compiling every kernel into an empty cache, then loading them from it."""
    with tempfile.TemporaryDirectory(prefix="weerbaar-numba-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        figures = []
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-c", _WARM_UP],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            figures.append([float(x) for x in done.stdout.split()])
    (_, cold), (imports, warm) = figures
    return {"imports_s": imports, "compile_s": cold, "load_s": warm}


def _command(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "weerbaar", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def commands_case(municipalities: int, samples: int) -> dict[str, Any]:
    """Both commands end to end on the generated map with uncertain durations."""
    from cases import with_spreads

    from weerbaar.model import dump_yaml

    m = with_spreads(_generate(municipalities))
    with tempfile.TemporaryDirectory(prefix="weerbaar-bench-") as tmp:
        path = Path(tmp) / "land.yaml"
        path.write_text(dump_yaml(m), encoding="utf-8")
        _command("check", str(path))  # the file in the page cache, the kernels in theirs
        return {
            "municipalities": municipalities,
            "nodes": len(m.nodes),
            "samples": samples,
            "check_s": _command("check", str(path)),
            "criticality_s": _command("criticality", str(path)),
            "montecarlo_s": _command(
                "montecarlo", str(path), "--scenario", SCENARIO, "--samples", str(samples)
            ),
        }


CASES = {
    "criticality": criticality_case,
    "montecarlo": montecarlo_case,
    "warm-up": warm_up_case,
    "commands": commands_case,
}
FULL: list[tuple[str, dict[str, Any]]] = [
    ("criticality", {"municipalities": 280, "baseline": True}),
    ("criticality", {"municipalities": 14030, "baseline": False}),
    ("montecarlo", {"municipalities": 280, "samples": 10_000}),
    ("warm-up", {}),
    ("commands", {"municipalities": 300, "samples": 10_000}),
]
QUICK: list[tuple[str, dict[str, Any]]] = [
    ("criticality", {"municipalities": 35, "baseline": True}),
    ("criticality", {"municipalities": 140, "baseline": False}),
    ("montecarlo", {"municipalities": 35, "samples": 1000}),
    ("warm-up", {}),
    ("commands", {"municipalities": 35, "samples": 1000}),
]


def _secs(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def _mark(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _criticality_section(crit: list[dict[str, Any]]) -> list[str]:
    out = [
        "Structural criticality of every node (counts, vital counts, single points of"
        " failure), the project (`weerbaar.scale.criticality.criticality`) against the"
        " same per-node cascade as a plain single-threaded C loop (`bench/cascade.c`,"
        " `gcc -O2`: a work queue and a counter per requirement, what a C programmer"
        " writes first; it keeps no single points, only their number) and as naive"
        " Python over networkx (`bench/baseline.py`, the cascade as a user would write"
        " it, no extra bookkeeping; building its graph not counted). Project and C run"
        " alternately in one process, best wall clock and best CPU time each (21 runs,"
        " 3 on 10^6 nodes); the naive Python runs once. Goals: at least 100× the naive"
        " Python on the 20k map; at most 2× C; at most 1 s on 10^6 nodes.",
        "",
        "| nodes | project | C | project / C | naive Python | speed-up | same counts |",
        "|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    done = []
    for r in crit:
        if "error" in r:
            out.append(f"| {r.get('municipalities')} municipalities | {r['error']} |")
            continue
        done.append(r)
        speedup = f"{r['speedup']:.0f}× ({_mark(r['speedup'] >= 100)})" if "speedup" in r else "–"
        out.append(
            f"| {r['nodes']:,} | {_secs(r['ours_s'])} ({_secs(r['ours_cpu_s'])} CPU)"
            f" | {_secs(r['c_s'])} ({_secs(r['c_cpu_s'])} CPU)"
            f" | {r['of_c']:.2f}× ({_mark(r['of_c'] <= 2)}) | {_secs(r.get('naive_s'))}"
            f" | {speedup} | {'yes' if r['agree'] else '**no**'} |"
        )
    out.append("")
    if not done:
        return out
    loads = ", ".join(f"{r['load']:.1f}" for r in done)
    out += [f"Load average (1 min) while measured: {loads}.", ""]
    for r in done:
        if r["nodes"] >= 1_000_000:
            out += [f"On {r['nodes']:,} nodes at most 1 s: {_mark(r['ours_s'] <= 1)}.", ""]
        if "ours_n_s" in r:
            out += [
                f"On {r['nodes']:,} nodes on {r['threads']} threads (`threads=`; the default"
                f" is one): {_secs(r['ours_n_s'])} ({_secs(r['ours_n_cpu_s'])} CPU), against"
                f" {_secs(r['ours_s'])} on one, with {r['ours_n_cpu_s'] / r['ours_cpu_s']:.2f}×"
                " its CPU time. Threads pay only where cores are idle: on a shared machine"
                " each gets a part of a core, and both draw on the same memory and"
                " last-level cache.",
                "",
            ]
    out += [
        "Where the time goes (CPU, one thread, best of the same runs): *layout* turns"
        " the graph into the runs the cascade walks, *cascades* is one cascade per"
        " source with the counts and the pairs, *transpose* groups the pairs by vital"
        " node into the single points; the rest (sources, ranks, allocation) is the"
        " difference to the whole.",
        "",
        "| nodes | layout | cascades | transpose | whole | per node | nodes reached (Σ fails) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in done:
        p = r["parts_cpu_s"]
        whole = r["ours_cpu_s"]
        out.append(
            f"| {r['nodes']:,} | {_secs(p['layout'])} | {_secs(p['cascades'])}"
            f" | {_secs(p['transpose'])} | {_secs(whole)}"
            f" | {1e9 * whole / r['nodes']:.0f} ns | {r['pairs']:,} |"
        )
    if len(done) >= 2:
        small, big = done[0], done[-1]
        ratio = big["nodes"] / small["nodes"]

        def grows(key: str) -> str:
            return f"{(big['parts_cpu_s'][key] / small['parts_cpu_s'][key]) / ratio:.1f}×"

        out += [
            "",
            f"From {small['nodes']:,} to {big['nodes']:,} nodes ({ratio:.0f}× as many) the"
            f" CPU time per node grows {grows('cascades')} in the cascades,"
            f" {grows('layout')} in the layout and {grows('transpose')} in the transpose."
            " The work per node stays put (the pairs per node, the size of fails(x), hardly"
            " change), but the marks, the queue and the runs of the small map fit the CPU's"
            " caches and those of the national map do not: every node a cascade reaches is"
            " a read from memory. The transpose scatters each pair to its vital node's"
            " place, a cache miss per pair on the large map.",
        ]
    out.append("")
    return out


def _montecarlo_section(r: dict[str, Any]) -> list[str]:
    if "error" in r:
        return [f"Monte Carlo: {r['error']}", ""]
    steps = r["steps_cpu_s"]
    total = sum(steps.values())
    n = r["samples"]
    names = {
        "prepare": "prepare: the scenario's reach as a plan, the scoring table, the sampler",
        "samples": "samples: event loop and interval algebra, compiled"
        " (`weerbaar.scale.sampleloop`)",
        "scores": "scores: every sample's impact score, the chunk's histograms and MTPD"
        " breaches (compiled, chunk by chunk)",
        "summary": "summary: the chunks' counts added up, means, percentiles (compiled"
        " selection, at the end)",
    }
    parallel = steps["samples"] + steps["scores"]
    idle = steps["prepare"] + parallel / r["cores"] + steps["summary"]
    out = [
        f"Monte Carlo, {n:,} samples of `{SCENARIO}` on {r['nodes']:,} nodes with every"
        f" duration uncertain, as `weerbaar montecarlo` runs them (threads on {r['cores']}"
        f" cores), best of 2: **{_secs(r['montecarlo_s'])}** ({_secs(r['montecarlo_cpu_s'])}"
        f" CPU; {_mark(r['montecarlo_s'] <= 5)}: at most 5 s), load average"
        f" {r['load']:.1f}. One exact simulation per sample takes {_secs(r['exact_s'])}"
        f" ({_secs(r['exact_cpu_s'])} CPU): {r['speedup']:,.0f}× the exact engine"
        f" ({_mark(r['speedup'] >= 2000)}: at least 2,000×); CPU against CPU,"
        f" {r['speedup_cpu']:,.0f}×.",
        "",
        f"Where the time goes (CPU, the same {n:,} samples in one thread):",
        "",
        "| step | CPU | per sample | share |",
        "|---|---:|---:|---:|",
    ]
    for key, label in names.items():
        out.append(
            f"| {label} | {_secs(steps[key])} | {1e6 * steps[key] / n:.0f} µs"
            f" | {100 * steps[key] / total:.0f} % |"
        )
    out += [
        "",
        f"The samples and their scores run on every core, the preparation and the summary"
        f" on one: on {r['cores']} idle cores that adds up to about {_secs(idle)} (computed"
        " from the table, not measured). The exact engine steps through"
        f" {r['instants']:,.0f} instants in one sample of this scenario (almost every"
        " reachable node goes down and comes back at times of its own, as each has drawn"
        " tolerances and restarts). Of the plan's"
        f" {r.get('plan_nodes', 0):,} nodes and {r.get('plan_reqs', 0):,} requirements the"
        f" compiled samples put only the {r.get('looped_nodes', 0):,} nodes on a cycle or"
        f" feeding one ({r.get('looped_reqs', 0):,} requirements) through the event loop;"
        " the others follow from the down intervals of what they need by interval algebra,"
        " in dependency order (`weerbaar.scale.sampleloop`), and each sample's"
        f" {r.get('quantities', 0):,} uncertain durations are drawn at its start in one"
        " tight loop. What the loop no longer spends time on: tolerance expiries that"
        " would change nothing (a node keeps one pending expiry, none while it is down and"
        " failing), numba's reference counting (a fixed event pool, inlined helpers),"
        " strided writes (a sample's outage hours are a row).",
        "",
    ]
    return out


def render(rows: list[dict[str, Any]]) -> str:
    """The section of the page: one table per case, each goal with its verdict."""
    out = ["## Compiled kernels (issue 15)", ""]
    crit = [r for r in rows if r.get("case") == "criticality"]
    if crit:
        out += _criticality_section(crit)
    for r in (r for r in rows if r.get("case") == "montecarlo"):
        out += _montecarlo_section(r)
    for r in (r for r in rows if r.get("case") == "warm-up"):
        if "error" not in r:
            out += [
                f"numba: the first run after an install compiles every kernel in"
                f" {_secs(r['compile_s'])}; every later run loads the cached machine code in"
                f" {_secs(r['load_s'])} (importing the modules: {_secs(r['imports_s'])}).",
                "",
            ]
    for r in (r for r in rows if r.get("case") == "commands"):
        if "error" not in r:
            out += [
                f"As a user runs them, on the generated map of {r['municipalities']}"
                f" municipalities ({r['nodes']:,} nodes), start-up included:"
                f" `weerbaar check` {_secs(r['check_s'])}, `weerbaar criticality`"
                f" {_secs(r['criticality_s'])}, `weerbaar montecarlo --samples"
                f" {r['samples']}` {_secs(r['montecarlo_s'])}.",
                "",
            ]
    return "\n".join(out)


def speed_case(case: str, **args: Any) -> dict[str, Any]:
    """One case's figures, tagged with the case (what ``run.py`` runs in a fresh process)."""
    return {"case": case, **CASES[case](**args)}


HEADING = "## Compiled kernels (issue 15)"


def into_page(page: str, section: str) -> str:
    """``page`` with its issue-15 section replaced by ``section`` (appended when it has none).

    What ``bench/run.py`` writes in its place on a full ``make bench``; the
    other sections stay as they are.

    >>> into_page("# T\\n## A\\na\\n" + HEADING + "\\nold\\n## B\\nb\\n", HEADING + "\\nnew\\n")
    '# T\\n## A\\na\\n## Compiled kernels (issue 15)\\nnew\\n\\n## B\\nb\\n'
    """
    from run import sections

    parts = [text for _, text in sections(page)]
    at = [i for i, (heading, _) in enumerate(sections(page)) if heading == HEADING]
    fresh = section.strip("\n") + "\n"
    if at:
        parts[at[0]] = fresh + ("\n" if at[0] < len(parts) - 1 else "")
    else:
        parts.append(("\n" if parts and not parts[-1].endswith("\n\n") else "") + fresh)
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--case", choices=sorted(CASES), help="one case, printed as JSON")
    parser.add_argument("--args", default="{}", help="its arguments, as JSON")
    parser.add_argument("--save", type=Path, help="also write the figures here, as JSON")
    parser.add_argument(
        "--rows", type=Path, help="render figures saved with --save, measure nothing"
    )
    parser.add_argument(
        "--out", type=Path, help="put the section into this page (docs/performance.md)"
    )
    opts = parser.parse_args()
    sys.path.insert(0, str(HERE))
    if opts.case:
        print(json.dumps(speed_case(opts.case, **json.loads(opts.args))))
        return
    if opts.rows:
        rows = json.loads(opts.rows.read_text(encoding="utf-8"))
    else:
        rows = []
        for case, args in QUICK if opts.quick else FULL:
            print(f"bench: speed {case} {args}", file=sys.stderr, flush=True)
            rows.append(speed_case(case, **args))
            print(f"       {rows[-1]}", file=sys.stderr, flush=True)
    if opts.save:
        opts.save.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    section = render(rows)
    if opts.out:
        page = opts.out.read_text(encoding="utf-8")
        opts.out.write_text(into_page(page, section), encoding="utf-8")
        print(f"bench: wrote {opts.out}", file=sys.stderr)
    else:
        print(section)


if __name__ == "__main__":
    main()
