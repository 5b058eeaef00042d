"""Loading a map file, part by part, as the command line does it.

``python bench/load.py [MUNICIPALITIES ...]`` prints the table; ``bench/run.py``
runs :func:`load_case` per size in a fresh process and adds :func:`render`'s
section to the page.

Per size it writes the generator's map as YAML (not timed), then times each
part of ``weerbaar check`` and ``weerbaar criticality`` in this process (read
the file, parse the YAML, validate it into a ``RiskMap``, build the engine's
graph, run the structural criticality, format the output) and both commands
end to end in a fresh process, start-up included, as a user runs them.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 1
PARTS = ("read", "parse", "validate", "build", "engine", "output")


def _timed(f: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = f()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _command(*args: str, repeat: int = 3) -> tuple[float, float]:
    """Wall and CPU seconds of ``weerbaar ARGS`` in a fresh process, output discarded.

    The best of ``repeat`` runs: on a shared machine the slower runs measure
    the other work more than this one.
    """
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "weerbaar", *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, (wall, cpu))
    return best


def load_case(municipalities: int) -> dict[str, Any]:
    """Figures for the generated map of ``municipalities``: seconds per part."""
    from rich.console import Console

    from weerbaar.commands import criticality as command
    from weerbaar.engine.graph import build_graph
    from weerbaar.model import dump_yaml
    from weerbaar.model.loader import from_data
    from weerbaar.model.yamlsource import load_yaml, read_text
    from weerbaar.scale.criticality import criticality
    from weerbaar.scale.generate import generate_map

    m = generate_map(municipalities, SEED)
    with tempfile.TemporaryDirectory(prefix="weerbaar-bench-") as tmp:
        path = Path(tmp) / "land.yaml"
        path.write_text(dump_yaml(m), encoding="utf-8")
        out: dict[str, Any] = {
            "municipalities": municipalities,
            "nodes": len(m.nodes),
            "mb": path.stat().st_size / 1e6,
        }
        del m
        wall, cpu, text = _timed(lambda: read_text(path))
        out |= {"read_s": wall, "read_cpu_s": cpu}
        # The cycle collector pauses while a map is read, as parse_map does.
        gc.disable()
        wall, cpu, (data, lines) = _timed(lambda: load_yaml(text, str(path)))
        out |= {"parse_s": wall, "parse_cpu_s": cpu}
        wall, cpu, m = _timed(lambda: from_data(data, str(path), lines))
        out |= {"validate_s": wall, "validate_cpu_s": cpu}
        gc.enable()
        wall, cpu, g = _timed(lambda: build_graph(m))
        out |= {"build_s": wall, "build_cpu_s": cpu}
        wall, cpu, c = _timed(lambda: criticality(m))
        out |= {"engine_s": wall, "engine_cpu_s": cpu}
        del g, c
        ranking, spof = command.counted(m)
        command.console = Console(file=io.StringIO(), width=100)
        with contextlib.redirect_stdout(io.StringIO()):
            wall, cpu, _ = _timed(
                lambda: command.print_ranking(m, "structural", ranking[:20], spof)
            )
        out |= {"output_s": wall, "output_cpu_s": cpu}
        out["startup_s"], out["startup_cpu_s"] = _command("--version")
        out["check_s"], out["check_cpu_s"] = _command("check", str(path))
        out["criticality_s"], out["criticality_cpu_s"] = _command("criticality", str(path))
    out["load_average"] = os.getloadavg()
    return out


def render(rows: list[dict[str, Any]]) -> str:
    """The page's section on loading, with the growth toward 10^6 nodes."""
    sys.path.insert(0, str(HERE))
    from tables import errors, overall, secs, table

    ok = [r for r in rows if "error" not in r]
    lines = [
        "## Loading a map file",
        "",
        "`bench/load.py`: the generator's map written as YAML, then each part of "
        "`weerbaar check` and `weerbaar criticality` timed in one process (CPU "
        "time, which other work on a shared machine does not inflate), and both "
        "commands end to end in a fresh process, start-up included (wall clock, "
        "with their CPU time in brackets).",
        "",
    ]
    head = ["municipalities", "nodes", "YAML", *PARTS, "start-up", "`check`", "`criticality`"]
    body = [
        [
            f"{r['municipalities']:,}",
            f"{r['nodes']:,}",
            f"{r['mb']:.1f} MB",
            *(secs(r[f"{p}_cpu_s"]) for p in PARTS),
            secs(r["startup_s"]),
            f"{secs(r['check_s'])} ({secs(r['check_cpu_s'])} CPU)",
            f"{secs(r['criticality_s'])} ({secs(r['criticality_cpu_s'])} CPU)",
        ]
        for r in ok
    ]
    lines += [table(head, body), ""]
    target = next((r for r in ok if r["municipalities"] == 300), None)
    if target is not None:
        lines += [
            "The targets of issue 8, on the 300-municipality map of "
            f"{target['nodes']:,} nodes: `weerbaar check` at most 3 s, measured "
            f"{secs(target['check_s'])} ({secs(target['check_cpu_s'])} CPU); "
            "`weerbaar criticality` at most 5 s, measured "
            f"{secs(target['criticality_s'])} ({secs(target['criticality_cpu_s'])} CPU). "
            "Before the fast loader they took about 20 s and 34 s.",
            "",
        ]
    lines += [
        "The parts: *read* the file as text; *parse* the YAML into plain data "
        "(libyaml's events, built into lists and mappings in Python, with the "
        "work limits counted on the way; the line of every key is found only "
        "when a problem needs one, by parsing again); *validate* it into a "
        "`RiskMap` (unknown keys, the fast path for plain nodes, the schema for "
        "the rest, references); *build* the engine's graph; *engine* the "
        "structural criticality of every node; *output* the table of "
        "`weerbaar criticality` (*engine* includes loading the compiled kernels "
        "on their first use in a process, about half a second, which the other "
        "sections leave out). The commands end to end add the start-up "
        "(Python and the imports) and, for `check`, the impact criteria; the "
        "best of three runs, with the load average of the machine at the end "
        "of each size: "
        + "; ".join(
            f"{r['nodes']:,} nodes {', '.join(f'{x:.1f}' for x in r['load_average'])}"
            for r in ok
            if "load_average" in r
        )
        + ".",
        "",
    ]
    if len(ok) >= 2:
        exps = {p: overall(ok, "nodes", f"{p}_cpu_s") for p in ("parse", "validate", "check")}
        last = ok[-1]
        factor = 1_000_000 / last["nodes"]
        # Reading grows linearly with the file; start-up does not grow at all.
        guess = last["startup_cpu_s"] + (last["check_cpu_s"] - last["startup_cpu_s"]) * factor
        lines += [
            "Growth with the number of nodes (exponent of time ~ nodes^e over the "
            "sizes above; start-up weighs on the small sizes): "
            + ", ".join(f"{p} {x:.2f}" for p, x in exps.items() if x is not None)
            + ". Extrapolated linearly from the largest size, not measured: "
            f"`weerbaar check` of a 10^6-node map (about {last['mb'] * factor:,.0f} MB "
            f"of YAML) takes about {secs(guess)} of CPU, nearly all of it reading the "
            "file: the engine's criticality of a 10^6-node map takes seconds (the "
            "section *Criticality of a national map*).",
            "",
        ]
    lines += errors(rows, "loading")
    return "\n".join(lines) + "\n"


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [35, 140, 300]
    print(render([load_case(k) for k in sizes]))


if __name__ == "__main__":
    main()
