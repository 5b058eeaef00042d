"""Regional figures published as snapshots that change only when at least k members' input does.

The k threshold (:mod:`weerbaar.sharing.threshold`) keeps a figure from being
about fewer than k members. It does not stop *differencing*: compare a
figure before and after one member joins, leaves or changes what it shares,
and the difference is that one member's contribution ("4 members run vital
processes on supplier X" yesterday, 5 today, and only Gemeente Y joined).
So a community's figures are published as a snapshot, and a new one is
made only when the contributions of at least k members changed since the
last (:func:`due`): any difference between two published snapshots mixes
the changes of at least k members.

Each member's contribution is summarised by a fingerprint
(:func:`fingerprint`: what it shares of its map, the map's version, the
label, and the indicators it filed in the community); a member that joins
or leaves counts as changed.

What this does not prevent (docs/sharing.md):

- k - 1 members acting together can change their own contributions with a
  target's and subtract what they know of their own;
- someone who learns by other means which members changed still narrows a
  difference down to those;
- the figures lag: a change shows when k members have changed (a member
  that withdraws its map is still counted until then, as a number, never
  by name unless it shared at GREEN or lower).

Examples
--------
>>> old = {"a": fingerprint("nodes", 3), "b": fingerprint("nodes", 1)}
>>> new = {"a": fingerprint("nodes", 4), "b": fingerprint("nodes", 1), "c": fingerprint("nodes")}
>>> changed(old, new), due(old, new, 3), due(old, new, 2), due(None, new, 3)
(2, False, True, True)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from weerbaar.sharing.threshold import check_k


def fingerprint(*parts: object) -> str:
    """A short, stable digest of what a member contributes (its parts' ``repr``)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def changed(old: Mapping[str, str], new: Mapping[str, str]) -> int:
    """How many members' contributions differ (joined, left or changed) between two states."""
    return sum(1 for member in old.keys() | new.keys() if old.get(member) != new.get(member))


def due(old: Mapping[str, str] | None, new: Mapping[str, str], k: int) -> bool:
    """Is a new snapshot to be published? Always the first time; then only after k changes."""
    return old is None or changed(old, new) >= check_k(k)
