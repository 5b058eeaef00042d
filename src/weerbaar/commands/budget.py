"""``weerbaar budget``: the measures that lower the expected risk most within a budget."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Table

from weerbaar.commands.common import (
    argument_map,
    console,
    euro,
    input_errors,
    number,
    option_processes,
    option_profile,
    option_scheduler,
    pool_or_fail,
    progress,
    read_map,
    read_profile,
)
from weerbaar.i18n import _


@click.command(name="budget")
@argument_map
@click.option(
    "--budget",
    "amount",
    type=click.FloatRange(min=0),
    required=True,
    help="Yearly budget in euro for measures.",
)
@click.option(
    "--measure",
    "measures",
    multiple=True,
    metavar="ID",
    help="A candidate measure (repeat; default: every measure of the map).",
)
@click.option(
    "--method",
    type=click.Choice(["exact", "greedy"]),
    help="Exact search (at most 15 measures) or the greedy heuristic; default by number.",
)
@click.option(
    "--svg", "svg_path", type=click.Path(dir_okay=False), help="Write the frontier chart."
)
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
@option_scheduler
@option_processes
@option_profile
def budget_cmd(
    map_path: str,
    amount: float,
    measures: tuple[str, ...],
    method: str | None,
    svg_path: str | None,
    as_json: bool,
    scheduler: str | None,
    processes: int,
    profile_path: str | None,
) -> None:
    """Choose measures within --budget that lower the expected yearly risk most.

    Combinations are simulated with the engine (measures interact), exactly
    for up to 15 candidates and greedily above; the efficient frontier shows
    the least risk for every cost.
    """
    from weerbaar.accountability.budget import Method, plan_budget

    m = read_map(map_path)
    profile = read_profile(profile_path)
    # A rough count of simulations, to decide on worker processes.
    work = len(m.nodes) * len(m.scenarios) * 2 ** min(len(measures or m.measures), 10) * 100
    with pool_or_fail(scheduler, processes, work) as pool, progress() as bar, input_errors():
        task = bar.add_task(_("combinations"), total=None)
        result = plan_budget(
            m,
            amount,
            profile,
            measures=list(measures) or None,
            method=Method(method) if method else None,
            pool=pool,
            progress=lambda _done: bar.advance(task),
        )
    if svg_path:
        from weerbaar.report.frontier import frontier_svg

        with open(svg_path, "w", encoding="utf-8") as out:
            out.write(frontier_svg(m, result, standalone=True))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    _print(m, result)


def _print(m: Any, result: Any) -> None:
    best = result.best
    labels = ", ".join(m.measure(i).label for i in best.measures) or _("no measure")
    text = _(
        "Within {budget}: {measures} ({cost}); expected risk {before} → {after} per year"
        " ({method}, {simulations} simulations)."
    ).format(
        budget=euro(result.budget),
        measures=labels,
        cost=euro(best.cost),
        before=number(result.baseline, 4),
        after=number(best.risk, 4),
        method=result.method.value,
        simulations=number(result.simulations),
    )
    console.print(text, highlight=False)
    table = Table(title=_("Efficient frontier"), header_style="bold")
    for col in (_("cost per year"), _("expected risk")):
        table.add_column(col, justify="right")
    table.add_column(_("measures"))
    for p in result.frontier:
        table.add_row(
            euro(p.cost),
            number(p.risk, 4),
            ", ".join(m.measure(i).label for i in p.measures) or "—",
            style="bold" if p == best else None,
        )
    console.print(table)


COMMANDS = [budget_cmd]
