"""Exercises: generating a script, and re-timing it after a decision.

``python bench/exercise.py [MUNICIPALITIES]`` prints the section;
``bench/run.py`` runs :func:`exercise_case` in a fresh process and adds
:func:`render`'s section to the page.

On the sample (Gemeente Voorbeeld) it times generating the script of every
scenario (simulation, storyline, texts, compression) in this process and one
``weerbaar exercise generate`` end to end in a fresh process, start-up
included; then a decision of each kind at half an hour into the telecom
exercise, re-simulated and re-timed. On the generator's map of
``MUNICIPALITIES`` (280: about 20,000 nodes) it times one scenario's script.
The issue's budgets: 1 s per scenario of the sample, 5 s on the 20,000-node
map, 1 s for a re-timing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "gemeente-voorbeeld.yaml"
SEED = 2026


def _timed(f: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def exercise_case(municipalities: int = 280) -> dict[str, Any]:
    from weerbaar.exercise.generate import generate
    from weerbaar.exercise.records import Decision, Intervention, InterventionKind
    from weerbaar.exercise.retime import intervene, intervention_at
    from weerbaar.model import load_map
    from weerbaar.scale.generate import generate_map

    m = load_map(SAMPLE)
    per_scenario = {}
    injects = {}
    for sc in m.scenarios:
        seconds, ex = _timed(lambda sc=sc: generate(m, sc.id, seed=SEED))
        per_scenario[sc.id] = seconds
        injects[sc.id] = len(ex.injects)
    with tempfile.TemporaryDirectory(prefix="weerbaar-bench-") as tmp:
        out = Path(tmp) / "oefening.yaml"
        args = ["exercise", "generate", str(SAMPLE), "--scenario", "landelijke-telecomstoring"]
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "weerbaar", *args, "--seed", str(SEED), "-o", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        command_s = time.perf_counter() - start
    ex = generate(m, "landelijke-telecomstoring", seed=SEED)
    now = 0.5
    at = intervention_at(ex, now)
    kinds = {
        "restore": Intervention(InterventionKind.RESTORE, at, node="telecom-backbone-nationaal"),
        "extend": Intervention(
            InterventionKind.EXTEND, at, node="telecom-backbone-nationaal", duration=24.0
        ),
        "measure": Intervention(InterventionKind.MEASURE, at, measure="tweede-internetprovider"),
        "fallback": Intervention(
            InterventionKind.FALLBACK, at, node="klantcontact", requirement="klantcontactcentrum"
        ),
    }
    retime = {
        kind: _timed(
            lambda iv=iv: intervene(ex, m, Decision(now, "crisiscoordinator", "x", None, None, iv))
        )[0]
        for kind, iv in kinds.items()
    }
    big = generate_map(municipalities, 1)
    scenario = next(s.id for s in big.scenarios if "stroom" in s.id)
    large_s, large = _timed(lambda: generate(big, scenario, seed=SEED))
    return {
        "municipalities": municipalities,
        "nodes": len(big.nodes),
        "sample_scenarios": len(per_scenario),
        "sample_max_s": max(per_scenario.values()),
        "sample_mean_s": sum(per_scenario.values()) / len(per_scenario),
        "sample_slowest": max(per_scenario, key=lambda k: per_scenario[k]),
        "sample_injects_max": max(injects.values()),
        "command_s": command_s,
        "retime_s": retime,
        "large_scenario": scenario,
        "large_s": large_s,
        "large_injects": len(large.injects),
    }


def render(results: list[dict[str, Any]]) -> str:
    """The section of docs/performance.md."""
    lines = [
        "## Exercises",
        "",
        "`python bench/exercise.py 280` (part of `make bench`): generating an exercise script",
        "(simulation, storyline, texts, time compression) and re-timing it after a decision.",
        "Budgets of the issue: 1 s per scenario of the sample, 5 s for one scenario on the",
        "20,000-node map, 1 s for a re-timing.",
        "",
        "| measurement | seconds |",
        "|---|---:|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r.get('municipalities')} municipalities | error: {r['error']} |")
            continue
        lines += [
            f"| sample, the slowest of {r['sample_scenarios']} scenarios "
            f"({r['sample_slowest']}; scripts of up to {r['sample_injects_max']} injects) "
            f"| {r['sample_max_s']:.3f} |",
            f"| sample, mean per scenario | {r['sample_mean_s']:.3f} |",
            f"| `weerbaar exercise generate` on the sample, end to end | {r['command_s']:.2f} |",
            *(
                f"| re-timing after a decision ({kind}), sample | {s:.3f} |"
                for kind, s in r["retime_s"].items()
            ),
            f"| generated map, {r['municipalities']} municipalities ({r['nodes']:,} nodes), "
            f"scenario {r['large_scenario']} ({r['large_injects']} injects) | {r['large_s']:.2f} |",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 280
    print(render([exercise_case(n)]))
