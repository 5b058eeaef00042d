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
    counted,
    duration_option,
    hours_label,
    input_errors,
    number,
    option_processes,
    option_profile,
    option_scheduler,
    pool_or_fail,
    progress,
    read_map,
    read_profile,
    scenario_or_fail,
)
from weerbaar.i18n import _
from weerbaar.model.limits import MAX_SAMPLES


@click.command(name="montecarlo")
@argument_map
@click.option("--scenario", "scenario_id", required=True, help="Id of the scenario to run.")
@click.option(
    "--samples",
    type=click.IntRange(min=1, max=MAX_SAMPLES),
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
        task = bar.add_task(counted("{n} sample", "{n} samples", samples), total=samples)
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
    facts = _("{samples} (seed {seed}), {uncertain}, {reached}").format(
        samples=counted("{n} sample", "{n} samples", result.samples),
        seed=result.seed,
        uncertain=counted("{n} uncertain duration", "{n} uncertain durations", result.uncertain),
        reached=counted("{n} node within reach", "{n} nodes within reach", result.reached),
    )
    console.print(f"[bold]{scenario.label}[/bold]: {facts}", highlight=False)
    shown = sorted(
        (p for p in result.processes if p.p_down > 0),
        key=lambda p: (-(p.p_mtpd_breached or 0.0), -p.longest.p95, p.node),
    )
    table = Table(title=_("Processes (hours down before the horizon)"), header_style="bold")
    table.add_column(_("process"))
    for col in (_("P(down)"), _("longest p50"), _("longest p95"), _("total p95"), "MTPD"):
        # Numbers stay on one line; long process names wrap instead.
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("P(MTPD)", justify="right", no_wrap=True)
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
    text = counted(
        "{n} process goes down in some sample", "{n} processes go down in some sample", len(shown)
    )
    if more:
        text += " (" + _("{more} more not shown").format(more=number(more)) + ")"
    text += "; " + _("{untouched} never.").format(untouched=number(untouched))
    console.print(text, highlight=False)
    s = result.score
    line = _("Impact score: p5 {p5}, median {p50}, p95 {p95} (mean {mean})").format(
        p5=number(s.p5, 2), p50=number(s.p50, 2), p95=number(s.p95, 2), mean=number(s.mean, 2)
    )
    if result.yearly is not None:
        risk = number(s.mean * result.yearly, 4)
        line += "; " + _("expected risk {risk} per year").format(risk=risk)
    console.print(line, highlight=False)
    if result.deadlocked:
        title = _("Recovery deadlock")
        many = _("in {deadlocked} of {samples} samples.").format(
            deadlocked=number(result.deadlocked), samples=number(result.samples)
        )
        console.print(f"[bold red]{title}[/bold red] {many}")


COMMANDS = [montecarlo_cmd]
