"""``weerbaar profile``: the methodology profile in use."""

from __future__ import annotations

import click
from rich.table import Table

from weerbaar.commands.common import console, option_profile, read_profile


@click.command(name="profile")
@option_profile
def profile_cmd(profile_path: str | None) -> None:
    """Print the methodology profile in use (criteria, classes, thresholds)."""
    p = read_profile(profile_path)
    table = Table(title=p.name, header_style="bold")
    for col in ("criterion", "unit", "weight", "A", "B", "C", "D", "E"):
        table.add_column(
            col, justify="left" if col in ("criterion", "unit") else "right", no_wrap=True
        )
    for c in p.criteria:
        bounds = [compact(x) for x in c.thresholds] if c.thresholds else ["class"] * 5
        table.add_row(f"{c.number} {c.id}".strip(), c.unit, f"{c.weight:.3f}", *bounds)
    console.print(table)
    for c in p.criteria:
        console.print(f"{c.number} {c.id}: {c.name}".strip(), highlight=False)


def compact(x: float) -> str:
    """Short number for narrow tables.

    Examples
    --------
    >>> compact(1500000)
    '1.5M'
    >>> compact(250)
    '250'
    """
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= size:
            return f"{x / size:g}{suffix}"
    return f"{x:g}"


COMMANDS = [profile_cmd]
