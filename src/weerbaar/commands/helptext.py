"""The command line's help in the language of the command: ``weerbaar --lang nl check -h``.

click keeps a command's help (its docstring) and each option's help as plain
English text on the command objects. :func:`translate_help` puts the text of
the active language (:mod:`weerbaar.i18n`) on every command and option before
the arguments are read, keeping the English source, so a later call in
another language (a test, another command in the same process) starts from
the source again. ``tools/messages.py`` reads the same texts with
:func:`help_texts` into the Dutch catalogue.

click's own words ("Usage:", "Options", "[default: …]", "Error: …") come
from the standard library's gettext, which knows no Dutch here; they are
looked up in the core's catalogue instead (:func:`click_words`).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import click
import click.core
import click.exceptions
import click.formatting

from weerbaar.i18n import _

#: The help option's names, as the ``weerbaar`` group sets them for every command.
HELP_NAMES = ["-h", "--help"]

_SOURCES: dict[tuple[int, str], str] = {}  # (id of a command or option, attribute): English


def click_words(message: str) -> str:
    """click's own message in the language of the command, or as it is."""
    words = {
        "Usage:": _("Usage:"),
        "Options": _("Options"),
        "Commands": _("Commands"),
        "default: {default}": _("default: {default}"),
        "required": _("required"),
        "Error: {message}": _("Error: {message}"),
        "Try '{command} {option}' for help.": _("Try '{command} {option}' for help."),
    }
    return words.get(message, message)


def use_click_words() -> None:
    """Have click look up its words with :func:`click_words` (once, at import of the CLI)."""
    for module in (click.core, click.formatting, click.exceptions):
        module._ = click_words  # type: ignore[attr-defined]


def _commands(root: click.Command) -> Iterator[click.Command]:
    yield root
    if isinstance(root, click.Group):
        for command in root.commands.values():
            yield from _commands(command)


def _described(command: click.Command) -> Iterator[tuple[Any, str]]:
    """``(object, attribute)`` of each help text of ``command`` and its options."""
    for attribute in ("help", "short_help", "epilog"):
        yield command, attribute
    # The context has the help option's names, so that click's cached help
    # option is the one a real invocation uses.
    context = click.Context(command, help_option_names=HELP_NAMES)
    for param in command.get_params(context):
        if isinstance(param, click.Option):
            yield param, "help"


def _source(thing: Any, attribute: str) -> str | None:
    key = (id(thing), attribute)
    if key not in _SOURCES:
        text = getattr(thing, attribute)
        if not text:
            return None
        _SOURCES[key] = inspect.cleandoc(text)
    return _SOURCES[key]


def translate_help(root: click.Command) -> None:
    """Put the help of every command under ``root`` and of its options in the active language."""
    for command in _commands(root):
        for thing, attribute in _described(command):
            source = _source(thing, attribute)
            if source is not None:
                setattr(thing, attribute, _(source))


def help_texts(root: click.Command) -> Iterator[tuple[str, str]]:
    """``(English text, file of the command)`` of every help text under ``root``."""
    for command in _commands(root):
        callback = command.callback
        where = inspect.getsourcefile(inspect.unwrap(callback)) if callback is not None else None
        for thing, attribute in _described(command):
            source = _source(thing, attribute)
            if source is not None:
                yield source, where or ""
