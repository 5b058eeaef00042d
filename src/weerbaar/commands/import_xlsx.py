"""``weerbaar import-xlsx``: a map from an Excel workbook, written as YAML."""

from __future__ import annotations

from pathlib import Path

import click

from weerbaar.commands.common import console, counted, input_errors
from weerbaar.i18n import _


@click.command(name="import-xlsx")
@click.argument("xlsx", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="YAML map file to write."
)
def import_xlsx_cmd(xlsx: str, output: str) -> None:
    """Read a map from an Excel workbook and write it as YAML."""
    from weerbaar.model import dump_yaml
    from weerbaar.model.excel import import_xlsx

    with input_errors():
        m = import_xlsx(xlsx)
    Path(output).write_text(dump_yaml(m), encoding="utf-8")
    nodes = counted("{n} node", "{n} nodes", len(m.nodes))
    console.print(_("wrote {path} ({nodes})").format(path=output, nodes=nodes), highlight=False)


COMMANDS = [import_xlsx_cmd]
