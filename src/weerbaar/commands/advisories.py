"""``weerbaar advisories``: security advisories (CSAF) matched to the map's products."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Table

from weerbaar.commands.common import argument_map, console, fail, number, read_map
from weerbaar.i18n import _


@click.command(name="advisories")
@argument_map
@click.argument("sources", metavar="FILE_OR_DIR...", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the matched advisories as JSON.")
def advisories_cmd(map_path: str, sources: tuple[str, ...], as_json: bool) -> None:
    """Match security advisories (CSAF 2.0) to the products the map's nodes run.

    FILE_OR_DIR is a CSAF document, a folder of them, a provider's
    provider-metadata.json or its https:// address. Ranked by the NCSC
    label, the CVSS score and the vital processes that hang on the affected
    nodes.
    """
    from weerbaar.advisories import AdvisoryError, Label, Status, rank, read_paths

    m = read_map(map_path)
    try:
        advisories = read_paths(sources)
    except AdvisoryError as exc:
        fail("\n".join(exc.problems))
    ranked = rank(m, advisories)
    labels = {Label.URGENT: _("urgent"), Label.NORMAL: _("normal")}
    said = {
        Status.AFFECTED: _("affected"),
        Status.UNDER_INVESTIGATION: _("under investigation"),
        Status.FIXED: _("fixed"),
        Status.RECOMMENDED: _("recommended version"),
        Status.NOT_AFFECTED: _("not affected"),
    }
    if as_json:
        click.echo(json.dumps({"advisories": [to_json(r) for r in ranked]}, indent=2))
        return
    table = Table(
        title=_("Advisories on the map's products ({n} of {total})").format(
            n=len(ranked), total=len(advisories)
        ),
        header_style="bold",
    )
    table.add_column("#", justify="right")
    table.add_column(_("advisory"))
    table.add_column(_("label"))
    table.add_column("CVSS", justify="right")
    table.add_column(_("affected"))
    table.add_column(_("vital processes"), justify="right")
    for i, r in enumerate(ranked, start=1):
        # Nodes by id: the labels of a real map are too long for a table.
        affected = ", ".join(r.affected) or "—"
        other = [f"{x.node} ({said[x.status]})" for x in r.matches if x.node not in r.affected]
        table.add_row(
            number(i),
            r.advisory.id,
            labels[r.advisory.label] if r.advisory.label else "—",
            "—" if r.cvss is None else f"{r.cvss:.1f}",
            "\n".join([affected, *other]),
            number(len(r.vital))
            + (
                " " + _("(+{n} possibly)").format(n=number(len(r.possibly_vital)))
                if r.possibly_vital
                else ""
            ),
        )
    console.print(table)


def to_json(r: Any) -> dict[str, Any]:
    """One matched advisory as the ``--json`` output writes it."""
    a = r.advisory
    score = a.cvss
    return {
        "id": a.id,
        "title": a.title,
        "label": a.label.value if a.label else None,
        "cvss": None if score is None else {"score": score.base, "vector": score.vector},
        "cves": a.cves,
        "nodes": [
            {
                "node": x.node,
                "product": x.product.label,
                "status": x.status.value,
                "version_known": x.version_known,
                "product_ids": list(x.product_ids),
            }
            for x in r.matches
        ],
        "affected": list(r.affected),
        "down": list(r.down),
        "vital": list(r.vital),
        "under_investigation": list(r.investigating),
        "possibly_vital": list(r.possibly_vital),
    }


COMMANDS = [advisories_cmd]
