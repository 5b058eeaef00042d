"""``weerbaar compare``: every scenario before and after one measure."""

from __future__ import annotations

import json
from dataclasses import asdict

import click
from rich.table import Table

from weerbaar.commands.common import (
    argument_map,
    console,
    euro,
    fail,
    number,
    option_profile,
    read_map,
    read_profile,
)
from weerbaar.i18n import _


@click.command(name="compare")
@argument_map
@click.option("--measure", "measure_id", required=True, help="Id of the measure.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
@option_profile
def compare_cmd(map_path: str, measure_id: str, as_json: bool, profile_path: str | None) -> None:
    """Every scenario before and after a measure, and risk reduction per euro."""
    from weerbaar.scoring import measure_effect

    m = read_map(map_path)
    if measure_id not in {me.id for me in m.measures}:
        known = ", ".join(me.id for me in m.measures) or _("none")
        fail(
            _("{source}: unknown measure {id!r} (known: {known})").format(
                source=m.source, id=measure_id, known=known
            )
        )
    effect = measure_effect(m, measure_id, read_profile(profile_path))
    if as_json:
        click.echo(json.dumps(asdict(effect), indent=2))
        return
    measure = m.measure(measure_id)
    cost = _("{cost} per year").format(cost=euro(measure.cost))
    table = Table(title=f"{measure.label} ({cost})", header_style="bold")
    table.add_column(_("scenario"))
    for col in (_("score before"), _("score after"), _("expected before"), _("expected after")):
        table.add_column(col, justify="right")
    for row in effect.scenarios:
        table.add_row(
            m.scenario(row.scenario).label,
            number(row.score_before, 2),
            number(row.score_after, 2),
            number(row.expected_before, 4),
            number(row.expected_after, 4),
        )
    console.print(table)
    text = _("Expected risk reduction {reduction} per year").format(
        reduction=number(effect.reduction, 4)
    )
    per = effect.reduction_per_1000
    if per is not None:
        text += "; " + _("{value} per {thousand}").format(value=number(per, 5), thousand=euro(1000))
    console.print(text)


COMMANDS = [compare_cmd]
