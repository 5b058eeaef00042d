"""The ``weerbaar`` command: one click group; the commands live in :mod:`weerbaar.commands`.

Every problem with the user's input ends as ``file:line: what is wrong`` on
standard error and exit code 2, never as a traceback
(:mod:`weerbaar.commands.common`). Output and help follow the locale
(``LANG``, ``LC_ALL``, …) or ``--lang``: Dutch for Dutch users, English
otherwise (:mod:`weerbaar.commands.helptext`).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from weerbaar import __version__
from weerbaar.commands import MODULES
from weerbaar.commands.helptext import HELP_NAMES, translate_help, use_click_words
from weerbaar.i18n import LANGUAGES, gettext, language, language_from_env


def _chosen(args: list[str]) -> str | None:
    """The ``--lang`` among the group's own arguments (before the command's name)."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else None
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else value
        if value is not None:
            return value if value in LANGUAGES else None
        if not arg.startswith("-"):
            return None  # the command's name: its arguments are its own
    return None


class _Weerbaar(click.Group):
    """The group that sets the language before anything is read, help included."""

    def main(self, args: Sequence[str] | None = None, *more: Any, **extra: Any) -> Any:
        # click shows a usage error ("Missing argument", "No such command")
        # after the command's context has closed: the language holds until
        # then, and the help is English again afterwards, as parse_args leaves it.
        argv = sys.argv[1:] if args is None else list(args)
        try:
            with language(_chosen(argv) or language_from_env(os.environ)):
                return super().main(args, *more, **extra)
        finally:
            translate_help(self)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Until the command ends, not for good: tests and other callers in the
        # same process keep their own language, and find the help in it again
        # (closed last, after the language is reset).
        ctx.call_on_close(lambda: translate_help(self))
        ctx.with_resource(language(_chosen(args) or language_from_env(os.environ)))
        translate_help(self)
        try:
            result: list[str] = super().parse_args(ctx, args)
        except BaseException:
            # Wrong arguments of the group itself ("--lang xx"): click never
            # enters this context, so close it now. Left to the garbage
            # collector, its reset would set the language back later, in
            # whatever runs then.
            ctx.close()
            raise
        return result


use_click_words()


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # click's own --version words its message when the command is defined,
    # before the language is known; this words it when it is asked for.
    if not value or ctx.resilient_parsing:
        return
    click.echo(
        gettext("%(prog)s, version %(version)s") % {"prog": "weerbaar", "version": __version__}
    )
    ctx.exit()


@click.group(cls=_Weerbaar, context_settings={"help_option_names": HELP_NAMES})
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Language of the output (default: from the locale, e.g. LANG=nl_NL.UTF-8).",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Weerbaar: the local digital risk map of a municipality.

    MAP is a risk map in YAML (see `weerbaar schema` and docs/map-format.md).
    """
    # The language is set (and the help translated) in _Weerbaar.parse_args;
    # `lang` is read there, before click gets to it.
    del ctx, lang


for _name in MODULES:
    for _command in importlib.import_module(f"weerbaar.commands.{_name}").COMMANDS:
        main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()
