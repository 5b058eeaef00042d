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
import io
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


def _command(*args: str) -> float:
    """Wall seconds of ``weerbaar ARGS`` in a fresh process, output discarded."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "weerbaar", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


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
        wall, cpu, (data, lines) = _timed(lambda: load_yaml(text, str(path)))
        out |= {"parse_s": wall, "parse_cpu_s": cpu}
        wall, cpu, m = _timed(lambda: from_data(data, str(path), lines))
        out |= {"validate_s": wall, "validate_cpu_s": cpu}
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
        out["startup_s"] = _command("--version")
        out["check_s"] = _command("check", str(path))
        out["criticality_s"] = _command("criticality", str(path))
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
        "`weerbaar check` and `weerbaar criticality` timed in one process (wall "
        "clock), and both commands end to end in a fresh process, start-up "
        "included.",
        "",
    ]
    head = ["municipalities", "nodes", "YAML", *PARTS, "start-up", "`check`", "`criticality`"]
    body = [
        [
            f"{r['municipalities']:,}",
            f"{r['nodes']:,}",
            f"{r['mb']:.1f} MB",
            *(secs(r[f"{p}_s"]) for p in PARTS),
            secs(r["startup_s"]),
            secs(r["check_s"]),
            secs(r["criticality_s"]),
        ]
        for r in ok
    ]
    lines += [table(head, body), ""]
    if len(ok) >= 2:
        exps = {p: overall(ok, "nodes", f"{p}_s") for p in ("parse", "validate", "check")}
        last = ok[-1]
        factor = 1_000_000 / last["nodes"]
        # Reading grows linearly with the file; start-up does not grow at all.
        guess = last["startup_s"] + (last["check_s"] - last["startup_s"]) * factor
        lines += [
            "Growth with the number of nodes (exponent of time ~ nodes^e over the "
            "sizes above; start-up weighs on the small sizes): "
            + ", ".join(f"{p} {x:.2f}" for p, x in exps.items() if x is not None)
            + ". Extrapolated linearly from the largest size, not measured: "
            f"`weerbaar check` of a 10^6-node map (about {last['mb'] * factor:,.0f} MB "
            f"of YAML) takes about {secs(guess)}.",
            "",
        ]
    lines += errors(rows, "loading")
    return "\n".join(lines) + "\n"


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [35, 140, 300]
    print(render([load_case(k) for k in sizes]))


if __name__ == "__main__":
    main()
