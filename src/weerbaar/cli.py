"""The ``weerbaar`` command: one click group, one function per subcommand.

Every problem with the user's input ends as ``file:line: what is wrong`` on
standard error and exit code 2, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from weerbaar import __version__
from weerbaar.model import (
    MapError,
    Problem,
    RiskMap,
    dump_yaml,
    load_map,
    parse_duration,
)
from weerbaar.model.durations import DurationError

if TYPE_CHECKING:  # the engine (scipy) is imported by the commands that run it
    from weerbaar.engine import SimulationResult

T = TypeVar("T")

console = Console(soft_wrap=True)
err_console = Console(stderr=True)


def _fail(problems: list[Problem] | str) -> None:
    lines = [problems] if isinstance(problems, str) else [str(p) for p in problems]
    for line in lines:
        click.echo(line, err=True)
    sys.exit(2)


@contextmanager
def _input_errors() -> Iterator[None]:
    """Turn located input errors into messages and exit code 2."""
    try:
        yield
    except MapError as exc:
        _fail(exc.problems)


def _load(path: str) -> RiskMap:
    """A map from YAML, or from an Excel workbook when the name ends in .xlsx."""
    with _input_errors():
        if path.lower().endswith(".xlsx"):
            from weerbaar.model.excel import import_xlsx

            return import_xlsx(path)
        return load_map(path)
    raise AssertionError("unreachable")


def _profile(path: str | None) -> Any:
    from weerbaar.scoring import load_profile

    with _input_errors():
        return load_profile(path)


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise click.BadParameter(str(exc)) from None


def hours_label(hours: float | None) -> str:
    """``T+1d 4h`` style label for a time in hours; ``…`` for an open end.

    Examples
    --------
    >>> hours_label(28.5)
    'T+1d 4h30m'
    >>> hours_label(None)
    '…'
    """
    if hours is None:
        return "…"
    minutes = round(hours * 60)
    days, rest = divmod(minutes, 24 * 60)
    h, mins = divmod(rest, 60)
    text = (f"{days}d " if days else "") + f"{h}h" + (f"{mins:02d}m" if mins else "")
    return "T+" + text.strip()


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def _track(items: list[T], description: str, step: Callable[[T], Any]) -> list[Any]:
    with _progress() as progress:
        task = progress.add_task(description, total=len(items))
        out = []
        for item in items:
            out.append(step(item))
            progress.advance(task)
        return out


option_profile = click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Methodology profile YAML (default: the shipped NRB profile for one municipality).",
)
argument_map = click.argument("map_path", metavar="MAP", type=click.Path(dir_okay=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="weerbaar")
def main() -> None:
    """Weerbaar: the local digital risk map of a municipality.

    MAP is a risk map in YAML (see `weerbaar schema` and docs/map-format.md).
    """


@main.command()
@argument_map
@option_profile
def check(map_path: str, profile_path: str | None) -> None:
    """Validate MAP and its impact criteria; print what it holds."""
    from weerbaar.scoring import check_criteria

    m = _load(map_path)
    problems = check_criteria(m, _profile(profile_path))
    if problems:
        _fail(problems)
    vital = len(m.vital_processes)
    console.print(
        f"{map_path}: ok — {len(m.nodes)} nodes ({vital} vital processes), "
        f"{len(m.parties)} parties, {len(m.scenarios)} scenarios, {len(m.measures)} measures",
        highlight=False,
    )


def _scenario_or_fail(m: RiskMap, scenario_id: str) -> None:
    if scenario_id not in {s.id for s in m.scenarios}:
        known = ", ".join(s.id for s in m.scenarios) or "none"
        _fail(f"{m.source}: unknown scenario {scenario_id!r} (known: {known})")


@main.command(name="simulate")
@argument_map
@click.option("--scenario", "scenario_id", required=True, help="Id of the scenario to run.")
@click.option("--horizon", callback=_duration, help="Override the horizon, e.g. 14d.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
@option_profile
def simulate_cmd(
    map_path: str,
    scenario_id: str,
    horizon: float | None,
    as_json: bool,
    profile_path: str | None,
) -> None:
    """Run one scenario and show the cascade over time."""
    from weerbaar.engine import simulate
    from weerbaar.scoring import assess

    m = _load(map_path)
    _scenario_or_fail(m, scenario_id)
    result = simulate(m, scenario_id, horizon)
    assessment = assess(m, result, _profile(profile_path))
    if as_json:
        out = result.to_json()
        out["impact"] = {
            "score": assessment.score,
            "likelihood": assessment.likelihood,
            "criteria": {
                c.criterion: {"quantity": c.quantity, "class": c.cls} for c in assessment.criteria
            },
        }
        out["mtpd_breaches"] = [
            {"node": b.node, "mtpd": b.mtpd, "outage": b.outage, "breached_at": b.breached_at}
            for b in assessment.breaches
        ]
        click.echo(json.dumps(out, indent=2))
        return
    _print_timeline(m, result)
    _print_assessment(m, assessment)


def _print_timeline(m: RiskMap, result: SimulationResult) -> None:
    scenario = m.scenario(result.scenario)
    console.print(f"[bold]{scenario.label}[/bold]  (horizon {hours_label(result.horizon)})")
    events: list[tuple[float, int, str, str]] = []
    for node_id, intervals in result.down.items():
        for a, b in intervals:
            events.append((a, 0, node_id, "down"))
            if b is not None:
                events.append((b, 1, node_id, "up"))
    table = Table(show_header=True, header_style="bold")
    for col in ("time", "", "node", "kind", "party"):
        table.add_column(col)
    for t, _, node_id, what in sorted(events):
        node = m.node(node_id)
        mark = "[red]▼ down[/red]" if what == "down" else "[green]▲ up[/green]"
        label = f"[bold]{node.label}[/bold] (vital)" if node.vital else node.label
        table.add_row(hours_label(t), mark, label, node.kind.value, node.party or "")
    console.print(table)
    still = [v for v, ivs in result.down.items() if ivs[-1][1] is None]
    console.print(f"{len(result.down)} nodes go down; {len(still)} still down at the horizon.")
    if result.deadlock:
        console.print(
            "[bold red]Recovery deadlock[/bold red] (these need each other and cannot restart "
            f"on their own): {', '.join(result.deadlock)}"
        )


def _print_assessment(m: RiskMap, assessment: Any) -> None:
    for b in assessment.breaches:
        console.print(
            f"[red]MTPD breached[/red]: {m.node(b.node).label} — outage {hours_label(b.outage)}"
            f" against MTPD {hours_label(b.mtpd)}, breached at {hours_label(b.breached_at)}"
        )
    scored = [c for c in assessment.criteria if c.cls]
    if scored:
        summary = ", ".join(f"{c.criterion} {c.cls}" for c in scored)
        console.print(f"Impact score {assessment.score:.2f} ({summary})")
    else:
        console.print("No impact on the criteria of the profile.")


@main.command()
@argument_map
@click.option(
    "--duration",
    callback=_duration,
    help="Time-aware: fail each node for this long, tolerances counted (e.g. 8h).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
@click.option("--top", default=20, show_default=True, help="Rows in the ranking.")
def criticality(map_path: str, duration: float | None, as_json: bool, top: int) -> None:
    """What each node takes down when it fails; single points of failure.

    On a map of more than 20,000 nodes the structural criticality keeps
    counts only (no list of what each node takes down, also not in --json).
    """
    from weerbaar.engine import structural, time_aware

    m = _load(map_path)
    ids = [n.id for n in m.nodes]
    vital = {n.id for n in m.vital_processes}
    if duration is None and len(ids) > LARGE_MAP:
        _large_criticality(m, as_json, top)
        return
    if duration is None:
        s = structural(m)
        fails = s.fails()
        spof = {v: s.single_points(v) for v in sorted(vital)}
    else:
        results = _track(list(time_aware(m, duration)), "failing each node", lambda impact: impact)
        fails = {r.node: r.down for r in results}
        spof = {v: sorted(x for x in ids if v in fails[x]) for v in sorted(vital)}
    ranking = sorted(ids, key=lambda x: (-len(vital & set(fails[x])), -len(fails[x]), x))
    if as_json:
        out: dict[str, Any] = {"fails": fails}
        if duration is not None:
            out["duration"] = duration
        out["single_points"] = spof
        out["ranking"] = [
            {"node": x, "nodes": len(fails[x]), "vital": len(vital & set(fails[x]))}
            for x in ranking
        ]
        click.echo(json.dumps(out, indent=2))
        return
    what = "structural" if duration is None else f"failing {hours_label(duration)[2:]}"
    table = Table(title=f"Criticality ({what})", header_style="bold")
    for col in ("node", "party", "vital processes down", "nodes down"):
        table.add_column(col)
    for x in ranking[:top]:
        node = m.node(x)
        table.add_row(
            node.label, node.party or "", str(len(vital & set(fails[x]))), str(len(fails[x]))
        )
    console.print(table)
    _print_single_points(m, spof)


#: Above this many nodes `weerbaar criticality` counts instead of listing: the
#: lists of what every node takes down grow with the square of the map.
LARGE_MAP = 20_000


def _large_criticality(m: RiskMap, as_json: bool, top: int) -> None:
    """Structural criticality of a large map in counts (``weerbaar.scale.criticality``)."""
    from weerbaar.scale.criticality import criticality as count_criticality

    c = count_criticality(m)
    ids = c.graph.ids
    spof = {v: c.single_points(v) for v in sorted(n.id for n in m.vital_processes)}
    order = np.lexsort((np.array(ids), -c.down, -c.vital_down))
    ranking = [(ids[i], int(c.down[i]), int(c.vital_down[i])) for i in order.tolist()]
    if as_json:
        out = {
            "single_points": spof,
            "ranking": [{"node": x, "nodes": n, "vital": v} for x, n, v in ranking],
        }
        click.echo(json.dumps(out, indent=2))
        return
    table = Table(title="Criticality (structural)", header_style="bold")
    for col in ("node", "party", "vital processes down", "nodes down"):
        table.add_column(col)
    for x, n, v in ranking[:top]:
        node = m.node(x)
        table.add_row(node.label, node.party or "", str(v), str(n))
    console.print(table)
    _print_single_points(m, spof)


def _print_single_points(m: RiskMap, spof: dict[str, list[str]]) -> None:
    if len(spof) > 500:
        # rich measures and wraps every cell: seconds for thousands of rows
        # of long lists, longer than the whole analysis. One line each instead.
        console.print("Single points of failure of vital processes", style="bold")
        lines = (f"{m.node(v).label}: {', '.join(xs) or '—'}" for v, xs in spof.items())
        click.echo("\n".join(lines))
        return
    spt = Table(title="Single points of failure of vital processes", header_style="bold")
    spt.add_column("vital process")
    spt.add_column("single points of failure")
    for v, xs in spof.items():
        spt.add_row(m.node(v).label, ", ".join(xs) or "—")
    console.print(spt)


@main.command()
@argument_map
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="HTML file to write."
)
@option_profile
def riskmap(map_path: str, output: str, profile_path: str | None) -> None:
    """Write the self-contained HTML report of MAP."""
    from weerbaar.report import render_report
    from weerbaar.scoring import check_criteria

    m = _load(map_path)
    profile = _profile(profile_path)
    problems = check_criteria(m, profile)
    if problems:
        _fail(problems)
    with _progress() as progress:
        progress.add_task("simulating scenarios and measures", total=None)
        html = render_report(m, profile)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    console.print(f"wrote {out} ({len(html) // 1024} KiB)", highlight=False)


@main.command()
@argument_map
@click.option("--measure", "measure_id", required=True, help="Id of the measure.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
@option_profile
def compare(map_path: str, measure_id: str, as_json: bool, profile_path: str | None) -> None:
    """Every scenario before and after a measure, and risk reduction per euro."""
    from weerbaar.scoring import measure_effect

    m = _load(map_path)
    if measure_id not in {me.id for me in m.measures}:
        known = ", ".join(me.id for me in m.measures) or "none"
        _fail(f"{m.source}: unknown measure {measure_id!r} (known: {known})")
    effect = measure_effect(m, measure_id, _profile(profile_path))
    if as_json:
        click.echo(json.dumps(_effect_json(effect), indent=2))
        return
    measure = m.measure(measure_id)
    table = Table(title=f"{measure.label} (€ {measure.cost:,.0f} per year)", header_style="bold")
    for col in ("scenario", "score before", "score after", "expected before", "expected after"):
        table.add_column(col, justify="right" if col != "scenario" else "left")
    for row in effect.scenarios:
        table.add_row(
            m.scenario(row.scenario).label,
            f"{row.score_before:.2f}",
            f"{row.score_after:.2f}",
            f"{row.expected_before:.4f}",
            f"{row.expected_after:.4f}",
        )
    console.print(table)
    per = effect.reduction_per_1000
    console.print(
        f"Expected risk reduction {effect.reduction:.4f} per year"
        + (f"; {per:.5f} per € 1,000" if per is not None else "")
    )


def _effect_json(effect: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(effect)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the map file."""
    from weerbaar.model.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@main.command()
@option_profile
def profile(profile_path: str | None) -> None:
    """Print the methodology profile in use (criteria, classes, thresholds)."""
    p = _profile(profile_path)
    table = Table(title=p.name, header_style="bold")
    for col in ("criterion", "unit", "weight", "A", "B", "C", "D", "E"):
        table.add_column(
            col, justify="left" if col in ("criterion", "unit") else "right", no_wrap=True
        )
    for c in p.criteria:
        bounds = [_compact(x) for x in c.thresholds] if c.thresholds else ["class"] * 5
        table.add_row(f"{c.number} {c.id}".strip(), c.unit, f"{c.weight:.3f}", *bounds)
    console.print(table)
    for c in p.criteria:
        console.print(f"{c.number} {c.id}: {c.name}".strip(), highlight=False)


def _compact(x: float) -> str:
    """Short number for narrow tables: 1500000 → 1.5M."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= size:
            return f"{x / size:g}{suffix}"
    return f"{x:g}"


@main.command(name="import-xlsx")
@click.argument("xlsx", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="YAML map file to write."
)
def import_xlsx_cmd(xlsx: str, output: str) -> None:
    """Read a map from an Excel workbook and write it as YAML."""
    from weerbaar.model.excel import import_xlsx

    with _input_errors():
        m = import_xlsx(xlsx)
    Path(output).write_text(dump_yaml(m), encoding="utf-8")
    console.print(f"wrote {output} ({len(m.nodes)} nodes)", highlight=False)


@main.command(name="export-xlsx")
@argument_map
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="Excel workbook to write.",
)
def export_xlsx_cmd(map_path: str, output: str) -> None:
    """Write MAP as an Excel workbook, one sheet per table."""
    from weerbaar.model.excel import export_xlsx

    m = _load(map_path)
    export_xlsx(m, output)
    console.print(f"wrote {output}", highlight=False)


def _add_module_commands() -> None:
    import importlib
    import pkgutil

    import weerbaar.commands

    for info in sorted(pkgutil.iter_modules(weerbaar.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"weerbaar.commands.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            main.add_command(command)


_add_module_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
