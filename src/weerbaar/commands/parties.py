"""``weerbaar parties``: whose failure hits the most vital processes in the most municipalities."""

from __future__ import annotations

import json

import click
from rich.table import Table

from weerbaar.commands.common import argument_map, console, progress, read_map


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
        bar.add_task("failing each party", total=None)
        ranking = party_impact(m)
    if as_json:
        click.echo(json.dumps({"parties": [r.to_json() for r in ranking]}, indent=2))
        return
    table = Table(title="Parties whose failure hits the most vital processes", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("party", no_wrap=True)
    table.add_column("name")
    table.add_column("kind")
    for col in ("municipalities", "vital processes", "nodes down"):
        table.add_column(col, justify="right")
    for rank, r in enumerate(ranking[:top], start=1):
        table.add_row(
            str(rank),
            r.party,
            r.name if r.name != r.party else "",
            r.kind.value,
            str(len(r.municipalities)),
            str(len(r.processes)),
            str(r.nodes),
        )
    console.print(table)


COMMANDS = [parties_cmd]
