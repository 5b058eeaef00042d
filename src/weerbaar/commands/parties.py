"""``weerbaar parties``: whose failure hits the most vital processes in the most municipalities."""

from __future__ import annotations

import json

import click
from rich.table import Table

from weerbaar.commands.common import argument_map, console, number, progress, read_map
from weerbaar.i18n import _


@click.command(name="parties")
@argument_map
@click.option("--top", default=20, show_default=True, help="Rows in the table.")
@click.option("--json", "as_json", is_flag=True, help="Print every party as JSON.")
def parties_cmd(map_path: str, top: int, as_json: bool) -> None:
    """Which party's failure hits the most vital processes in the most municipalities.

    For each party, all its nodes fail for good at once (structural, tolerances
    ignored); counted are the vital processes that go down and the distinct
    municipalities they belong to.
    """
    from weerbaar.scale.parties import party_impact

    m = read_map(map_path)
    with progress() as bar:
        bar.add_task(_("failing each party"), total=None)
        ranking = party_impact(m)
    if as_json:
        click.echo(json.dumps({"parties": [r.to_json() for r in ranking]}, indent=2))
        return
    title = _("Parties whose failure hits the most vital processes")
    table = Table(title=title, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(_("party"))
    table.add_column(_("id"), no_wrap=True, style="dim")
    table.add_column(_("kind"))
    for col in (_("municipalities"), _("vital processes"), _("nodes down")):
        table.add_column(col, justify="right")
    for rank, r in enumerate(ranking[:top], start=1):
        table.add_row(
            number(rank),
            r.name or r.party,
            r.party,
            r.kind.value,
            number(len(r.municipalities)),
            number(len(r.processes)),
            number(r.nodes),
        )
    console.print(table)


COMMANDS = [parties_cmd]
