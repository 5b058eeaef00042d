"""Bit-parallel propagation of permanent failure from a block of sources.

For a block of sources x_0 .. x_{B-1}, row ``F[v]`` is a bitset with bit j set
when v ∈ fails(x_j) (x_j itself included). The rows satisfy, per node::

    F[v] = own(v)  ∪  ⋃ over requirements r of v of  at_least(k_r, F[members of r])

with ``k_r = size - need + 1`` (the members that must be down to lose r) and
``own(v)`` the bit of v when v is a source. Each bit is independent, so one
evaluation serves all B sources.

The evaluation is vectorised per dependency level (see
:meth:`~weerbaar.engine.graph.Graph.levels`): every member of a node's
requirements sits on a lower level or, on a cycle, on the same one. A level is
evaluated with a few numpy calls over all its nodes at once (``reduceat``
over the member rows of its requirements) instead of a Python loop per node;
nodes on a cycle are evaluated again while a member on their level changes,
which reaches the least fixpoint because every step only adds bits.

Only the part of the map the sources can reach is touched: a node is
evaluated when a member of one of its requirements got a nonzero row, and
only nonzero rows are stored. So the work of a block is proportional to the
union of the fails() of its sources, not to the map.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.graph import Graph, distinct, distinct_counts, ranges

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Bits = npt.NDArray[np.uint64]

#: Upper bound on the member rows gathered at once, in bytes; it bounds the
#: working memory of a level on very large maps.
GATHER_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Plan:
    """What propagation needs to know about a graph, computed once per graph.

    ``level`` and ``cyclic`` come from :meth:`Graph.levels`; ``k`` is per
    requirement the number of members that must be down to lose it, and
    ``slots`` per node the number of member slots over its requirements.
    """

    graph: Graph
    level: IntArray
    cyclic: BoolArray
    k: IntArray
    slots: IntArray


def plan(g: Graph) -> Plan:
    """Prepare ``g`` for :func:`propagate`."""
    levels = g.levels()
    slots = np.bincount(g.owner, weights=g.size, minlength=g.n).astype(np.int64)
    return Plan(g, levels.level, levels.cyclic, g.slack + 1, slots)


def words(sources: int) -> int:
    """Machine words per row for a block of ``sources`` sources."""
    return max(1, (sources + 63) // 64)


def propagate(p: Plan, sources: IntArray) -> tuple[IntArray, Bits]:
    """Everything the failure of each source takes down, as bit rows.

    Returns the nodes with a nonzero row, and their rows: bit j of a row
    (bit ``j % 64`` of word ``j // 64``) stands for ``sources[j]``. Nodes not
    returned are taken down by none of the sources.

    Examples
    --------
    >>> from weerbaar.engine.graph import build_graph
    >>> from weerbaar.model import parse_map
    >>> g = build_graph(parse_map(
    ...     "weerbaar: 1\\nnodes: [{id: a}, {id: b, requires: [a]}, {id: c, requires: [b]}]"
    ... ))
    >>> nodes, rows = propagate(plan(g), np.array([1, 0]))
    >>> sorted(zip(nodes.tolist(), rows[:, 0].tolist()))
    [(0, 2), (1, 3), (2, 3)]
    """
    return _Block(p, sources).run()


class _Block:
    """The rows of one block of sources, filled level by level."""

    def __init__(self, p: Plan, sources: IntArray) -> None:
        g = p.graph
        self.p = p
        self.w = words(len(sources))
        # Row 0 stays zero: the row of every node not reached (yet). The
        # buffer is allocated lazily by the OS, so only rows used cost memory.
        self.rows: Bits = np.empty((g.n + 1, self.w), dtype=np.uint64)
        self.rows[0] = 0
        self.used = 1
        self.slot = np.zeros(g.n, dtype=np.int64)
        self.bit = np.full(g.n, -1, dtype=np.int64)
        self.bit[sources] = np.arange(len(sources))
        self.queued = np.zeros(g.n, dtype=bool)
        self.buckets: dict[int, list[IntArray]] = {}
        self.levels: list[int] = []
        self._enqueue(sources)

    def _enqueue(self, nodes: IntArray) -> None:
        nodes = distinct(nodes)
        nodes = nodes[~self.queued[nodes]]
        if len(nodes) == 0:
            return
        self.queued[nodes] = True
        lv = self.p.level[nodes]
        order = np.argsort(lv, kind="stable")
        values, counts = distinct_counts(lv)
        parts = np.split(nodes[order], np.cumsum(counts)[:-1])
        for level, part in zip(values.tolist(), parts, strict=True):
            if level not in self.buckets:
                self.buckets[level] = []
                heapq.heappush(self.levels, level)
            self.buckets[level].append(part)

    def run(self) -> tuple[IntArray, Bits]:
        g, p = self.p.graph, self.p
        while self.levels:
            level = heapq.heappop(self.levels)
            work = distinct(np.concatenate(self.buckets.pop(level)))
            while len(work):
                changed = np.concatenate([self._update(batch) for batch in self._batches(work)])
                owners = g.owner[g.uses[ranges(g.use_ptr, changed)]]
                same = p.level[owners] == level
                # Only a node on a cycle can need a member on its own level.
                work = distinct(owners[same])
                self._enqueue(owners[~same])
        nodes = np.flatnonzero(self.slot)
        return nodes, self.rows[self.slot[nodes]]

    def _batches(self, nodes: IntArray) -> list[IntArray]:
        """Split ``nodes`` so that no batch gathers more than GATHER_BYTES of rows."""
        per_row = self.w * 8
        cum = np.cumsum(self.p.slots[nodes] + 1)
        per_batch = max(1, GATHER_BYTES // per_row)
        if cum[-1] <= per_batch:
            return [nodes]
        cuts = np.searchsorted(cum, np.arange(per_batch, int(cum[-1]), per_batch))
        return [b for b in np.split(nodes, distinct(cuts)) if len(b)]

    def _update(self, nodes: IntArray) -> IntArray:
        """Evaluate the rows of ``nodes``; store and return those that changed."""
        new = self._evaluate(nodes)
        bit = self.bit[nodes]
        src = np.flatnonzero(bit >= 0)
        new[src, bit[src] // 64] |= np.left_shift(np.uint64(1), (bit[src] % 64).astype(np.uint64))
        old = self.rows[self.slot[nodes]]
        new |= old
        changed = np.flatnonzero((new != old).any(axis=1))
        out = nodes[changed]
        fresh = out[self.slot[out] == 0]
        self.slot[fresh] = np.arange(self.used, self.used + len(fresh))
        self.used += len(fresh)
        self.rows[self.slot[out]] = new[changed]
        return out

    def _evaluate(self, nodes: IntArray) -> Bits:
        """``⋃_r at_least(k_r, F[members of r])`` for every node, from the stored rows.

        Only members with a row count: a requirement with fewer than ``k_r``
        of them cannot be lost by any source of the block, and an OR only
        needs the rows that are there.
        """
        g, p = self.p.graph, self.p
        out: Bits = np.zeros((len(nodes), self.w), dtype=np.uint64)
        reqs = g.own[ranges(g.own_ptr, nodes)]
        if len(reqs) == 0:
            return out
        which = np.repeat(np.arange(len(nodes)), g.own_ptr[nodes + 1] - g.own_ptr[nodes])
        k, size = p.k[reqs], g.size[reqs]
        slot = self.slot[g.members[ranges(g.member_ptr, reqs)]]
        starts = np.cumsum(size) - size
        reached = np.add.reduceat(slot != 0, starts)
        # Lost as soon as one member is down: OR over every member row there
        # is, straight into the owner.
        plain = np.repeat(k == 1, size) & (slot != 0)
        if plain.any():
            _or_into(out, np.repeat(which, size)[plain], self.rows[slot[plain]])
        # At least k of n members: an AND when k == n, else a counting network
        # per group size; only requirements with k members reached at all.
        for s_ in distinct(size[(k > 1) & (reached >= k)]).tolist():
            pick = (k > 1) & (reached >= k) & (size == s_)
            rows = self.rows[slot[np.repeat(pick, size)]].reshape(-1, s_, self.w)
            if (k[pick] == s_).all():
                lost = np.bitwise_and.reduce(rows, axis=1)
            else:
                lost = _at_least(k[pick], rows)
            _or_into(out, which[pick], lost)
        return out


def _or_into(out: Bits, index: IntArray, rows: Bits) -> None:
    """``out[index[i]] |= rows[i]`` for every i; ``index`` is nondecreasing."""
    first = np.flatnonzero(np.diff(index, prepend=-1))
    out[index[first]] |= np.bitwise_or.reduceat(rows, first, axis=0)


def set_bits(rows: Bits) -> tuple[IntArray, IntArray]:
    """Row and bit index of every set bit, in row-major order.

    Works on the nonzero words only, so the cost follows the number of set
    bits rather than the size of the matrix.

    Examples
    --------
    >>> r, b = set_bits(np.array([[5, 0], [0, 1]], dtype=np.uint64))
    >>> r.tolist(), b.tolist()
    ([0, 0, 1], [0, 2, 64])
    """
    w = rows.shape[1]
    nz = np.flatnonzero(rows)
    raw = rows.ravel()[nz].astype("<u8").view(np.uint8).reshape(-1, 8)
    bits = np.unpackbits(raw, axis=1, bitorder="little")
    word, offset = np.nonzero(bits)
    return nz[word] // w, (nz[word] % w) * 64 + offset


def _at_least(k: IntArray, rows: Bits) -> Bits:
    """Per requirement i, the bits set in at least ``k[i]`` of ``rows[i, :, :]``.

    ``reached[j]`` holds the bits seen in at least j + 1 of the members so far;
    each member can lift a bit by one count.
    """
    m, size, w = rows.shape
    top = int(k.max())
    reached = np.zeros((top, m, w), dtype=np.uint64)
    for i in range(size):
        row = rows[:, i, :]
        for j in range(min(top, i + 1) - 1, 0, -1):
            reached[j] |= reached[j - 1] & row
        reached[0] |= row
    out: Bits = reached[k - 1, np.arange(m)]
    return out
