"""The live forecast of an incident on the sample: exact, with its advice, and Monte Carlo.

``python bench/forecast.py`` prints the section; ``bench/run.py`` runs
:func:`forecast_case` in a fresh process and adds :func:`render`'s section
to the page.

The incident is the demo's (``weerbaar.web.incidents.demo``): the suite of
the sociaal domein down for ``tri(1d, 3d, 1w)`` since five hours, the town
hall's fibre line down for 10 hours since two. Short runs are repeated and
the best time is kept. The issue's budgets: 1 s for the exact forecast,
5 s with 1,000 Monte Carlo samples. For how it grows, the same on the
generator's map of ``MUNICIPALITIES`` (280: about 20,000 nodes), the
regional power grid down for ``tri(4h, 12h, 2d)``, measured once.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "gemeente-voorbeeld.yaml"
REPEAT = 3


def _best(f: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = f()
        best = min(best, time.perf_counter() - start)
    return best, result


def _large(municipalities: int, samples: int) -> dict[str, Any]:
    from weerbaar.incident.advice import advise
    from weerbaar.incident.forecast import Outage, forecast
    from weerbaar.model import parse_uncertain
    from weerbaar.scale.generate import generate_map

    m = generate_map(municipalities, 1)
    scenario = next(s for s in m.scenarios if "stroom" in s.id)
    now = datetime(2026, 12, 5, 13, tzinfo=UTC)
    spread = parse_uncertain("tri(4h, 12h, 2d)")
    outages = [Outage(scenario.failures[0].node, now - timedelta(hours=5), expected=spread)]
    start = time.perf_counter()
    exact = forecast(m, outages, now)
    exact_s = time.perf_counter() - start
    start = time.perf_counter()
    forecast(m, outages, now, samples, 2026)
    mc_s = time.perf_counter() - start
    start = time.perf_counter()
    advise(m, outages, now)
    advice_s = time.perf_counter() - start
    return {
        **_paths(m, outages, now, samples),
        "nodes": len(m.nodes),
        "node": outages[0].node,
        "processes": len(exact.processes),
        "exact_s": exact_s,
        "mc_s": mc_s,
        "advice_s": advice_s,
    }


def _paths(m: Any, outages: Any, now: datetime, samples: int) -> dict[str, Any]:
    """The samples alone on each path, compiled (numba) and numpy, best of two each."""
    from weerbaar.engine import jit
    from weerbaar.incident.forecast import prepare, sampled

    if not jit.ENABLED:
        return {}
    p = prepare(m, outages, now)
    best: dict[bool, float] = {}
    found = {}
    for compiled in (True, False, True, False):
        start = time.perf_counter()
        found[compiled] = sampled(p, samples, 2026, compiled=compiled)
        took = time.perf_counter() - start
        best[compiled] = min(best.get(compiled, took), took)
    if found[True] != found[False]:
        raise AssertionError("the compiled and numpy samples differ")
    return {"compiled_s": best[True], "numpy_s": best[False]}


def forecast_case(samples: int = 1000, municipalities: int = 280) -> dict[str, Any]:
    from weerbaar.incident.advice import advise
    from weerbaar.incident.forecast import Outage, forecast, prepare
    from weerbaar.model import load_map, parse_uncertain
    from weerbaar.scale.plan import compile_plan

    m = load_map(SAMPLE)
    now = datetime(2026, 12, 5, 13, tzinfo=UTC)
    outages = [
        Outage(
            "suite-sociaal-domein",
            now - timedelta(hours=5),
            expected=parse_uncertain("tri(1d, 3d, 1w)"),
        ),
        Outage("internet-glasnet", now - timedelta(hours=2), expected=10.0),
    ]
    prepared = prepare(m, outages, now)
    plan = compile_plan(prepared.map, prepared.scenario, prepared.horizon)
    exact_s, exact = _best(lambda: forecast(m, outages, now))
    advice_s, advice = _best(lambda: advise(m, outages, now))
    mc_s, mc = _best(lambda: forecast(m, outages, now, samples, 2026))
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "weerbaar",
            "forecast",
            str(SAMPLE),
            "--now",
            now.isoformat(),
            "--samples",
            str(samples),
            "--down",
            "suite-sociaal-domein@-5h=tri(1d, 3d, 1w)",
            "--down",
            "internet-glasnet@-2h=10h",
            "--json",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    command_s = time.perf_counter() - start
    return {
        "nodes": len(m.nodes),
        "reach": plan.n,
        "uncertain": len(plan.quantities),
        "samples": samples,
        "processes": len(exact.processes),
        "exact_s": exact_s,
        "advice_s": advice_s,
        "helps": len(advice.helps),
        "measures": len(m.measures),
        "mc_s": mc_s,
        "mc_processes": len(mc.processes),
        "command_s": command_s,
        "large": _large(municipalities, samples) if municipalities else None,
    }


def render(results: list[dict[str, Any]]) -> str:
    """The section of docs/performance.md."""
    lines = [
        "## Incident forecast",
        "",
        "`python bench/forecast.py` (part of `make bench`): the live forecast of the demo's",
        "incident on the sample (two failed nodes, one with an uncertain restore). Budgets of",
        "the issue: 1 s exact, 5 s with 1,000 Monte Carlo samples. Best of three runs; the",
        "generated map's rows, for how it grows, measured once.",
        "",
        "| measurement | seconds |",
        "|---|---:|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| forecast | error: {r['error']} |")
            continue
        lines += [
            f"| exact forecast ({r['nodes']} nodes, {r['processes']} vital processes hit) "
            f"| {r['exact_s']:.3f} |",
            f"| what helps most: restore order and {r['measures']} measures and the fallbacks "
            f"in use, each an exact run | {r['advice_s']:.3f} |",
            f"| forecast with {r['samples']:,} Monte Carlo samples ({r['reach']} nodes within "
            f"reach, {r['uncertain']} uncertain durations) | {r['mc_s']:.3f} |",
            f"| `weerbaar forecast --samples {r['samples']}` end to end, start-up included "
            f"| {r['command_s']:.2f} |",
        ]
        big = r.get("large")
        if big:
            where = f"generated map ({big['nodes']:,} nodes), {big['node']} down"
            lines += [
                f"| {where}: exact ({big['processes']} processes hit) | {big['exact_s']:.2f} |",
                f"| {where}: {r['samples']:,} Monte Carlo samples | {big['mc_s']:.2f} |",
            ]
            if "compiled_s" in big:
                lines.append(
                    f"| {where}: the samples alone, compiled (numba, the default) / numpy "
                    f"(the same result) | {big['compiled_s']:.2f} / {big['numpy_s']:.2f} |"
                )
            lines += [
                f"| {where}: what helps most (at most 12 fallbacks run again) "
                f"| {big['advice_s']:.2f} |",
            ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render([forecast_case(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)]))
