"""The ``weerbaar`` command: one click group; the commands live in :mod:`weerbaar.commands`.

Every problem with the user's input ends as ``file:line: what is wrong`` on
standard error and exit code 2, never as a traceback
(:mod:`weerbaar.commands.common`).
"""

from __future__ import annotations

import importlib

import click

from weerbaar import __version__
from weerbaar.commands import MODULES


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="weerbaar")
def main() -> None:
    """Weerbaar: the local digital risk map of a municipality.

    MAP is a risk map in YAML (see `weerbaar schema` and docs/map-format.md).
    """


for _name in MODULES:
    for _command in importlib.import_module(f"weerbaar.commands.{_name}").COMMANDS:
        main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()
