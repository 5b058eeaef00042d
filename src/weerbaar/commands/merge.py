"""``weerbaar merge``: municipal maps into one regional map."""

from __future__ import annotations

from pathlib import Path

import click

from weerbaar.commands.common import console, counted, fail, input_errors, open_map
from weerbaar.i18n import _
from weerbaar.model import MapError, Problem, RiskMap


def _refuse_repeats(maps: tuple[str, ...], output: str) -> None:
    """Exit 2 when a map is given twice (its municipality would count twice) or is the output."""
    seen: dict[Path, str] = {}
    for path in maps:
        key = Path(path).resolve()
        if key in seen:
            fail(
                _("{path}: the same map is given twice (also as {first})").format(
                    path=path, first=seen[key]
                )
            )
        seen[key] = path
    if Path(output).resolve() in seen:
        fail(_("{path}: the output would overwrite a map being merged").format(path=output))


def _load_all(paths: tuple[str, ...]) -> list[RiskMap]:
    """Every map, or every problem in all of them at once (exit 2)."""
    maps: list[RiskMap] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            maps.append(open_map(path))
        except MapError as exc:
            problems += exc.problems
    if problems:
        fail(problems)
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

    _refuse_repeats(maps, output)
    if prefixes and len(prefixes) != len(maps):
        fail(
            _("{options} --prefix options for {maps} maps; give one per map or none").format(
                options=len(prefixes), maps=len(maps)
            )
        )
    loaded = _load_all(maps)
    with input_errors():
        merged = merge_maps(loaded, list(prefixes) or None, name)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump_yaml(merged), encoding="utf-8")
    starts = tuple(f"{p}-" for p in (entry["prefix"] for entry in merged.extra["merged"]))
    shared = sum(1 for n in merged.nodes if not n.id.startswith(starts))
    text = _("wrote {path}: {nodes} ({shared} shared), {parties}, {scenarios}, {measures}").format(
        path=out,
        nodes=counted("{n} node", "{n} nodes", len(merged.nodes)),
        shared=shared,
        parties=counted("{n} party", "{n} parties", len(merged.parties)),
        scenarios=counted("{n} scenario", "{n} scenarios", len(merged.scenarios)),
        measures=counted("{n} measure", "{n} measures", len(merged.measures)),
    )
    console.print(text, highlight=False)


COMMANDS = [merge_cmd]
