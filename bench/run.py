"""Reproduce ``docs/performance.md``: ``make bench`` or ``python bench/run.py --out FILE``.

Every measurement runs in a fresh process (this file with ``--case``), so its
peak memory is its own and one failure cannot stop the rest; the parent
collects the figures and writes the page. ``--quick`` measures small sizes
only, as a smoke test of the whole pipeline (a minute or two).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import speed  # bench/speed.py: issue 15's section, beside this file

HERE = Path(__file__).resolve().parent

#: (case, arguments) in the order measured. Municipalities: 70, 280 and 1,120
#: give about 5,700, 20,000 and 80,000 nodes; 1,403, 4,209 and 14,030 give
#: 10^5, 3·10^5 and 10^6.
FULL: list[tuple[str, dict[str, Any]]] = [
    *[("structural", {"municipalities": k, "baseline": True}) for k in (70, 280, 1120)],
    *[("scenario", {"municipalities": k}) for k in (1403, 4209, 14030)],
    *[("national", {"municipalities": k}) for k in (1403, 4209, 14030)],
    *[
        ("montecarlo", {"municipalities": 280, "samples": s, "scenario": "stroomstoring-regio"})
        for s in (1000, 3000, 10000)
    ],
    *[("load", {"municipalities": k}) for k in (70, 300, 1403)],
    *[("budget", {"measures": k}) for k in (5, 10, 15)],
    ("exercise", {"municipalities": 280}),
    *[("advisories", {"municipalities": 280, "advisories": k}) for k in (500, 1000, 2000, 4000)],
    *[("advisories", {"municipalities": k, "advisories": 2000}) for k in (70, 1120)],
    ("exercise_live", {"participants": 40}),
    ("forecast", {"samples": 1000}),
    ("documents", {"large": 300}),
    *[
        ("exercise_live", {"participants": 40, "database": os.environ["WEERBAAR_BENCH_PG"]})
        for _ in range(1)
        if os.environ.get("WEERBAAR_BENCH_PG")
    ],
    *[("speed", {"case": case, **args}) for case, args in speed.FULL],
]
QUICK: list[tuple[str, dict[str, Any]]] = [
    *[("structural", {"municipalities": k, "baseline": True}) for k in (10, 35, 140)],
    *[("scenario", {"municipalities": k}) for k in (140, 420, 1403)],
    *[("national", {"municipalities": k}) for k in (140, 420, 1403)],
    *[
        ("montecarlo", {"municipalities": 35, "samples": s, "scenario": "stroomstoring-regio"})
        for s in (100, 300, 1000)
    ],
    *[("load", {"municipalities": k}) for k in (10, 35, 140)],
    *[("budget", {"measures": k}) for k in (3, 5)],
    ("exercise", {"municipalities": 35}),
    ("advisories", {"municipalities": 35, "advisories": 200}),
    ("exercise_live", {"participants": 10, "rounds": 2}),
    ("forecast", {"samples": 100, "municipalities": 35}),
    ("documents", {"large": 0}),
    *[("speed", {"case": case, **args}) for case, args in speed.QUICK],
]
#: No single case may take longer than this; the whole benchmark stays bounded.
TIMEOUT_S = 900


def sections(page: str) -> list[tuple[str, str]]:
    """Split a Markdown page at its ``## `` headings: (heading, text) pairs, in order.

    The text before the first heading is the pair with heading ``""``.

    >>> sections("# T\\nintro\\n## A\\na\\n## B\\nb\\n")
    [('', '# T\\nintro\\n'), ('## A', '## A\\na\\n'), ('## B', '## B\\nb\\n')]
    """
    parts: list[tuple[str, str]] = [("", "")]
    for line in page.splitlines(keepends=True):
        if line.startswith("## "):
            parts.append((line.rstrip("\n"), ""))
        heading, text = parts[-1]
        parts[-1] = (heading, text + line)
    return parts if parts[0][1] else parts[1:]


def keep_other_sections(old: str, new: str) -> str:
    """The new page, with every section of the old one that this run does not write.

    Some sections of docs/performance.md come from benchmarks that ``make bench``
    does not run (``bench/interop.py``, ``bench/sharing.py``, ``bench/pages.py``:
    minutes each, or a server's database); rewriting the page must not drop
    them. A kept section stays after the section it followed in the old page.

    >>> old = "# T\\n## A\\nold a\\n## Kept\\nk\\n## B\\nold b\\n"
    >>> print(keep_other_sections(old, "# T2\\n## A\\nnew a\\n## B\\nnew b\\n"), end="")
    # T2
    <BLANKLINE>
    ## A
    new a
    <BLANKLINE>
    ## Kept
    k
    <BLANKLINE>
    ## B
    new b
    """
    fresh = sections(new)
    written = {heading for heading, _ in fresh}
    after: dict[str, list[str]] = {}
    previous = ""
    for heading, text in sections(old):
        if heading in written:
            previous = heading
        else:
            after.setdefault(previous, []).append(text)
    out: list[str] = []
    for heading, text in fresh:
        out.append(text)
        out.extend(after.pop(heading, []))
    for texts in after.values():
        out.extend(texts)
    # One blank line between sections wherever a kept one lands.
    return "\n\n".join(text.strip("\n") for text in out) + "\n"


def run_case(case: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run one case in a child process; its figures, or ``{"error": ...}``."""
    command = [sys.executable, str(Path(__file__)), "--case", case, "--args", json.dumps(args)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return {**args, "error": f"took longer than {TIMEOUT_S} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {**args, "error": last}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child(case: str, args: dict[str, Any]) -> None:
    sys.path.insert(0, str(HERE))
    import advisories
    import budget
    import cases
    import documents
    import exercise
    import exercise_live
    import forecast
    import load

    functions = {
        "exercise": exercise.exercise_case,
        "advisories": advisories.advisories_case,
        "exercise_live": exercise_live.live_case,
        "forecast": forecast.forecast_case,
        "load": load.load_case,
        "budget": budget.budget_case,
        "documents": documents.documents_case,
        "structural": cases.structural_case,
        "scenario": cases.scenario_case,
        "national": cases.national_case,
        "montecarlo": cases.montecarlo_case,
        "speed": speed.speed_case,
    }
    print(json.dumps(functions[case](**args)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the page here (default: stdout)")
    parser.add_argument("--quick", action="store_true", help="small sizes only: a smoke run")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--args", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.case:
        child(opts.case, json.loads(opts.args))
        return
    sys.path.insert(0, str(HERE))
    from advisories import render as render_advisories
    from budget import render as render_budget
    from documents import section as render_documents
    from exercise import render as render_exercise
    from exercise_live import render as render_live
    from forecast import render as render_forecast
    from load import render as render_load
    from machine import machine
    from report import render
    from speed import render as render_speed

    info = machine()
    results: dict[str, list[dict[str, Any]]] = {}
    for case, args in QUICK if opts.quick else FULL:
        print(f"bench: {case} {args}", file=sys.stderr, flush=True)
        figures = run_case(case, args)
        print(f"       {figures}", file=sys.stderr, flush=True)
        results.setdefault(case, []).append(figures)
    info["load_after"] = os.getloadavg()
    loading = results.pop("load", [])
    budgets = results.pop("budget", [])
    documents = results.pop("documents", [])
    speeds = results.pop("speed", [])
    exercises = results.pop("exercise", [])
    live = results.pop("exercise_live", [])
    forecasts = results.pop("forecast", [])
    matched = results.pop("advisories", [])
    page = "\n".join(
        [
            render(info, results, quick=opts.quick),
            render_load(loading),
            render_budget(budgets),
            render_documents(documents),
            render_exercise(exercises),
            render_live(live),
            render_forecast(forecasts),
            render_advisories(matched),
            render_speed(speeds),
        ]
    )
    if opts.out:
        kept = opts.out.read_text(encoding="utf-8") if opts.out.exists() else ""
        opts.out.write_text(keep_other_sections(kept, page), encoding="utf-8")
        print(f"bench: wrote {opts.out}", file=sys.stderr)
    else:
        print(page)


if __name__ == "__main__":
    main()
