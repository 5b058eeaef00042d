"""``weerbaar merge`` and ``weerbaar parties``: regional views over several municipalities."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from weerbaar.cli import _fail, _input_errors, _load, _progress, argument_map, console
from weerbaar.model import MapError, Problem, RiskMap


def _load_all(paths: tuple[str, ...]) -> list[RiskMap]:
    """Every map, or every problem in all of them at once (exit 2)."""
    maps: list[RiskMap] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            if path.lower().endswith(".xlsx"):
                from weerbaar.model.excel import import_xlsx

                maps.append(import_xlsx(path))
            else:
                from weerbaar.model import load_map

                maps.append(load_map(path))
        except MapError as exc:
            problems += exc.problems
    if problems:
        _fail(problems)
    return maps


@click.command(name="merge")
@click.argument("maps", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="MAP...")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="YAML map file to write."
)
@click.option(
    "--prefix",
    "prefixes",
    multiple=True,
    help="Id prefix of each map, in order (default: the slug of its name, e.g. 'voorbeeld').",
)
@click.option("--name", default="", help="Name of the merged map.")
def merge_cmd(maps: tuple[str, ...], output: str, prefixes: tuple[str, ...], name: str) -> None:
    """Merge municipal maps into one regional map, recognising shared parties and nodes.

    Node ids get the map's prefix, except shared services (the same id run by
    the same party in several maps, or marked `shared: true`). See
    docs/scale.md for the rules.
    """
    from weerbaar.model import dump_yaml
    from weerbaar.scale.regional import merge_maps

    loaded = _load_all(maps)
    if prefixes and len(prefixes) != len(maps):
        _fail(f"{len(prefixes)} --prefix options for {len(maps)} maps; give one per map or none")
    with _input_errors():
        merged = merge_maps(loaded, list(prefixes) or None, name)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump_yaml(merged), encoding="utf-8")
    starts = tuple(f"{p}-" for p in (entry["prefix"] for entry in merged.extra["merged"]))
    shared = sum(1 for n in merged.nodes if not n.id.startswith(starts))
    console.print(
        f"wrote {out}: {len(merged.nodes)} nodes ({shared} shared), {len(merged.parties)} "
        f"parties, {len(merged.scenarios)} scenarios, {len(merged.measures)} measures",
        highlight=False,
    )


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

    m = _load(map_path)
    with _progress() as progress:
        progress.add_task("failing each party", total=None)
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


COMMANDS = [merge_cmd, parties_cmd]
