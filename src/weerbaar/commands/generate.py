"""``weerbaar generate``: a realistic fictional map of many municipalities."""

from __future__ import annotations

from pathlib import Path

import click

from weerbaar.commands.common import console, progress


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
        bar.add_task("generating", total=None)
        m = generate_map(municipalities, seed)
        text = dump_yaml(m)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    members = sum(len(r.members) for n in m.nodes for r in n.requires)
    console.print(
        f"wrote {out}: {len(m.nodes)} nodes ({len(m.vital_processes)} vital processes), "
        f"{members} requirement members, {len(m.parties)} parties, {len(m.scenarios)} scenarios",
        highlight=False,
    )


COMMANDS = [generate_cmd]
