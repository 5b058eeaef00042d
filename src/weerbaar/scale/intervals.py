"""Half-open time intervals of many samples at once, as flat sorted key arrays.

Monte Carlo needs the down intervals of every node in thousands of samples.
Rather than one list per node per sample, a *span set* holds all of them in
two int64 arrays ``start`` and ``end`` of *keys*: ``key = group * width +
time``, where ``time`` is an engine tick (``0 <= time < width``) and the
group is a sample, or a (requirement, sample) or (node, sample) pair while a
cascade step works on many of them at once. Sorted by key, the spans of one
group are disjoint and do not touch ([0, 5) and [5, 9) are one span [0, 9)),
exactly as the engine merges them.

Times past the horizon H never matter, so a span set of horizon H uses
``width = H + 2`` and the time ``H + 1`` (:func:`open_time`) for "still
running at the horizon"; every operation clips to it. Each operation is a
handful of numpy calls over all groups, never a Python loop per group.

Examples
--------
Two samples of width 12 (horizon 10); coverage of at least 1 of the spans
[0, 4) and [4, 6) of sample 0 and [2, 3) of sample 1:

>>> start, end = np.array([0, 4, 14]), np.array([4, 6, 15])
>>> covered(start, end, np.array([1]), 10**6)
(array([ 0, 14]), array([ 6, 15]))
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Empty key array, for nodes that are never down.
EMPTY: IntArray = np.zeros(0, dtype=np.int64)


def open_time(horizon: int) -> int:
    """The time that stands for "past the horizon" in span sets of ``horizon`` ticks."""
    return horizon + 1


def ragged_arange(lo: IntArray, lengths: IntArray) -> IntArray:
    """``concatenate([arange(l, l + n) for l, n in zip(lo, lengths)])`` without a loop.

    Examples
    --------
    >>> ragged_arange(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist()
    [5, 6, 9, 10, 11]
    """
    total = int(lengths.sum())
    if total == 0:
        return EMPTY
    first = np.cumsum(lengths) - lengths
    return np.repeat(lo - first, lengths) + np.arange(total, dtype=np.int64)


def covered(start: IntArray, end: IntArray, need: IntArray, span: int) -> tuple[IntArray, IntArray]:
    """Maximal intervals where at least ``need[group]`` of the given spans overlap.

    Parameters
    ----------
    start, end : int64 arrays
        Keys of half-open spans, in any order. Spans of one group must not
        leave it: every ``end`` lies in its start's group.
    need : int64 array
        For each group ``key // span``, how many spans must overlap (>= 1).
    span : int
        Keys per group: ``group = key // span``.

    Returns
    -------
    start, end : int64 arrays
        The covered intervals, sorted.

    Examples
    --------
    Two of three overlapping in one group (span 100): [0, 10), [5, 20), [8, 9):

    >>> s, e = covered(np.array([0, 5, 8]), np.array([10, 20, 9]), np.array([2]), 100)
    >>> s.tolist(), e.tolist()
    ([5], [10])

    One span ends where another starts: never two at once:

    >>> covered(np.array([0, 5]), np.array([5, 9]), np.array([2]), 100)[0].tolist()
    []
    """
    if len(start) == 0:
        return EMPTY, EMPTY
    # Each instant with the kind of change in its lowest bit (end 0, start 1):
    # all changes at one instant apply together, so their order does not
    # matter and a plain sort (several times faster than a stable argsort)
    # puts them in order.
    keys = np.concatenate([end << 1, (start << 1) | 1])
    keys.sort()
    count = np.cumsum((keys & 1) * 2 - 1)
    keys >>= 1
    # The state between two distinct keys is the count after the last event
    # of the earlier key: all changes at one instant apply together.
    last = np.ones(len(keys), dtype=bool)
    last[:-1] = keys[1:] != keys[:-1]
    at = keys[last]
    on = count[last] >= need[at // span]
    # Every group ends with a count of 0 (each span ends in its group), so the
    # state before a group's first key is "not covered" without a reset.
    before_on = np.zeros(len(on), dtype=bool)
    before_on[1:] = on[:-1]
    rise = on & ~before_on
    fall = before_on & ~on
    return at[rise], at[fall]


def union(start: IntArray, end: IntArray) -> tuple[IntArray, IntArray]:
    """Maximal intervals covered by at least one of the spans, per group, sorted.

    The same as ``covered(start, end, ones, span)``, in fewer passes.

    Examples
    --------
    >>> union(np.array([5, 0, 9, 20]), np.array([9, 3, 12, 21]))
    (array([ 0,  5, 20]), array([ 3, 12, 21]))
    """
    if len(start) == 0:
        return start, end
    order = np.argsort(start, kind="stable")
    start, end = start[order], end[order]
    # Groups never merge: all keys of a group lie below the next group's.
    reach = np.maximum.accumulate(end)
    new = np.ones(len(start), dtype=bool)
    new[1:] = start[1:] > reach[:-1]
    first = np.flatnonzero(new)
    last = np.empty(len(first), dtype=np.int64)
    last[:-1] = first[1:] - 1
    last[-1] = len(start) - 1
    return start[first], reach[last]


def extend_and_merge(
    start: IntArray, end: IntArray, by: IntArray, width: int
) -> tuple[IntArray, IntArray]:
    """Each span ``[a, b)`` as ``[a, b + rho)``, clipped to the horizon and merged (rule 4).

    ``start`` must be sorted with disjoint spans per group, so that the
    extended ends stay sorted within a group; ``by`` is rho for each span.

    Examples
    --------
    Width 102 (horizon 100): [0, 5) and [7, 9) with rho 2 touch and merge; a
    span reaching past the horizon ends at 101 (open):

    >>> extend_and_merge(np.array([0, 7, 95]), np.array([5, 9, 99]), np.array([2, 2, 3]), 102)
    (array([ 0, 95]), array([ 11, 101]))
    """
    if len(start) == 0:
        return start, end
    limit = start - start % width + (width - 1)
    stretched = np.minimum(end + by, limit)
    # A new outage starts where a span begins after the previous extended end
    # (a span starting exactly there continues it: half-open intervals).
    # Groups never merge: a group's keys all lie below the next group's.
    new = np.ones(len(start), dtype=bool)
    new[1:] = start[1:] > stretched[:-1]
    first = np.flatnonzero(new)
    final = np.empty(len(first), dtype=np.int64)
    final[:-1] = first[1:] - 1
    final[-1] = len(start) - 1
    return start[first], stretched[final]


def at_time(start: IntArray, end: IntArray, keys: IntArray) -> BoolArray:
    """Whether each key lies in a span: the state *at* that instant."""
    i = np.searchsorted(start, keys, side="right") - 1
    safe = np.maximum(i, 0)
    return (i >= 0) & (end[safe] > keys) if len(start) else np.zeros(len(keys), dtype=bool)


def just_before(start: IntArray, end: IntArray, keys: IntArray) -> BoolArray:
    """Whether a span covers the moment just before each key (``a < t <= b``)."""
    if len(start) == 0:
        return np.zeros(len(keys), dtype=bool)
    i = np.searchsorted(start, keys, side="left") - 1
    safe = np.maximum(i, 0)
    return (i >= 0) & (end[safe] >= keys)


def members_of(sorted_keys: IntArray, keys: IntArray) -> BoolArray:
    """Whether each key occurs in the sorted array ``sorted_keys``."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    i = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    found: BoolArray = sorted_keys[i] == keys
    return found
