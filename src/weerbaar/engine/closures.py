"""fails(x) of every node, one compiled worklist cascade per node.

The structural criticality asks, for every node x, for the least set
containing x and closed under "a requirement with more than its slack of
members in the set takes its owner into the set". A worklist with a down
counter per requirement finds it in time proportional to fails(x) and the
requirements of its members, which on real maps is a few dozen nodes: for
all nodes together that is less work than any sweep over the whole map. In
plain Python the per-element overhead makes it slow; compiled
(:mod:`weerbaar.engine.jit`) it runs at the speed of the same loop in C.

Two things make it cheaper than that loop as first written (the reference
of ``bench/cascade.c``), on the same answer:

- a requirement with no slack (one member down is enough, four in five
  requirements of a generated map) needs no counter: its members point
  straight at its owner. Only the requirements with slack keep a counter,
  renumbered densely so that the counters fit the CPU's fastest cache;
- what the inner loop reads about a requirement (its owner, how many down
  members lose it) lies next to the member's list of uses, in 32-bit
  integers, instead of one lookup per array: :func:`layout`.

After each cascade its counters and marks are reset by walking what it
touched, so a cascade costs nothing for the parts of the map it does not
reach.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from weerbaar.engine.graph import Graph
from weerbaar.engine.jit import kernel

IntArray = npt.NDArray[np.int64]
Bits = npt.NDArray[np.uint64]
BoolArray = npt.NDArray[np.bool_]
Index = npt.NDArray[np.int32] | npt.NDArray[np.int64]


class Layout(NamedTuple):
    """The map as the cascade walks it, one run of entries per member node.

    ``direct[direct_ptr[u]:direct_ptr[u + 1]]`` are the owners of the
    requirements without slack that node ``u`` is a member of: ``u`` down
    takes them down. ``counted[counted_ptr[u]:counted_ptr[u + 1]]`` are the
    (dense) numbers of the requirements with slack ``u`` is a member of,
    ``counted_owner`` and ``counted_need`` (slack + 1) alongside.
    """

    direct_ptr: IntArray
    direct: Index
    counted_ptr: IntArray
    counted: Index
    counted_owner: Index
    counted_need: Index
    counters: int


@kernel
def _layout(
    use_ptr: IntArray, uses: IntArray, owner: IntArray, slack: IntArray, index: Index
) -> tuple[IntArray, Index, IntArray, Index, Index, Index, int]:
    n = len(use_ptr) - 1
    dense = np.full(len(owner), -1, dtype=np.int64)
    counters = 0
    for r in range(len(owner)):
        if slack[r] > 0:
            dense[r] = counters
            counters += 1
    direct_ptr = np.zeros(n + 1, dtype=np.int64)
    counted_ptr = np.zeros(n + 1, dtype=np.int64)
    for u in range(n):
        d = 0
        for i in range(use_ptr[u], use_ptr[u + 1]):
            d += dense[uses[i]] < 0
        direct_ptr[u + 1] = direct_ptr[u] + d
        counted_ptr[u + 1] = counted_ptr[u] + (use_ptr[u + 1] - use_ptr[u] - d)
    direct = np.empty(direct_ptr[n], dtype=index.dtype)
    counted = np.empty(counted_ptr[n], dtype=index.dtype)
    counted_owner = np.empty(counted_ptr[n], dtype=index.dtype)
    counted_need = np.empty(counted_ptr[n], dtype=index.dtype)
    for u in range(n):
        a, b = direct_ptr[u], counted_ptr[u]
        for i in range(use_ptr[u], use_ptr[u + 1]):
            r = uses[i]
            if dense[r] < 0:
                direct[a] = owner[r]
                a += 1
            else:
                counted[b] = dense[r]
                counted_owner[b] = owner[r]
                counted_need[b] = slack[r] + 1
                b += 1
    return direct_ptr, direct, counted_ptr, counted, counted_owner, counted_need, counters


def layout(g: Graph) -> Layout:
    """The :class:`Layout` of ``g``: one pass over its uses.

    Examples
    --------
    >>> from weerbaar.engine.graph import build_graph
    >>> from weerbaar.model import parse_map
    >>> g = build_graph(parse_map(
    ...     "weerbaar: 1\\nnodes: [{id: a}, {id: b}, {id: c, requires: [a, {any: [a, b]}]}]"
    ... ))
    >>> out = layout(g)
    >>> out.direct[out.direct_ptr[0]:out.direct_ptr[1]].tolist(), out.counted_need.tolist()
    ([2], [2, 2])
    """
    # 32-bit entries halve what the inner loop pulls through the caches.
    index: Index = (
        np.empty(0, dtype=np.int32)
        if max(g.n, len(g.owner)) < 2**31
        else np.empty(0, dtype=np.int64)
    )
    return Layout(*_layout(g.use_ptr, g.uses, g.owner, g.slack, index))


@kernel
def _cascades(
    direct_ptr: IntArray,
    direct: Index,
    counted_ptr: IntArray,
    counted: Index,
    counted_owner: Index,
    counted_need: Index,
    counters: int,
    sources: IntArray,
    keep: BoolArray,
    label: IntArray,
    vital: BoolArray,
    down: IntArray,
    vital_down: IntArray,
    pair_ptr: IntArray,
    pair_v: IntArray,
    first: int,
) -> int:
    """Cascades of ``sources[first:]`` until ``pair_v`` is full: the next source.

    The counts of ``sources[j]`` go to ``down[j]`` and ``vital_down[j]``.
    """
    n = len(direct_ptr) - 1
    count = np.zeros(counters, dtype=direct.dtype)
    touched = np.empty(counters, dtype=direct.dtype)
    queue = np.empty(n, dtype=direct.dtype)
    is_down = np.zeros(n, dtype=np.bool_)
    pairs = pair_ptr[first]
    # A cascade adds at most one pair per node worth keeping: checked once per
    # source, the innermost loop needs no test for room.
    room = len(pair_v) - np.sum(keep) - 1
    for j in range(first, len(sources)):
        if pairs > room:
            return j  # the caller grows the pair array and calls again from here
        x = sources[j]
        queue[0] = x
        is_down[x] = True
        head, tail, reset = 0, 1, 0
        while head < tail:
            u = queue[head]
            head += 1
            for i in range(direct_ptr[u], direct_ptr[u + 1]):
                v = direct[i]
                if not is_down[v]:
                    is_down[v] = True
                    queue[tail] = v
                    tail += 1
            for i in range(counted_ptr[u], counted_ptr[u + 1]):
                r = counted[i]
                c = count[r]
                if c == 0:
                    touched[reset] = r
                    reset += 1
                c += 1
                count[r] = c
                v = counted_owner[i]
                if c == counted_need[i] and not is_down[v]:
                    is_down[v] = True
                    queue[tail] = v
                    tail += 1
        down[j] = tail - 1
        hit = 0
        is_down[x] = False
        for i in range(1, tail):
            v = queue[i]
            is_down[v] = False
            hit += vital[v]
            # Written always, kept only when wanted: a branch here would be
            # mispredicted for every other node. The source is not written:
            # the pairs of a source lie together, ``pair_ptr`` says where.
            pair_v[pairs] = label[v]
            pairs += keep[v]
        pair_ptr[j + 1] = pairs
        vital_down[j] = hit
        for i in range(reset):
            count[touched[i]] = 0
    return len(sources)


def sources(g: Graph) -> IntArray:
    """The nodes some requirement names: any other node takes nothing down with it."""
    out: IntArray = np.flatnonzero(np.diff(g.use_ptr) > 0).astype(np.int64)
    return out


def run(
    walk: Layout,
    todo: IntArray,
    vital: BoolArray,
    keep: BoolArray,
    label: IntArray,
    down: IntArray,
    vital_down: IntArray,
) -> tuple[IntArray, IntArray]:
    """The cascades of the nodes ``todo``, counted into ``down`` and ``vital_down``.

    Returns the pairs worth keeping as ``(pair_ptr, pair_v)``: the
    ``label[v]`` of the v ∈ fails(todo[j]), v ≠ todo[j], with ``keep[v]``
    are ``pair_v[pair_ptr[j]:pair_ptr[j + 1]]``. Calls on disjoint ``todo``
    may run at once on threads: each writes only its own sources' counts.
    """
    keep = np.ascontiguousarray(keep, dtype=np.bool_)
    vital = np.ascontiguousarray(vital, dtype=np.bool_)
    pair_ptr = np.zeros(len(todo) + 1, dtype=np.int64)
    # About a dozen vital nodes per source on generated maps: room for more,
    # as untouched room costs address space, not memory.
    pair_v = np.empty(16 * len(todo) + int(keep.sum()) + 1024, dtype=np.int64)
    # Counted in arrays of this call's own, then put in place: threads writing
    # next to each other's counts would pass the cache lines to and fro.
    counts = np.zeros(len(todo), dtype=np.int64)
    vital_counts = np.zeros(len(todo), dtype=np.int64)
    done = 0
    while True:
        done = _cascades(
            *walk, todo, keep, label, vital, counts, vital_counts, pair_ptr, pair_v, done
        )
        if done == len(todo):
            down[todo] = counts
            vital_down[todo] = vital_counts
            return pair_ptr, pair_v[: pair_ptr[-1]]
        # Out of room: twice as much, and on from the source that did not fit.
        pair_v = np.concatenate([pair_v, np.empty_like(pair_v)])


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
    label = np.arange(g.n, dtype=np.int64) if label is None else label
    pair_ptr, pair_v = run(layout(g), todo, vital, keep, label, down, vital_down)
    return down, vital_down, pair_v, np.repeat(todo, np.diff(pair_ptr))


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
def _transpose(
    pair_ptr: IntArray, pair_v: IntArray, sources: IntArray, count: int
) -> tuple[IntArray, IntArray]:
    ptr = np.zeros(count + 1, dtype=np.int64)
    for v in pair_v:
        ptr[v + 1] += 1
    for k in range(count):
        ptr[k + 1] += ptr[k]
    at = ptr[:-1].copy()
    out = np.empty(len(pair_v), dtype=np.int64)
    for j in range(len(sources)):
        x = sources[j]
        for i in range(pair_ptr[j], pair_ptr[j + 1]):
            v = pair_v[i]
            out[at[v]] = x
            at[v] += 1
    return ptr, out


def transpose(
    pair_ptr: IntArray, pair_v: IntArray, sources: IntArray, count: int
) -> tuple[IntArray, IntArray]:
    """The pairs of :func:`run` grouped by v (each below ``count``): the x of each v, in CSR form.

    A counting sort: one pass to count, one to place; within a v the x
    keep the order of ``sources``.

    Examples
    --------
    >>> ptr, out = transpose(np.array([0, 2, 3]), np.array([2, 0, 2]), np.array([7, 8]), 3)
    >>> ptr.tolist(), out.tolist()
    ([0, 1, 1, 3], [7, 7, 8])
    """
    return _transpose(pair_ptr, pair_v, sources, count)
