"""``weerbaar export-xlsx``: a map as an Excel workbook, one sheet per table."""

from __future__ import annotations

import click

from weerbaar.commands.common import argument_map, console, read_map
from weerbaar.i18n import _


@click.command(name="export-xlsx")
@argument_map
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="Excel workbook to write.",
)
def export_xlsx_cmd(map_path: str, output: str) -> None:
    """Write MAP as an Excel workbook, one sheet per table."""
    from weerbaar.model.excel import export_xlsx

    m = read_map(map_path)
    export_xlsx(m, output)
    console.print(_("wrote {path}").format(path=output), highlight=False)


COMMANDS = [export_xlsx_cmd]
