"""Versions and version ranges of advisories: comparison, ``vers:`` and simple ranges.

Advisories give a version as text (``13.1-49.15``, ``2019 CU14``, ``8.0u2``)
and a range either in the ``vers:`` notation of the package-URL project
(``vers:generic/>=13.1|<13.1-51.15``) or as a few comparisons
(``<= 13.1-49.15``, ``>=1.0 <2.0``). Versions are compared piece by piece,
numbers as numbers (``13.10`` after ``13.9``), the "generic" scheme of vers.

Examples
--------
>>> compare("13.1-49.15", "13.1-51.15") < 0
True
>>> VersionRange.parse("vers:generic/>=13.1|<13.1-51.15").contains("13.1-49.15")
True
>>> VersionRange.parse("<= 2.3").contains("2.4")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

_PIECE = re.compile(r"\d+|[A-Za-z]+")
_COMPARATOR = re.compile(r"^(<=|>=|!=|<|>|=)?\s*(.+)$")


class RangeError(ValueError):
    """A version range that cannot be read."""


@lru_cache(maxsize=65_536)
def _key(version: str) -> tuple[tuple[int, int | str], ...]:
    # A number sorts after text in the same place: 1.0 > 1.0-beta > 1.0-alpha
    # would need more rules than advisories use; numbers against numbers and
    # text against text decide in practice.
    out: list[tuple[int, int | str]] = []
    for piece in _PIECE.findall(version.lower()):
        out.append((1, int(piece)) if piece.isdigit() else (0, piece))
    while out and out[-1] == (1, 0):
        out.pop()  # 13.1 == 13.1.0
    return tuple(out)


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as version ``a`` is before, equal to or after ``b``."""
    ka, kb = _key(a), _key(b)
    return (ka > kb) - (ka < kb)


def same_version(a: str, b: str) -> bool:
    """Whether two version texts name the same version (``8.0`` and ``8.0.0``)."""
    return _key(a) == _key(b)


@dataclass(frozen=True)
class VersionRange:
    """A set of versions: comparisons such as ``(">=", "13.1")``; empty means every version.

    ``alternatives`` holds the ``vers:`` constraints (any interval matches);
    ``conjunction`` the space-separated comparisons that must all hold.
    """

    constraints: tuple[tuple[str, str], ...]
    vers: bool = False

    @classmethod
    def parse(cls, text: str) -> VersionRange:
        text = text.strip()
        if not text:
            raise RangeError("an empty version range")
        if text.lower().startswith("vers:"):
            _scheme, sep, rest = text[5:].partition("/")
            if not sep:
                raise RangeError(f"{text!r}: vers: ranges read vers:SCHEME/CONSTRAINTS")
            rest = rest.strip()
            if rest == "*":
                return cls(())
            parts = [p.strip() for p in rest.split("|") if p.strip()]
            return cls(tuple(_constraint(p, text) for p in parts), vers=True)
        if text in ("*", "all", "all versions"):
            return cls(())
        # "<= 1.2", ">=1.0 <2.0", ">=1.0, <2.0": every comparison must hold.
        tokens = re.findall(r"(<=|>=|!=|<|>|=)?\s*([^\s,<>=!]+)", text)
        if not tokens:
            raise RangeError(f"{text!r} is not a version range")
        return cls(tuple((op or "=", v) for op, v in tokens))

    def contains(self, version: str) -> bool:
        if not self.constraints:
            return True
        if not self.vers:
            return all(_holds(version, op, v) for op, v in self.constraints)
        return _in_vers(version, self.constraints)

    def __str__(self) -> str:
        body = "|".join(f"{op}{v}" for op, v in self.constraints) or "*"
        return (
            f"vers:generic/{body}"
            if self.vers
            else " ".join(f"{op}{v}" for op, v in self.constraints) or "*"
        )


def _constraint(part: str, text: str) -> tuple[str, str]:
    found = _COMPARATOR.match(part)
    if found is None or not found.group(2).strip():
        raise RangeError(f"{text!r}: {part!r} is not a comparison")
    return found.group(1) or "=", found.group(2).strip()


def _holds(version: str, op: str, bound: str) -> bool:
    c = compare(version, bound)
    return {
        "=": c == 0,
        "!=": c != 0,
        "<": c < 0,
        "<=": c <= 0,
        ">": c > 0,
        ">=": c >= 0,
    }[op]


def _in_vers(version: str, constraints: tuple[tuple[str, str], ...]) -> bool:
    # The vers algorithm: equal to an "=" is in, to a "!=" out; otherwise the
    # remaining comparisons, in version order, form intervals.
    for op, bound in constraints:
        if op == "=" and compare(version, bound) == 0:
            return True
        if op == "!=" and compare(version, bound) == 0:
            return False
    rest = sorted(
        ((op, b) for op, b in constraints if op not in ("=", "!=")), key=lambda c: _key(c[1])
    )
    if not rest:
        return False
    first_op, first = rest[0]
    if first_op in ("<", "<=") and _holds(version, first_op, first):
        return True
    last_op, last = rest[-1]
    if last_op in (">", ">=") and _holds(version, last_op, last):
        return True
    for (op, low), (op2, high) in pairwise(rest):
        if (
            op in (">", ">=")
            and op2 in ("<", "<=")
            and _holds(version, op, low)
            and _holds(version, op2, high)
        ):
            return True
    return False
