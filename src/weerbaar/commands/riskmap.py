"""``weerbaar riskmap``: the self-contained HTML report."""

from __future__ import annotations

from pathlib import Path

import click

from weerbaar.commands.common import (
    argument_map,
    console,
    fail,
    number,
    option_profile,
    progress,
    read_map,
    read_profile,
)
from weerbaar.i18n import _


@click.command(name="riskmap")
@argument_map
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="HTML file to write."
)
@option_profile
def riskmap_cmd(map_path: str, output: str, profile_path: str | None) -> None:
    """Write the self-contained HTML report of MAP."""
    from weerbaar.report import render_report
    from weerbaar.scoring import check_criteria

    m = read_map(map_path)
    profile = read_profile(profile_path)
    problems = check_criteria(m, profile)
    if problems:
        fail(problems)
    with progress() as bar:
        bar.add_task(_("simulating scenarios and measures"), total=None)
        html = render_report(m, profile)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    size = number(len(html) // 1024)
    console.print(_("wrote {path} ({size} KiB)").format(path=out, size=size), highlight=False)


COMMANDS = [riskmap_cmd]
