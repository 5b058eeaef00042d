"""``weerbaar profile``: the methodology profile in use."""

from __future__ import annotations

import click
from rich.table import Table

from weerbaar.commands.common import console, number, option_profile, read_profile
from weerbaar.i18n import _, get_language


@click.command(name="profile")
@option_profile
def profile_cmd(profile_path: str | None) -> None:
    """Print the methodology profile in use (criteria, classes, thresholds, likelihood)."""
    p = read_profile(profile_path)
    lang = get_language()
    table = Table(title=p.name, header_style="bold")
    table.add_column(_("criterion"), no_wrap=True)
    table.add_column(_("unit"), no_wrap=True)
    for col in (_("weight"), "A", "B", "C", "D", "E"):
        table.add_column(col, justify="right", no_wrap=True)
    for c in p.criteria:
        bounds = [compact(x) for x in c.thresholds] if c.thresholds else [_("class")] * 5
        table.add_row(f"{c.number} {c.id}".strip(), c.unit, number(c.weight, 3), *bounds)
    console.print(table)
    for c in p.criteria:
        console.print(f"{c.number} {c.id}: {c.label(lang)}".strip(), highlight=False)
    likely = Table(title=_("Likelihood classes"), header_style="bold")
    likely.add_column(_("class"))
    likely.add_column(_("name"))
    likely.add_column(_("chance in five years"), justify="right")
    likely.add_column(_("per year (used)"), justify="right")
    for lc in p.likelihoods:
        low, high = (_percent(x) for x in lc.five_year)
        likely.add_row(lc.letter, lc.label(lang), f"{low} – {high}", _percent(lc.yearly))
    console.print(likely)


def _percent(x: float) -> str:
    """A probability as a percentage with the digits it needs: 0.00003 → 0.003%."""
    return compact(round(x * 100, 6)) + "%"


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
            return _decimal(f"{x / size:g}") + suffix
    return _decimal(f"{x:g}")


def _decimal(text: str) -> str:
    return text.replace(".", ",") if get_language() == "nl" else text


COMMANDS = [profile_cmd]
