"""The command line's help in the language of the command: ``weerbaar --lang nl check -h``.

click keeps a command's help (its docstring) and each option's help as plain
English text on the command objects. :func:`translate_help` puts the text of
the active language (:mod:`weerbaar.i18n`) on every command and option before
the arguments are read, keeping the English source, so a later call in
another language (a test, another command in the same process) starts from
the source again. ``tools/messages.py`` reads the same texts with
:func:`help_texts` into the Dutch catalogue.

click's own words, the help's ("Usage:", "Options", "[default: …]") and the
usage errors' ("Missing argument 'MAP'.", "No such command 'chek'.",
"'x' is not one of 'nl', 'en'."), come from the standard library's gettext,
which knows no Dutch here. :func:`use_click_words` has click look every one of
them up in the core's catalogue instead, in the language of the command;
``tools/messages.py`` reads them from click's own source
(:func:`click_messages`), so the catalogue has all of them, also after an
upgrade of click.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import click.core
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from weerbaar.i18n import _, gettext, ngettext

#: The help option's names, as the ``weerbaar`` group sets them for every command.
HELP_NAMES = ["-h", "--help"]

_SOURCES: dict[tuple[int, str], str] = {}  # (id of a command or option, attribute): English


#: click's names of the parameter types its errors name (see :func:`_described`).
TYPE_NAMES = {"integer", "float", "integer range", "float range", "file", "directory", "path"}

#: click's modules whose messages a user of the command line can meet.
#: Not click.decorators: the texts it makes (the help option's help) are
#: help texts, made once in the language of the moment and translated as such.
CLICK_MODULES = (
    click.core,
    click.exceptions,
    click.formatting,
    click.parser,
    click.types,
    click.termui,
)


def use_click_words() -> None:
    """Have click look up its words in the core's catalogue (once, at import of the CLI).

    click calls ``_`` and ``ngettext`` of its own modules, imported from the
    standard library's :mod:`gettext`; they become the core's, which follow
    the language of the command (:mod:`weerbaar.i18n`) and leave a message
    the catalogue does not have as it is.
    """
    for module in CLICK_MODULES:
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


#: Words click passes to ``_`` in a variable, so that its source does not show them.
CLICK_INDIRECT = {"required": "click/core.py"}  # the help's "[required]"


def click_messages() -> Iterator[tuple[str, str | None, str]]:
    """``(message, plural or None, file)`` of every message click marks in :data:`CLICK_MODULES`."""
    for word, where in CLICK_INDIRECT.items():
        yield word, None, where
    for module in CLICK_MODULES:
        path = Path(inspect.getsourcefile(module) or "")
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            texts = [a for a in args if isinstance(a, str)]
            where = f"click/{path.name}"
            if node.func.id == "_" and args and isinstance(args[0], str):
                yield args[0], None, where
            elif node.func.id == "ngettext" and len(texts) >= 2 and texts[:2] == args[:2]:
                yield texts[0], texts[1], where


def _commands(root: click.Command) -> Iterator[click.Command]:
    yield root
    if isinstance(root, click.Group):
        for command in root.commands.values():
            yield from _commands(command)


def _described(command: click.Command) -> Iterator[tuple[Any, str]]:
    """``(object, attribute)`` of each help text of ``command`` and its options."""
    # The usage line's "[OPTIONS]" and "COMMAND [ARGS]..." too: click sets
    # them when a command is defined, not when its help is shown.
    for attribute in ("help", "short_help", "epilog", "options_metavar"):
        yield command, attribute
    if isinstance(command, click.Group):
        yield command, "subcommand_metavar"
    # The context has the help option's names, so that click's cached help
    # option is the one a real invocation uses.
    context = click.Context(command, help_option_names=HELP_NAMES)
    for param in command.get_params(context):
        if isinstance(param, click.Option):
            yield param, "help"
        if param.type.name in TYPE_NAMES or (id(param.type), "name") in _SOURCES:
            # Named in click's errors ("'x' is not a valid integer.", "File 'x'
            # does not exist.") and as the metavar in the help.
            yield param.type, "name"


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
