"""Regional figures that do not give a member away: the *k* threshold and naming.

A figure over a community ("12 of 25 municipalities run vital processes on
supplier X") is shown only when at least *k* organisations contribute to it
(default 3, per community). With fewer, the figure would tell a member which
other member it is about. Below *k* the figure is withheld altogether — not
shown as "fewer than k" for one supplier and a number for another, which
would still tell that the supplier exists in the region.

A member is named beside a figure only when it shared what the figure is
made of at TLP:GREEN or lower (:data:`NAMEABLE`); the others are counted,
never named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from weerbaar.sharing.tlp import TLP

#: The default k: a figure needs this many contributing organisations.
DEFAULT_K = 3

#: The labels under which a member may be named beside a regional figure.
NAMEABLE = frozenset({TLP.CLEAR, TLP.GREEN})

K = TypeVar("K")


@dataclass(frozen=True)
class Figure(Generic[K]):
    """One regional figure about ``key``: who contributes, and who may be named.

    ``contributors`` is a count; ``named`` are the contributors that may be
    named (sorted). Never holds the unnamed contributors themselves.
    """

    key: K
    contributors: int
    named: tuple[str, ...]


def check_k(k: int) -> int:
    """``k`` itself when it is a usable threshold (≥ 2), else ValueError.

    k = 1 would publish a single member's figure: that is no aggregate.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise ValueError(f"k must be a whole number of at least 2, not {k!r}")
    return k


def enough(contributors: int, k: int) -> bool:
    """May a figure with this many contributing organisations be shown?"""
    return contributors >= check_k(k)


def figure(
    key: K, contributors: Iterable[str], labels: Mapping[str, TLP], k: int
) -> Figure[K] | None:
    """The figure about ``key``, or None when fewer than ``k`` organisations contribute.

    ``labels`` gives the label each contributor shared under; a contributor
    missing from it is never named.
    """
    who = set(contributors)
    if not enough(len(who), k):
        return None
    named = tuple(sorted(c for c in who if labels.get(c) in NAMEABLE))
    return Figure(key, len(who), named)
