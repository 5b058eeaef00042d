"""``weerbaar schema``: the JSON Schema of the map file."""

from __future__ import annotations

import json

import click


@click.command(name="schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the map file."""
    from weerbaar.model.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


COMMANDS = [schema_cmd]
