"""STIX patterns for an indicator's observables, and back.

An indicator with several observables matches any of them: each becomes
one observation expression, joined with ``OR``. On import only patterns of
that shape are read back (equality tests on the supported properties,
joined with ``OR``); a pattern that says more (``AND``, ``FOLLOWEDBY``,
``LIKE``, a qualifier) cannot be kept as a list of observables and is
refused rather than weakened.

Examples
--------
>>> from weerbaar.interop.records import Observable, ObservableKind
>>> p = pattern([Observable(ObservableKind.IPV4, "192.0.2.7"),
...              Observable(ObservableKind.MD5, "ab" * 16)])
>>> p
"[ipv4-addr:value = '192.0.2.7'] OR [file:hashes.MD5 = 'abababababababababababababababab']"
>>> [o.kind.value for o in observables(p)]
['ipv4-addr', 'md5']
>>> observables("[ipv4-addr:value = '192.0.2.7' AND domain-name:value = 'x.nl']")
Traceback (most recent call last):
...
ValueError: the pattern combines tests with AND; only OR of single values can be imported
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from stix2patterns.v21.inspector import InspectionListener
from stix2patterns.v21.pattern import Pattern

from weerbaar.interop.records import Observable, ObservableKind

#: The object path each observable kind is tested on.
PATHS: dict[ObservableKind, tuple[str, tuple[str, ...]]] = {
    ObservableKind.IPV4: ("ipv4-addr", ("value",)),
    ObservableKind.IPV6: ("ipv6-addr", ("value",)),
    ObservableKind.DOMAIN: ("domain-name", ("value",)),
    ObservableKind.URL: ("url", ("value",)),
    ObservableKind.MD5: ("file", ("hashes", "MD5")),
    ObservableKind.SHA1: ("file", ("hashes", "SHA-1")),
    ObservableKind.SHA256: ("file", ("hashes", "SHA-256")),
}
_KIND_OF = {path: kind for kind, path in PATHS.items()}


def _literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _unquote(literal: str) -> str:
    # The grammar allows exactly two escapes in a string literal: \' and \\.
    return re.sub(r"\\(.)", r"\1", literal[1:-1])


def _path(obj: str, steps: tuple[str, ...]) -> str:
    quoted = [s if s.isidentifier() else _literal(s) for s in steps]
    return f"{obj}:" + ".".join(quoted)


def pattern(items: Iterable[Observable]) -> str:
    """The STIX pattern matching any of ``items``."""
    parts = [f"[{_path(*PATHS[o.kind])} = {_literal(o.value)}]" for o in items]
    if not parts:
        raise ValueError("an indicator needs at least one observable")
    return " OR ".join(parts)


class _Listener(InspectionListener):  # type: ignore[misc]
    """The library's inspector, which also notes ``AND`` inside one observation."""

    def __init__(self) -> None:
        super().__init__()
        self.comparison_and = False
        self.other_tests = False

    def exitComparisonExpressionAnd(self, ctx: Any) -> None:
        if ctx.AND():
            self.comparison_and = True

    def exitPropTestExists(self, ctx: Any) -> None:
        self.other_tests = True


def observables(text: str) -> list[Observable]:
    """The observables of a pattern of the shape :func:`pattern` writes.

    Raises
    ------
    ValueError
        Saying what in the pattern cannot be imported.
    """
    try:
        parsed = Pattern(text)
    except Exception as exc:  # the ANTLR parser raises its own types
        raise ValueError(f"not a STIX 2.1 pattern: {exc}") from None
    listener = _Listener()
    parsed.walk(listener)
    data = listener.pattern_data()
    if listener.comparison_and:
        raise ValueError(
            "the pattern combines tests with AND; only OR of single values can be imported"
        )
    ops = set(data.observation_ops) - {"OR"}
    if ops or data.qualifiers or listener.other_tests:
        what = ", ".join(sorted(ops | set(data.qualifiers))) or "EXISTS"
        raise ValueError(f"the pattern uses {what}; only OR of single values can be imported")
    found: list[Observable] = []
    for obj, tests in data.comparisons.items():
        for steps, op, literal in tests:
            kind = _KIND_OF.get((obj, tuple(str(s) for s in steps)))
            if kind is None:
                where = _path(obj, tuple(str(s) for s in steps))
                raise ValueError(f"{where} is not an observable Weerbaar keeps")
            if op != "=" or not (isinstance(literal, str) and literal.startswith("'")):
                raise ValueError(
                    f"{obj} is tested with {op} {literal}; only = 'value' can be imported"
                )
            found.append(Observable.checked(kind, _unquote(literal)))
    return found
