"""The ``weerbaar`` command: one click group; the commands live in :mod:`weerbaar.commands`.

Every problem with the user's input ends as ``file:line: what is wrong`` on
standard error and exit code 2, never as a traceback
(:mod:`weerbaar.commands.common`). Output follows the locale (``LANG``,
``LC_ALL``, …) or ``--lang``: Dutch for Dutch users, English otherwise.
"""

from __future__ import annotations

import importlib
import os

import click

from weerbaar import __version__
from weerbaar.commands import MODULES
from weerbaar.i18n import LANGUAGES, language, language_from_env


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Language of the output (default: from the locale, e.g. LANG=nl_NL.UTF-8).",
)
@click.version_option(__version__, prog_name="weerbaar")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Weerbaar: the local digital risk map of a municipality.

    MAP is a risk map in YAML (see `weerbaar schema` and docs/map-format.md).
    """
    # Until the command ends, not for good: tests and other callers in the
    # same process keep their own language.
    ctx.with_resource(language(lang or language_from_env(os.environ)))


for _name in MODULES:
    for _command in importlib.import_module(f"weerbaar.commands.{_name}").COMMANDS:
        main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()
