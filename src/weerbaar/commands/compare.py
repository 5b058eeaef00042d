"""``weerbaar compare``: every scenario before and after one measure."""

from __future__ import annotations

import json
from dataclasses import asdict

import click
from rich.table import Table

from weerbaar.commands.common import (
    argument_map,
    console,
    fail,
    option_profile,
    read_map,
    read_profile,
)


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
        known = ", ".join(me.id for me in m.measures) or "none"
        fail(f"{m.source}: unknown measure {measure_id!r} (known: {known})")
    effect = measure_effect(m, measure_id, read_profile(profile_path))
    if as_json:
        click.echo(json.dumps(asdict(effect), indent=2))
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


COMMANDS = [compare_cmd]
