"""``weerbaar sweep``: every measure against every scenario, here or on a Dask cluster."""

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
        task = bar.add_task(_("scenarios × measures"), total=todo)
        result = sweep(m, profile, pool=pool, progress=lambda _done: bar.advance(task))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    _print(m, result)


def _print(m: Any, result: Any) -> None:
    if not m.measures:
        console.print(
            _(
                "{source} has no measures: nothing to rank (docs/map-format.md, `measures:`)."
            ).format(source=m.source),
            highlight=False,
        )
    else:
        _print_ranking(m, result)
    scores = ", ".join(f"{s} {number(score, 2)}" for s, score, _risk in result.baseline)
    console.print(
        _("Scores without measures: {scores}").format(scores=scores or _("no scenarios")),
        highlight=False,
    )


def _print_ranking(m: Any, result: Any) -> None:
    per = _("per {thousand}").format(thousand=euro(1000))
    table = Table(title=_("Measures by risk reduction {per}").format(per=per), header_style="bold")
    table.add_column(_("measure"))
    for col in (_("cost per year"), _("risk reduction"), per):
        table.add_column(col, justify="right")
    table.add_column(_("best scenario"))
    ranked = sorted(
        result.effects,
        key=lambda e: (-(e.reduction_per_1000 or 0.0), -e.reduction, e.measure),
    )
    for e in ranked:
        best = max(e.scenarios, key=lambda s: s.reduction, default=None)
        table.add_row(
            m.measure(e.measure).label,
            euro(e.cost),
            number(e.reduction, 4),
            "—" if e.reduction_per_1000 is None else number(e.reduction_per_1000, 5),
            "—" if best is None or best.reduction <= 0 else m.scenario(best.scenario).label,
        )
    console.print(table)


COMMANDS = [sweep_cmd]
