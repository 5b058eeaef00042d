"""``weerbaar montecarlo``: a scenario with uncertain durations, as distributions."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from rich.table import Table

from weerbaar.commands.common import (
    argument_map,
    console,
    duration_option,
    hours_label,
    input_errors,
    option_processes,
    option_profile,
    option_scheduler,
    pool_or_fail,
    progress,
    read_map,
    read_profile,
    scenario_or_fail,
)


@click.command(name="montecarlo")
@argument_map
@click.option("--scenario", "scenario_id", required=True, help="Id of the scenario to run.")
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Number of samples.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same result.")
@click.option("--horizon", callback=duration_option, help="Override the horizon, e.g. 14d.")
@click.option("--top", default=20, show_default=True, help="Rows in the table of processes.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
@option_scheduler
@option_processes
@option_profile
def montecarlo_cmd(
    map_path: str,
    scenario_id: str,
    samples: int,
    seed: int,
    horizon: float | None,
    top: int,
    as_json: bool,
    scheduler: str | None,
    processes: int,
    profile_path: str | None,
) -> None:
    """Run a scenario many times with its uncertain durations drawn at random.

    Durations written as tri(MIN, MODE, MAX) or lognormal(MEDIAN, SIGMA) are
    drawn anew in every sample. Shows per process how long it is down and
    how likely its MTPD is breached, and the spread of the impact score.
    """
    from weerbaar.scale.montecarlo import monte_carlo

    m = read_map(map_path)
    scenario_or_fail(m, scenario_id)
    profile = read_profile(profile_path)
    work = len(m.nodes) * samples
    with pool_or_fail(scheduler, processes, work) as pool, progress() as bar, input_errors():
        task = bar.add_task(f"{samples} samples", total=samples)
        advance: Callable[[int], None] = lambda n: bar.advance(task, n)  # noqa: E731
        result = monte_carlo(
            m, scenario_id, samples, seed, profile, horizon=horizon, pool=pool, progress=advance
        )
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    _print(m, result, top)


def _print(m: Any, result: Any, top: int) -> None:
    scenario = m.scenario(result.scenario)
    console.print(
        f"[bold]{scenario.label}[/bold]: {result.samples} samples (seed {result.seed}), "
        f"{result.uncertain} uncertain durations, {result.reached} nodes within reach",
        highlight=False,
    )
    shown = sorted(
        (p for p in result.processes if p.p_down > 0),
        key=lambda p: (-(p.p_mtpd_breached or 0.0), -p.longest.p95, p.node),
    )
    table = Table(title="Processes (hours down before the horizon)", header_style="bold")
    for col in ("process", "P(down)", "longest p50", "longest p95", "total p95", "MTPD", "P(MTPD)"):
        # Numbers stay on one line; long process names wrap instead.
        table.add_column(
            col, justify="left" if col == "process" else "right", no_wrap=col != "process"
        )
    for p in shown[:top]:
        node = m.node(p.node)
        table.add_row(
            f"[bold]{node.label}[/bold]" if p.vital else node.label,
            f"{p.p_down:.0%}",
            hours_label(p.longest.p50)[2:],
            hours_label(p.longest.p95)[2:],
            hours_label(p.downtime.p95)[2:],
            "—" if p.mtpd is None else hours_label(p.mtpd)[2:],
            "—" if p.p_mtpd_breached is None else f"{p.p_mtpd_breached:.0%}",
        )
    console.print(table)
    untouched = len(result.processes) - len(shown)
    more = len(shown) - min(top, len(shown))
    console.print(
        f"{len(shown)} processes go down in some sample"
        + (f" ({more} more not shown)" if more else "")
        + f"; {untouched} never.",
        highlight=False,
    )
    s = result.score
    line = f"Impact score: p5 {s.p5:.2f}, median {s.p50:.2f}, p95 {s.p95:.2f} (mean {s.mean:.2f})"
    if result.yearly is not None:
        line += f"; expected risk {s.mean * result.yearly:.4f} per year"
    console.print(line, highlight=False)
    if result.deadlocked:
        console.print(
            f"[bold red]Recovery deadlock[/bold red] in {result.deadlocked} of "
            f"{result.samples} samples."
        )


COMMANDS = [montecarlo_cmd]
