"""``weerbaar check``: validate a map and its impact criteria."""

from __future__ import annotations

import click

from weerbaar.commands.common import (
    argument_map,
    console,
    counted,
    fail,
    option_profile,
    read_map,
    read_profile,
)
from weerbaar.i18n import _


@click.command(name="check")
@argument_map
@option_profile
def check_cmd(map_path: str, profile_path: str | None) -> None:
    """Validate MAP and its impact criteria; print what it holds."""
    from weerbaar.scoring import check_criteria

    m = read_map(map_path)
    problems = check_criteria(m, read_profile(profile_path))
    if problems:
        fail(problems)
    text = _("{path}: ok — {nodes} ({vital}), {parties}, {scenarios}, {measures}").format(
        path=map_path,
        nodes=counted("{n} node", "{n} nodes", len(m.nodes)),
        vital=counted("{n} vital process", "{n} vital processes", len(m.vital_processes)),
        parties=counted("{n} party", "{n} parties", len(m.parties)),
        scenarios=counted("{n} scenario", "{n} scenarios", len(m.scenarios)),
        measures=counted("{n} measure", "{n} measures", len(m.measures)),
    )
    console.print(text, highlight=False)


COMMANDS = [check_cmd]
