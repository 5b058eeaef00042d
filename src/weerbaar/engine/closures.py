"""fails(x) of every node, one compiled worklist cascade per node.

The structural criticality asks, for every node x, for the least set
containing x and closed under "a requirement with more than its slack of
members in the set takes its owner into the set". A worklist with a down
counter per requirement finds it in time proportional to fails(x) and the
requirements of its members, which on real maps is a few dozen nodes: for
all nodes together that is less work than any sweep over the whole map. In
plain Python the per-element overhead makes it slow; compiled
(:mod:`weerbaar.engine.jit`) it runs at the speed of the same loop in C.

After each cascade its counters and marks are reset by walking what it
touched, so a cascade costs nothing for the parts of the map it does not
reach.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from weerbaar.engine.graph import Graph
from weerbaar.engine.jit import kernel

IntArray = npt.NDArray[np.int64]
Bits = npt.NDArray[np.uint64]
BoolArray = npt.NDArray[np.bool_]


@kernel
def _cascades(
    use_ptr: IntArray,
    uses: IntArray,
    owner: IntArray,
    slack: IntArray,
    sources: IntArray,
    keep: BoolArray,
    label: IntArray,
    vital: BoolArray,
    down: IntArray,
    vital_down: IntArray,
    pair_v: IntArray,
    pair_x: IntArray,
    first: int,
    pairs: int,
) -> tuple[int, int]:
    """Cascades of ``sources[first:]`` until ``pair_v`` is full: (next source, pairs)."""
    n = len(use_ptr) - 1
    count = np.zeros(len(owner), dtype=np.int64)
    touched = np.empty(len(owner), dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    is_down = np.zeros(n, dtype=np.bool_)
    # A cascade adds at most one pair per node worth keeping: checked once per
    # source, the innermost loop needs no test for room.
    room = len(pair_v) - np.sum(keep) - 1
    for j in range(first, len(sources)):
        if pairs > room:
            return j, pairs  # the caller grows the pair arrays and calls again from here
        x = sources[j]
        queue[0] = x
        is_down[x] = True
        head, tail, reset = 0, 1, 0
        while head < tail:
            u = queue[head]
            head += 1
            for i in range(use_ptr[u], use_ptr[u + 1]):
                r = uses[i]
                if count[r] == 0:
                    touched[reset] = r
                    reset += 1
                count[r] += 1
                v = owner[r]
                if count[r] == slack[r] + 1 and not is_down[v]:
                    is_down[v] = True
                    queue[tail] = v
                    tail += 1
        down[x] = tail - 1
        hit = 0
        is_down[x] = False
        for i in range(1, tail):
            v = queue[i]
            is_down[v] = False
            hit += vital[v]
            # Written always, kept only when wanted: a branch here would be
            # mispredicted for every other node.
            pair_v[pairs] = label[v]
            pair_x[pairs] = x
            pairs += keep[v]
        vital_down[x] = hit
        for i in range(reset):
            count[touched[i]] = 0
    return len(sources), pairs


def sources(g: Graph) -> IntArray:
    """The nodes some requirement names: any other node takes nothing down with it."""
    out: IntArray = np.flatnonzero(np.diff(g.use_ptr) > 0).astype(np.int64)
    return out


def cascades(
    g: Graph,
    vital: BoolArray,
    keep: BoolArray,
    of: IntArray | None = None,
    label: IntArray | None = None,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """One cascade per node of ``g`` (or per node of ``of``): counts, and the pairs worth keeping.

    Returns ``down[x]`` and ``vital_down[x]``, how many other nodes and how
    many ``vital`` nodes fail with x; and the pairs ``(v, x)`` with v ∈
    fails(x), v ≠ x and ``keep[v]``, grouped by x; with ``label``, the
    pairs ``(label[v], x)``.

    Examples
    --------
    >>> from weerbaar.engine.graph import build_graph
    >>> from weerbaar.model import parse_map
    >>> g = build_graph(parse_map(
    ...     "weerbaar: 1\\nnodes: [{id: a}, {id: b, requires: [a]}, {id: c, requires: [b]}]"
    ... ))
    >>> down, vital_down, v, x = cascades(g, np.array([0, 0, 1], bool), np.ones(3, bool))
    >>> down.tolist(), vital_down.tolist(), list(zip(v.tolist(), x.tolist()))
    ([2, 1, 0], [1, 1, 0], [(1, 0), (2, 0), (2, 1)])
    """
    todo = sources(g) if of is None else of
    down = np.zeros(g.n, dtype=np.int64)
    vital_down = np.zeros(g.n, dtype=np.int64)
    pair_v = np.empty(4 * len(todo) + int(keep.sum()) + 1024, dtype=np.int64)
    pair_x = np.empty_like(pair_v)
    keep = np.ascontiguousarray(keep, dtype=np.bool_)
    vital = np.ascontiguousarray(vital, dtype=np.bool_)
    done = pairs = 0
    while True:
        done, pairs = _cascades(
            g.use_ptr, g.uses, g.owner, g.slack, todo, keep,
            np.arange(g.n, dtype=np.int64) if label is None else label, vital,
            down, vital_down, pair_v, pair_x, done, pairs,
        )  # fmt: skip
        if done == len(todo):
            return down, vital_down, pair_v[:pairs], pair_x[:pairs]
        # Out of room: twice as much, and on from the source that did not fit.
        pair_v = np.concatenate([pair_v, np.empty_like(pair_v)])
        pair_x = np.concatenate([pair_x, np.empty_like(pair_x)])


@kernel
def _fill(bits: Bits, v: IntArray, x: IntArray) -> None:
    for i in range(len(v)):
        bits[v[i], x[i] >> 6] |= np.uint64(1) << np.uint64(x[i] & 63)


def matrix(g: Graph) -> Bits:
    """The bit matrix of :class:`~weerbaar.engine.criticality.Structural`.

    Bit x of row v is set when v ∈ fails(x), x = v included.

    Examples
    --------
    >>> from weerbaar.engine.graph import build_graph
    >>> from weerbaar.model import parse_map
    >>> g = build_graph(parse_map("weerbaar: 1\\nnodes: [{id: a}, {id: b, requires: [a]}]"))
    >>> matrix(g)[:, 0].tolist()
    [1, 3]
    """
    everything = np.ones(g.n, dtype=bool)
    _, _, v, x = cascades(g, everything, everything)
    own = np.arange(g.n, dtype=np.int64)
    bits: Bits = np.zeros((g.n, (g.n + 63) // 64 or 1), dtype=np.uint64)
    _fill(bits, np.concatenate([v, own]), np.concatenate([x, own]))
    return bits


@kernel
def _group(keys: IntArray, values: IntArray, count: int) -> tuple[IntArray, IntArray]:
    ptr = np.zeros(count + 1, dtype=np.int64)
    for k in keys:
        ptr[k + 1] += 1
    for k in range(count):
        ptr[k + 1] += ptr[k]
    at = ptr[:-1].copy()
    out = np.empty(len(values), dtype=np.int64)
    for i in range(len(keys)):
        out[at[keys[i]]] = values[i]
        at[keys[i]] += 1
    return ptr, out


def group(keys: IntArray, values: IntArray, count: int) -> tuple[IntArray, IntArray]:
    """``values`` grouped by ``keys`` (each below ``count``) in CSR form, in order within a key.

    A counting sort: one pass to count, one to place.

    Examples
    --------
    >>> ptr, out = group(np.array([2, 0, 2]), np.array([7, 8, 9]), 3)
    >>> ptr.tolist(), out.tolist()
    ([0, 1, 1, 3], [8, 7, 9])
    """
    return _group(keys, values, count)
