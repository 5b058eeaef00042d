"""``weerbaar criticality``: what each node takes down; single points of failure."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Table

from weerbaar.commands.common import (
    argument_map,
    console,
    duration_option,
    hours_label,
    number,
    party_label,
    read_map,
    track,
)
from weerbaar.i18n import _
from weerbaar.model import RiskMap

#: Above this many nodes `weerbaar criticality` counts instead of listing: the
#: lists of what every node takes down grow with the square of the map.
LARGE_MAP = 20_000

#: A ranking row: node id, nodes it takes down, vital processes among them.
Rank = tuple[str, int, int]


@click.command(name="criticality")
@argument_map
@click.option(
    "--duration",
    callback=duration_option,
    help="Time-aware: fail each node for this long, tolerances counted (e.g. 8h).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
@click.option("--top", default=20, show_default=True, help="Rows in the ranking.")
def criticality_cmd(map_path: str, duration: float | None, as_json: bool, top: int) -> None:
    """What each node takes down when it fails; single points of failure.

    On a map of more than 20,000 nodes the structural criticality keeps
    counts only (no list of what each node takes down, also not in --json).
    """
    m = read_map(map_path)
    if duration is None and len(m.nodes) > LARGE_MAP:
        ranking, spof = counted(m)
        out: dict[str, Any] = {}
    else:
        fails, spof = _listed(m, duration)
        ranking = ranked(fails, set(spof))
        out = {"fails": fails} | ({} if duration is None else {"duration": duration})
    if as_json:
        out["single_points"] = spof
        out["ranking"] = [{"node": x, "nodes": n, "vital": v} for x, n, v in ranking]
        click.echo(json.dumps(out, indent=2))
        return
    what = (
        _("structural")
        if duration is None
        else _("failing {duration}").format(duration=hours_label(duration)[2:])
    )
    print_ranking(m, what, ranking[:top], spof)


def _listed(
    m: RiskMap, duration: float | None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """What each node takes down, and the single points of failure, exactly."""
    from weerbaar.engine import structural, time_aware

    vital = sorted(n.id for n in m.vital_processes)
    if duration is None:
        s = structural(m)
        return s.fails(), {v: s.single_points(v) for v in vital}
    results = track(list(time_aware(m, duration)), _("failing each node"), lambda impact: impact)
    fails = {r.node: r.down for r in results}
    return fails, {v: sorted(x for x in fails if v in fails[x]) for v in vital}


def ranked(fails: dict[str, list[str]], vital: set[str]) -> list[Rank]:
    """The ranking rows of exact results (:func:`weerbaar.engine.ranking.ranking`)."""
    from weerbaar.engine.ranking import ranking

    ids = list(fails)
    down = [len(fails[x]) for x in ids]
    vital_down = [len(vital.intersection(fails[x])) for x in ids]
    return [(ids[i], down[i], vital_down[i]) for i in ranking(ids, down, vital_down)]


def counted(m: RiskMap) -> tuple[list[Rank], dict[str, list[str]]]:
    """Structural criticality of a large map in counts (``weerbaar.scale.criticality``)."""
    from weerbaar.engine.ranking import ranking
    from weerbaar.scale.criticality import criticality

    c = criticality(m)
    ids = c.graph.ids
    spof = {v: c.single_points(v) for v in sorted(n.id for n in m.vital_processes)}
    down, vital_down = c.down.tolist(), c.vital_down.tolist()
    return [(ids[i], down[i], vital_down[i]) for i in ranking(ids, down, vital_down)], spof


def print_ranking(m: RiskMap, what: str, ranking: list[Rank], spof: dict[str, list[str]]) -> None:
    """The ranking's table and the single points of failure (``bench/load.py`` times it)."""
    table = Table(title=_("Criticality ({what})").format(what=what), header_style="bold")
    table.add_column(_("node"))
    table.add_column(_("party"))
    table.add_column(_("vital processes down"), justify="right")
    table.add_column(_("nodes down"), justify="right")
    for x, n, v in ranking:
        node = m.node(x)
        table.add_row(node.label, party_label(m, node), number(v), number(n))
    console.print(table)
    _print_single_points(m, spof)


def _print_single_points(m: RiskMap, spof: dict[str, list[str]]) -> None:
    title = _("Single points of failure of vital processes")
    if len(spof) > 500:
        # rich measures and wraps every cell: seconds for thousands of rows
        # of long lists, longer than the whole analysis. One line each instead.
        console.print(title, style="bold")
        lines = (f"{m.node(v).label}: {', '.join(xs) or '—'}" for v, xs in spof.items())
        click.echo("\n".join(lines))
        return
    spt = Table(title=title, header_style="bold")
    spt.add_column(_("vital process"))
    spt.add_column(_("single points of failure"))
    for v, xs in spof.items():
        spt.add_row(m.node(v).label, ", ".join(xs) or "—")
    console.print(spt)


COMMANDS = [criticality_cmd]
