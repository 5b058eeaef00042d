"""``weerbaar generate``: a realistic fictional map of many municipalities."""

from __future__ import annotations

from pathlib import Path

import click

from weerbaar.commands.common import console, counted, progress
from weerbaar.i18n import _


@click.command(name="generate")
@click.option(
    "--municipalities",
    "-n",
    type=click.IntRange(min=1),
    required=True,
    help="Number of municipalities (about 70 nodes each; 300 make about 21,000 nodes).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same map.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="YAML map file to write."
)
def generate_cmd(municipalities: int, seed: int, output: str) -> None:
    """Write a generated map of fictional municipalities, regions and suppliers.

    National and regional infrastructure with power-telecom cycles, a
    concentrated supplier market, per-municipality systems and vital
    processes with BIA, shared regional chain partners and five scenarios.
    """
    from weerbaar.model import dump_yaml
    from weerbaar.scale.generate import generate_map

    with progress() as bar:
        bar.add_task(_("generating"), total=None)
        m = generate_map(municipalities, seed)
        text = dump_yaml(m)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    members = sum(len(r.members) for n in m.nodes for r in n.requires)
    text = _("wrote {path}: {nodes} ({vital}), {members}, {parties}, {scenarios}").format(
        path=out,
        nodes=counted("{n} node", "{n} nodes", len(m.nodes)),
        vital=counted("{n} vital process", "{n} vital processes", len(m.vital_processes)),
        members=counted("{n} requirement member", "{n} requirement members", members),
        parties=counted("{n} party", "{n} parties", len(m.parties)),
        scenarios=counted("{n} scenario", "{n} scenarios", len(m.scenarios)),
    )
    console.print(text, highlight=False)


COMMANDS = [generate_cmd]
