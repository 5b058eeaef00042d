"""``weerbaar sweep``: every measure against every scenario, here or on a Dask cluster."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Table

from weerbaar.commands.common import (
    argument_map,
    console,
    input_errors,
    option_processes,
    option_profile,
    option_scheduler,
    pool_or_fail,
    progress,
    read_map,
    read_profile,
)


@click.command(name="sweep")
@argument_map
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
@option_scheduler
@option_processes
@option_profile
def sweep_cmd(
    map_path: str, as_json: bool, scheduler: str | None, processes: int, profile_path: str | None
) -> None:
    """Score every scenario without and with each measure; rank measures per euro."""
    from weerbaar.scale.sweep import sweep, tasks

    m = read_map(map_path)
    profile = read_profile(profile_path)
    todo = len(tasks(m))
    # One exact simulation costs about as much as a hundred Monte Carlo samples.
    work = len(m.nodes) * todo * 100
    with pool_or_fail(scheduler, processes, work) as pool, progress() as bar, input_errors():
        task = bar.add_task("scenarios × measures", total=todo)
        result = sweep(m, profile, pool=pool, progress=lambda _: bar.advance(task))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    _print(m, result)


def _print(m: Any, result: Any) -> None:
    table = Table(title="Measures by risk reduction per € 1,000", header_style="bold")
    for col in ("measure", "cost per year", "risk reduction", "per € 1,000", "best scenario"):
        table.add_column(col, justify="left" if col in ("measure", "best scenario") else "right")
    ranked = sorted(
        result.effects,
        key=lambda e: (-(e.reduction_per_1000 or 0.0), -e.reduction, e.measure),
    )
    for e in ranked:
        best = max(e.scenarios, key=lambda s: s.reduction, default=None)
        table.add_row(
            m.measure(e.measure).label,
            f"€ {e.cost:,.0f}",
            f"{e.reduction:.4f}",
            "—" if e.reduction_per_1000 is None else f"{e.reduction_per_1000:.5f}",
            "—" if best is None or best.reduction <= 0 else m.scenario(best.scenario).label,
        )
    console.print(table)
    scores = ", ".join(f"{s} {score:.2f}" for s, score, _ in result.baseline)
    console.print(f"Scores without measures: {scores or 'no scenarios'}", highlight=False)


COMMANDS = [sweep_cmd]
