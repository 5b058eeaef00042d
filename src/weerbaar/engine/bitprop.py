"""Bit-parallel propagation of permanent failure from many sources at once.

The sources are split into *blocks* of at most ``64 * width`` nodes. For node
v and block b, the row ``F[v, b]`` is a bitset of ``width`` machine words with
bit j set when v ∈ fails(b's j-th source) (the source itself included). The
rows satisfy, per node::

    F[v, b] = own(v, b)  ∪  ⋃ over requirements r of v of  at_least(k_r, F[members of r, b])

with ``k_r = size - need + 1`` (the members that must be down to lose r) and
``own(v, b)`` the bit of v when v is a source of block b. Each bit is
independent, so one evaluation serves ``64 * width`` sources.

Only nonzero rows exist: a node reached by two blocks has two rows, one
reached by none has none. So the work follows the union of the fails() of
each block's sources, not the size of the map, and all blocks go through the
map together, in one sweep over its dependency levels (see
:meth:`~weerbaar.engine.graph.Graph.levels`). Every member of a node's
requirements sits on a lower level or, on a cycle, on the same one. A level
costs a few numpy calls over all its nodes and blocks: gather the members'
rows, combine them per requirement (OR, AND, or a counting network for k of
n), OR per owner. Nodes on a cycle are evaluated again while a member on
their level changes; every step only adds bits, so this reaches the least
fixpoint.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.bitrows import Bits, count_at_least, or_by_key, or_rows, set_bits
from weerbaar.engine.graph import Graph, distinct, distinct_counts, ranges, spans

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Upper bound on the rows gathered at once, in bytes; it bounds the working
#: memory of a level on very large maps.
GATHER_BYTES = 128 * 2**20


@dataclass(frozen=True)
class Plan:
    """What propagation needs to know about a graph, computed once per graph.

    ``level`` and ``cyclic`` come from :meth:`Graph.levels`; ``k`` is per
    requirement the number of members that must be down to lose it. Three
    per-node lists in CSR form (``*_ptr`` ranges) serve the sweep:
    ``dependant``, the owners of requirements the node is a member of;
    ``plain``, the members of the node's requirements with ``k == 1`` (lost
    as soon as one member is down: an OR); ``group``, the node's other
    requirements.
    """

    graph: Graph
    level: IntArray
    cyclic: BoolArray
    k: IntArray
    dependant_ptr: IntArray
    dependant: IntArray
    plain_ptr: IntArray
    plain: IntArray
    group_ptr: IntArray
    group: IntArray


def plan(g: Graph) -> Plan:
    """Prepare ``g`` for :func:`propagate`."""
    levels = g.levels()
    k = g.slack + 1
    # Requirements in owner order (``own``), split by kind; a node's plain
    # members are then the member slots of its plain requirements.
    plain_req = g.own[k[g.own] == 1]
    group = g.own[k[g.own] > 1]
    plain_ptr = _ptr(np.bincount(g.owner[plain_req], weights=g.size[plain_req], minlength=g.n))
    group_ptr = _ptr(np.bincount(g.owner[group], minlength=g.n))
    return Plan(
        graph=g,
        level=levels.level,
        cyclic=levels.cyclic,
        k=k,
        dependant_ptr=g.use_ptr,
        dependant=g.owner[g.uses],
        plain_ptr=plain_ptr,
        plain=g.members[ranges(g.member_ptr, plain_req)],
        group_ptr=group_ptr,
        group=group,
    )


def _ptr(counts: npt.NDArray[np.float64] | IntArray) -> IntArray:
    ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts.astype(np.int64), out=ptr[1:])
    return ptr


@dataclass(frozen=True)
class Reached:
    """The nonzero rows of a propagation: row i is ``F[node[i], block[i]]``."""

    node: IntArray
    block: IntArray
    rows: Bits

    def pairs(
        self, sources: Sequence[IntArray], rows: int = 1 << 18
    ) -> Iterator[tuple[IntArray, IntArray]]:
        """``(v, x)`` for every v ∈ fails(x), x included, given the blocks' sources.

        Yields a chunk of ``rows`` rows at a time: the pairs of a national map
        run to tens of millions, and small chunks stay in the CPU's caches.
        """
        offset = np.cumsum([0, *(len(s) for s in sources)])
        flat = np.concatenate(list(sources)) if sources else np.zeros(0, dtype=np.int64)
        for lo in range(0, len(self.node), rows):
            row, bit = set_bits(self.rows[lo : lo + rows])
            row += lo
            yield self.node[row], flat[offset[self.block[row]] + bit]


def propagate(p: Plan, blocks: Sequence[IntArray], width: int) -> Reached:
    """Everything the failure of each source takes down, as bit rows per block.

    Parameters
    ----------
    p : Plan
        The prepared graph.
    blocks : sequence of int arrays
        Distinct source nodes, at most ``64 * width`` per block; bit j of a
        block's rows (bit ``j % 64`` of word ``j // 64``) stands for its j-th
        source.
    width : int
        Machine words per row.

    Examples
    --------
    >>> from weerbaar.engine.graph import build_graph
    >>> from weerbaar.model import parse_map
    >>> g = build_graph(parse_map(
    ...     "weerbaar: 1\\nnodes: [{id: a}, {id: b, requires: [a]}, {id: c, requires: [b]}]"
    ... ))
    >>> r = propagate(plan(g), [np.array([1, 0]), np.array([2])], width=1)
    >>> sorted(zip(r.node.tolist(), r.block.tolist(), r.rows[:, 0].tolist()))
    [(0, 0, 2), (1, 0, 3), (2, 0, 3), (2, 1, 1)]
    """
    return _Sweep(p, blocks, width).run()


class _Sweep:
    """One sweep over the levels; rows live in one buffer, in key order per level.

    A row's key is ``node * blocks + block``. The rows of a level are stored
    together, sorted by key, so the rows of node v are
    ``first[v] : first[v] + count[v]``.
    """

    def __init__(self, p: Plan, blocks: Sequence[IntArray], width: int) -> None:
        g = p.graph
        self.p, self.w, self.nb = p, width, max(1, len(blocks))
        sizes = [len(b) for b in blocks]
        if any(s > 64 * width for s in sizes):
            raise ValueError(f"a block has more than {64 * width} sources")
        src = np.concatenate(list(blocks)) if blocks else np.zeros(0, dtype=np.int64)
        self.src_at = np.full(g.n, -1, dtype=np.int64)
        self.src_at[src] = np.arange(len(src))
        self.src_block = np.repeat(np.arange(len(sizes)), sizes)
        self.src_bit = np.concatenate([np.arange(s) for s in sizes]) if sizes else src
        self.first = np.zeros(g.n, dtype=np.int64)
        self.count = np.zeros(g.n, dtype=np.int64)
        self.keys = np.zeros(1024, dtype=np.int64)
        self.block = np.zeros(1024, dtype=np.int64)
        self.rows: Bits = np.zeros((1024, width), dtype=np.uint64)
        self.used = 0
        self.queued = np.zeros(g.n, dtype=bool)
        self.seen = np.zeros(g.n, dtype=np.int64)
        self.buckets: dict[int, list[IntArray]] = {}
        self.levels: list[int] = []
        self._enqueue(src)

    # -- the store ---------------------------------------------------------------

    def _write(self, base: int, keys: IntArray, rows: Bits) -> None:
        """Make ``keys``/``rows`` the rows of the current level, from ``base`` on."""
        end = base + len(keys)
        if end > len(self.keys):
            cap = max(end, 2 * len(self.keys))
            self.keys = np.resize(self.keys, cap)
            self.block = np.resize(self.block, cap)
            grown: Bits = np.zeros((cap, self.w), dtype=np.uint64)
            grown[: self.used] = self.rows[: self.used]
            self.rows = grown
        self.keys[base:end] = keys
        self.block[base:end] = keys % self.nb
        self.rows[base:end] = rows
        self.used = end
        nodes, counts = distinct_counts(keys // self.nb, is_sorted=True)
        self.first[nodes] = base + np.cumsum(counts) - counts
        self.count[nodes] = counts

    def _enqueue(self, nodes: IntArray) -> None:
        nodes = nodes[~self.queued[nodes]]
        if len(nodes) == 0:
            return
        # Keep the first occurrence of each node, without sorting.
        self.seen[nodes] = np.arange(len(nodes))
        nodes = nodes[self.seen[nodes] == np.arange(len(nodes))]
        self.queued[nodes] = True
        lv = self.p.level[nodes]
        values, counts = distinct_counts(lv)
        parts = np.split(nodes[np.argsort(lv, kind="stable")], np.cumsum(counts)[:-1])
        for level, part in zip(values.tolist(), parts, strict=True):
            if level not in self.buckets:
                self.buckets[level] = []
                heapq.heappush(self.levels, level)
            self.buckets[level].append(part)

    # -- the sweep -----------------------------------------------------------------

    def run(self) -> Reached:
        p = self.p
        while self.levels:
            level = heapq.heappop(self.levels)
            base = self.used
            work = distinct(np.concatenate(self.buckets.pop(level)))
            while len(work):
                changed = self._round(base, work)
                deps = p.dependant[ranges(p.dependant_ptr, changed)]
                # Only a node on a cycle can need a member on its own level.
                work = distinct(deps[p.level[deps] == level])
            nodes = distinct(self.keys[base : self.used] // self.nb, is_sorted=True)
            deps = p.dependant[ranges(p.dependant_ptr, nodes)]
            self._enqueue(deps[p.level[deps] > level])
        keys = self.keys[: self.used]
        return Reached(keys // self.nb, self.block[: self.used], self.rows[: self.used])

    def _round(self, base: int, nodes: IntArray) -> IntArray:
        """Evaluate ``nodes`` (all on the current level) and merge; the nodes that changed."""
        keys, rows = self._evaluate(nodes)
        if self.used == base:  # the first evaluation of this level
            self._write(base, keys, rows)
            return distinct(keys // self.nb, is_sorted=True)
        old_keys, old_rows = self.keys[base : self.used], self.rows[base : self.used]
        mine = np.zeros(self.p.graph.n, dtype=bool)
        mine[nodes] = True
        was = mine[old_keys // self.nb]
        before_keys, before_rows = old_keys[was], old_rows[was]
        keys, rows = or_by_key(
            np.concatenate([before_keys, keys]), np.concatenate([before_rows, rows])
        )
        same = np.zeros(len(keys), dtype=bool)
        if len(before_keys):
            at = np.minimum(np.searchsorted(before_keys, keys), len(before_keys) - 1)
            same = (before_keys[at] == keys) & (before_rows[at] == rows).all(axis=1)
        changed = distinct(keys[~same] // self.nb, is_sorted=True)
        keys, rows = or_by_key(
            np.concatenate([old_keys[~was], keys]), np.concatenate([old_rows[~was], rows])
        )
        self._write(base, keys, rows)
        return changed

    def _evaluate(self, nodes: IntArray) -> tuple[IntArray, Bits]:
        """The rows of ``nodes`` from the stored rows, as sorted keys and nonzero rows."""
        g, p = self.p.graph, self.p
        member = p.plain[ranges(p.plain_ptr, nodes)]
        reqs = p.group[ranges(p.group_ptr, nodes)]
        slot = ranges(g.member_ptr, reqs)
        load = int(self.count[member].sum() + self.count[g.members[slot]].sum())
        if len(nodes) > 1 and load * self.w * 8 > GATHER_BYTES:
            # Too much to gather at once: halve. Keys follow node order, so
            # the two halves' keys concatenate in order.
            half = len(nodes) // 2
            (k1, r1), (k2, r2) = self._evaluate(nodes[:half]), self._evaluate(nodes[half:])
            return np.concatenate([k1, k2]), np.concatenate([r1, r2])
        parts = [self._plain(nodes, member), self._groups(nodes, reqs, slot), self._own(nodes)]
        parts = [part for part in parts if len(part[0])]
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.w), dtype=np.uint64)
        if len(parts) == 1 and len(reqs) == 0:
            return parts[0]  # already distinct and sorted
        # Several parts, or several groups of one owner: merge per key.
        return or_by_key(
            np.concatenate([k for k, _ in parts]), np.concatenate([r for _, r in parts])
        )

    def _plain(self, nodes: IntArray, member: IntArray) -> tuple[IntArray, Bits]:
        """Requirements lost as soon as one member is down: OR every member row."""
        p, nb = self.p, self.nb
        per_member = self.count[member]
        row = spans(self.first[member], per_member)
        if len(row) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.w), dtype=np.uint64)
        owner = np.repeat(nodes * nb, _lengths(p.plain_ptr, nodes))
        return or_rows(np.repeat(owner, per_member) + self.block[row], row, self.rows)

    def _groups(self, nodes: IntArray, reqs: IntArray, slot: IntArray) -> tuple[IntArray, Bits]:
        """k of n with k > 1: per (requirement, block), only when k members have a row."""
        g, p, nb = self.p.graph, self.p, self.nb
        if len(reqs) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.w), dtype=np.uint64)
        size = g.size[reqs]
        per_slot = self.count[g.members[slot]]
        row = spans(self.first[g.members[slot]], per_slot)
        which = np.repeat(np.repeat(np.arange(len(reqs)), size), per_slot)
        pos = np.repeat(slot - np.repeat(g.member_ptr[reqs], size), per_slot)
        key, out = self._at_least(which * nb + self.block[row], pos, row, p.k[reqs], size)
        owner = np.repeat(nodes, _lengths(p.group_ptr, nodes))
        nonzero = out.any(axis=1)
        return owner[key[nonzero] // nb] * nb + key[nonzero] % nb, out[nonzero]

    def _own(self, nodes: IntArray) -> tuple[IntArray, Bits]:
        """The sources among ``nodes``: their own bit."""
        src = nodes[self.src_at[nodes] >= 0]
        j = self.src_at[src]
        own: Bits = np.zeros((len(src), self.w), dtype=np.uint64)
        bit = self.src_bit[j]
        own[np.arange(len(src)), bit // 64] = np.left_shift(
            np.uint64(1), (bit % 64).astype(np.uint64)
        )
        return src * self.nb + self.src_block[j], own

    def _at_least(
        self, group: IntArray, pos: IntArray, row: IntArray, k: IntArray, size: IntArray
    ) -> tuple[IntArray, Bits]:
        """For entries keyed ``req * blocks + block``: the rows lost per key.

        ``k`` and ``size`` are indexed by the requirement part of the key.
        """
        nb = self.nb
        order = np.argsort(group, kind="stable")
        group, pos, row = group[order], pos[order], row[order]
        keys, counts = distinct_counts(group, is_sorted=True)
        req = keys // nb
        need = k[req]
        if (need == size[req]).all():
            # Every group needs all its members down (an "any of" with need
            # 1): an AND over the entries of each key, kept where all are there.
            starts = np.cumsum(counts) - counts
            full = counts == need
            lost: Bits = np.bitwise_and.reduceat(self.rows[row], starts, axis=0)
            return keys[full], lost[full]
        enough = counts >= need
        which = np.repeat(np.arange(len(keys)), counts)
        out_keys: list[IntArray] = []
        out_rows: list[Bits] = []
        for s in distinct(size[req[enough]]).tolist():
            pick = enough & (size[req] == s)
            local = np.full(len(keys), -1, dtype=np.int64)
            local[pick] = np.arange(int(pick.sum()))
            take = local[which] >= 0
            dense: Bits = np.zeros((int(pick.sum()), s, self.w), dtype=np.uint64)
            dense[local[which[take]], pos[take]] = self.rows[row[take]]
            out_keys.append(keys[pick])
            out_rows.append(count_at_least(k[req[pick]], dense))
        if not out_keys:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.w), dtype=np.uint64)
        return np.concatenate(out_keys), np.concatenate(out_rows)


def _lengths(ptr: IntArray, rows: IntArray) -> IntArray:
    out: IntArray = ptr[rows + 1] - ptr[rows]
    return out
