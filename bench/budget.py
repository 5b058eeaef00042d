"""The risk-based budget and the catalogue import, as the user feels them.

``python bench/budget.py [MEASURES ...]`` prints the table; ``bench/run.py``
runs :func:`budget_case` per number of measures in a fresh process and adds
:func:`render`'s section to the page.

The sample map has seven measures. To reach 15, :func:`with_measures` adds
measures of the same kinds a municipality would consider (a longer tolerance
on a system's first requirement, a faster restart), one per system in id
order with a cost that grows with it, so the candidates touch different
parts of the map as real ones do. Per size: the exact frontier on two worker
processes (the engine part) and ``weerbaar budget`` end to end in a fresh
process; at the largest size also the greedy heuristic and its gap to the
exact answer at five budgets. The import of the published BIO2 is timed when
a copy lies in ``../shared/reference/`` (the project never ships it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "examples" / "gemeente-voorbeeld.yaml"
# The published BIO2 is never in the repository: a copy beside the work tree,
# or the file WEERBAAR_BIO2_FILE names.
REFERENCE = Path(
    os.environ.get("WEERBAAR_BIO2_FILE")
    or HERE.parent.parent / "shared" / "reference" / "bio2-overheidsmaatregelen.md"
)


def with_measures(m: Any, count: int) -> Any:
    """The map with its own measures and generated ones up to ``count`` in all."""
    from weerbaar.model.riskmap import AddTolerance, Measure, NodeKind, SetRestart

    own = list(m.measures[:count])
    systems = sorted(
        (n for n in m.nodes if n.kind is NodeKind.SYSTEM and n.requires), key=lambda n: n.id
    )
    for i, n in enumerate(systems):
        if len(own) >= count:
            break
        if i % 2 == 0 or n.restart <= 1.0:
            req = n.requires[0]
            change: Any = AddTolerance(n.id, req.members[0], max(req.tolerance, 0.0) + 12.0)
        else:
            change = SetRestart(n.id, n.restart / 2)
        own.append(Measure(f"bench-{n.id}", cost=2000.0 + 1000.0 * i, changes=(change,)))
    return replace(m, measures=tuple(own))


def budget_case(measures: int, budget: float = 40000.0) -> dict[str, Any]:
    """Seconds for the frontier of ``measures`` candidates, and the greedy gap."""
    from weerbaar.accountability.budget import Method, plan_budget
    from weerbaar.model import dump_yaml, load_map
    from weerbaar.scale.distributed import open_pool

    m = with_measures(load_map(SAMPLE), measures)
    out: dict[str, Any] = {"measures": len(m.measures), "scenarios": len(m.scenarios)}
    with open_pool(None, 2) as pool:
        start = time.perf_counter()
        exact = plan_budget(m, budget, pool=pool)
        out["exact_s"] = time.perf_counter() - start
    out["simulations"] = exact.simulations
    out["combinations"] = 2 ** len(m.measures)
    out["frontier"] = len(exact.frontier)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.yaml"
        path.write_text(dump_yaml(m), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "weerbaar", "budget", str(path), "--budget", str(budget),
             "--processes", "2"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        out["command_s"] = time.perf_counter() - start
    start = time.perf_counter()
    greedy = plan_budget(m, budget, method=Method.GREEDY)
    out["greedy_s"] = time.perf_counter() - start
    gaps = []
    for b in (10000.0, 20000.0, 40000.0, 80000.0, 160000.0):
        best = plan_budget(m, b, method=Method.GREEDY).best.risk
        opt = max((p for p in exact.frontier if p.cost <= b), key=lambda p: p.cost).risk
        gaps.append((best - opt) / opt if opt > 0 else 0.0)
    out["gap_max"] = max(gaps)
    out["gap_mean"] = sum(gaps) / len(gaps)
    out["greedy_equal"] = greedy.best.risk == exact.best.risk
    if REFERENCE.exists():
        from weerbaar.accountability.formats import read_catalogue

        data = REFERENCE.read_bytes()
        start = time.perf_counter()
        cat = read_catalogue(data, REFERENCE.name)
        out["bio2_import_s"] = time.perf_counter() - start
        out["bio2_controls"] = len(cat.controls)
    return out


def render(rows: list[dict[str, Any]]) -> str:
    """The page's section on the budget and the catalogue import."""
    sys.path.insert(0, str(HERE))
    from tables import errors, secs, table

    ok = [r for r in rows if "error" not in r]
    lines = [
        "## Risk-based budget and catalogue import",
        "",
        "`bench/budget.py`: the efficient frontier of the sample map (all "
        "scenarios) for a growing number of candidate measures, exact, on two "
        "worker processes (target: 15 measures ≤ 30 s); `weerbaar budget` end to "
        "end in a fresh process; the greedy heuristic on one process and its "
        "largest and mean gap in expected risk to the exact answer at budgets "
        "of € 10,000 to € 160,000.",
        "",
    ]
    head = ["measures", "combinations", "simulations", "frontier points", "exact",
            "`weerbaar budget`", "greedy", "greedy gap max / mean"]  # fmt: skip
    body = [
        [
            str(r["measures"]),
            f"{r['combinations']:,}",
            f"{r['simulations']:,}",
            str(r["frontier"]),
            secs(r["exact_s"]),
            secs(r["command_s"]),
            secs(r["greedy_s"]),
            f"{r['gap_max']:.1%} / {r['gap_mean']:.1%}",
        ]
        for r in ok
    ]
    lines += [table(head, body), ""]
    imported = [r for r in ok if "bio2_import_s" in r]
    if imported:
        r = imported[-1]
        lines.append(
            f"Importing the published BIO2 ({r['bio2_controls']} entries) takes "
            f"{secs(r['bio2_import_s'])} (target ≤ 2 s)."
        )
    else:
        lines.append("The import of the published BIO2 was not timed: no copy at hand.")
    lines += ["", *errors(rows, "budget")]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [5, 10, 15]
    print(render([budget_case(k) for k in sizes]))
