"""``weerbaar check``: validate a map and its impact criteria."""

from __future__ import annotations

import click

from weerbaar.commands.common import (
    argument_map,
    console,
    fail,
    option_profile,
    read_map,
    read_profile,
)


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
    vital = len(m.vital_processes)
    console.print(
        f"{map_path}: ok — {len(m.nodes)} nodes ({vital} vital processes), "
        f"{len(m.parties)} parties, {len(m.scenarios)} scenarios, {len(m.measures)} measures",
        highlight=False,
    )


COMMANDS = [check_cmd]
