"""``weerbaar simulate``: one scenario, the cascade over time and its impact."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from weerbaar.commands.common import (
    argument_map,
    console,
    counted,
    duration_option,
    hours_label,
    number,
    option_profile,
    party_label,
    read_map,
    read_profile,
    scenario_or_fail,
)
from weerbaar.i18n import _
from weerbaar.model import RiskMap

if TYPE_CHECKING:  # the engine (scipy) is imported when the command runs
    from weerbaar.engine import SimulationResult


@click.command(name="simulate")
@argument_map
@click.option("--scenario", "scenario_id", required=True, help="Id of the scenario to run.")
@click.option("--horizon", callback=duration_option, help="Override the horizon, e.g. 14d.")
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

    m = read_map(map_path)
    scenario_or_fail(m, scenario_id)
    result = simulate(m, scenario_id, horizon)
    assessment = assess(m, result, read_profile(profile_path))
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
    horizon = _("horizon {time}").format(time=hours_label(result.horizon))
    console.print(f"[bold]{scenario.label}[/bold]  ({horizon})")
    events: list[tuple[float, int, str, str]] = []
    for node_id, intervals in result.down.items():
        for a, b in intervals:
            events.append((a, 0, node_id, "down"))
            if b is not None:
                events.append((b, 1, node_id, "up"))
    table = Table(show_header=True, header_style="bold")
    for col in (_("time"), "", _("node"), _("kind"), _("party")):
        table.add_column(col)
    down, up, vital = _("down"), _("up"), _("vital")
    for t, _order, node_id, what in sorted(events):
        node = m.node(node_id)
        mark = f"[red]▼ {down}[/red]" if what == "down" else f"[green]▲ {up}[/green]"
        label = f"[bold]{node.label}[/bold] ({vital})" if node.vital else node.label
        table.add_row(hours_label(t), mark, label, node.kind.value, party_label(m, node))
    console.print(table)
    still = [v for v, ivs in result.down.items() if ivs[-1][1] is None]
    console.print(
        _("{nodes} go down; {still} still down at the horizon.").format(
            nodes=counted("{n} node", "{n} nodes", len(result.down)), still=number(len(still))
        )
    )
    if result.deadlock:
        title = _("Recovery deadlock")
        why = _("these need each other and cannot restart on their own")
        console.print(f"[bold red]{title}[/bold red] ({why}): {', '.join(result.deadlock)}")


def _print_assessment(m: RiskMap, assessment: Any) -> None:
    for b in assessment.breaches:
        text = _("{process} — outage {outage} against MTPD {mtpd}, breached at {at}").format(
            process=m.node(b.node).label,
            outage=hours_label(b.outage),
            mtpd=hours_label(b.mtpd),
            at=hours_label(b.breached_at),
        )
        console.print(f"[red]{_('MTPD breached')}[/red]: {text}")
    scored = [c for c in assessment.criteria if c.cls]
    if scored:
        summary = ", ".join(f"{c.criterion} {c.cls}" for c in scored)
        score = number(assessment.score, 2)
        console.print(_("Impact score {score} ({classes})").format(score=score, classes=summary))
    else:
        console.print(_("No impact on the criteria of the profile."))


COMMANDS = [simulate_cmd]
