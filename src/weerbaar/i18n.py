"""Language of the command line and of the messages the core writes.

The web app has Django's own translation machinery; the command line and the
pure-Python core (model errors, CLI output) must not import Django, so they
use the standard library's :mod:`gettext` with the catalogue in
``weerbaar/locale/<lang>/LC_MESSAGES/weerbaar.mo``. Source strings are
English; Dutch is the catalogue.

The active language lives in a :class:`contextvars.ContextVar`, not a module
global, so that a web request (a thread) can ask for core messages in its
user's language without changing them for another request.

Examples
--------
>>> with language("en"):
...     _("unknown key")
'unknown key'
>>> language_from_env({"LANG": "nl_NL.UTF-8"})
'nl'
>>> language_from_env({"LC_ALL": "C"})
'en'
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "weerbaar"
LANGUAGES = ("nl", "en")

_active: ContextVar[str] = ContextVar("weerbaar_language", default="en")


@cache
def _catalogue(lang: str) -> _gettext.NullTranslations:
    # English is the source language; a missing catalogue falls back to it.
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def language_from_env(environ: Mapping[str, str]) -> str:
    """The language the POSIX locale asks for: ``"nl"`` or ``"en"``.

    Follows gettext's precedence (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
    """
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def set_language(lang: str) -> None:
    """Make ``lang`` the language of this context (the CLI calls it once)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _active.set(lang)


def get_language() -> str:
    return _active.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Use ``lang`` inside the block only (a web request, a test)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    token = _active.set(lang)
    try:
        yield
    finally:
        _active.reset(token)


def gettext(message: str) -> str:
    """``message`` in the active language."""
    return _catalogue(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message, in the active language."""
    return _catalogue(_active.get()).ngettext(singular, plural, n)


_ = gettext


def number(x: float, decimals: int = 0) -> str:
    """``x`` with thousands separators, as the active language writes numbers.

    Examples
    --------
    >>> number(21559), number(0.5, 2)
    ('21,559', '0.50')
    >>> with language("nl"):
    ...     number(1234567.891, 2)
    '1.234.567,89'
    """
    text = f"{x:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if get_language() == "nl" else text
