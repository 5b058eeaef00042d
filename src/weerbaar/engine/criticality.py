"""Criticality: what each node takes down when it fails.

Structural criticality (tolerances ignored, failure permanent) is computed for
all nodes at once. Row ``v`` of a bit matrix holds the set of nodes ``x`` with
``v`` in fails(x). Those rows satisfy one equation per node::

    F[v] = {v}  ∪  ⋃ over requirements r of v of  at_least(k_r, F[members of r])

where ``k_r = |M| - need + 1`` and ``at_least(k, sets)`` is the set of
sources present in at least ``k`` of the member rows. Because each source
bit is independent, one pass solves the fixpoint for every source at once
(64 sources per machine word). Strongly connected components are solved in
dependency order, iterating to the least fixpoint only inside a component.
No node is simulated on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.graph import Graph, build_graph
from weerbaar.engine.simulate import SimulationResult, simulate
from weerbaar.model.riskmap import Failure, RiskMap

Bits = npt.NDArray[np.uint64]


def _at_least(k: int, rows: Bits) -> Bits:
    """Bits set in at least ``k`` of ``rows`` (a counting network over words)."""
    if k == 1:
        out: Bits = np.bitwise_or.reduce(rows, axis=0)
        return out
    if k == len(rows):
        out = np.bitwise_and.reduce(rows, axis=0)
        return out
    # reached[j] = bits seen in at least j + 1 rows so far.
    reached = np.zeros((k, rows.shape[1]), dtype=np.uint64)
    for i, row in enumerate(rows):
        for j in range(min(k, i + 1) - 1, 0, -1):
            reached[j] |= reached[j - 1] & row
        reached[0] |= row
    out = reached[k - 1]
    return out


@dataclass(frozen=True)
class Structural:
    """fails(x) for every node x, as a bit matrix.

    ``bits[v]`` is the packed set of sources x with v in fails(x) (x = v
    included). Use :meth:`fails`, :meth:`single_points` and
    :meth:`counts` rather than the bits.
    """

    graph: Graph
    bits: Bits

    def _unpacked_rows(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        raw = self.bits[rows].view(np.uint8)
        return np.unpackbits(raw, axis=1, bitorder="little")[:, : self.graph.n].astype(bool)

    def single_points(self, v: str) -> list[str]:
        """The x ≠ v whose permanent failure takes ``v`` down, sorted."""
        i = self.graph.index[v]
        row = self._unpacked_rows(np.array([i]))[0]
        row[i] = False
        return sorted(self.graph.ids[x] for x in np.flatnonzero(row))

    def _columns(self, block: int = 2048) -> Iterator[tuple[int, npt.NDArray[np.bool_]]]:
        # fails(x) is column x of the matrix; unpack a block of rows at a time
        # to keep memory bounded on large maps.
        n = self.graph.n
        for lo in range(0, n, block):
            rows = np.arange(lo, min(n, lo + block))
            yield lo, self._unpacked_rows(rows)

    def counts(self, among: npt.NDArray[np.bool_] | None = None) -> npt.NDArray[np.int64]:
        """For each x, how many other nodes (optionally: of ``among``) fail with it."""
        n = self.graph.n
        total = np.zeros(n, dtype=np.int64)
        for lo, block in self._columns():
            if among is not None:
                block = block & among[lo : lo + len(block), None]
            total += block.sum(axis=0)
        self_hit = np.ones(n, dtype=bool) if among is None else among
        return total - self_hit.astype(np.int64)

    def fails(self) -> dict[str, list[str]]:
        """``{x: sorted fails(x) without x}`` for every node."""
        n = self.graph.n
        members: list[list[int]] = [[] for _ in range(n)]
        for lo, block in self._columns():
            vs, xs = np.nonzero(block)
            for v, x in zip((vs + lo).tolist(), xs.tolist(), strict=True):
                if v != x:
                    members[x].append(v)
        ids = self.graph.ids
        return {ids[x]: sorted(ids[v] for v in members[x]) for x in range(n)}


def structural(m: RiskMap | Graph) -> Structural:
    """Structural criticality of every node at once.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... nodes:
    ...   - {id: power}
    ...   - {id: isp-a, requires: [power]}
    ...   - {id: isp-b}
    ...   - {id: app, requires: [{any: [isp-a, isp-b]}]}
    ...   - {id: proc, requires: [app, power]}
    ... ''')
    >>> s = structural(m)
    >>> s.fails()["power"]
    ['isp-a', 'proc']
    >>> s.single_points("proc")
    ['app', 'power']
    """
    g = build_graph(m) if isinstance(m, RiskMap) else m
    n = g.n
    words = max(1, (n + 63) // 64)
    bits = np.zeros((n, words), dtype=np.uint64)
    own_bit = np.zeros((n, words), dtype=np.uint64)
    idx = np.arange(n)
    own_bit[idx, idx // 64] = np.left_shift(np.uint64(1), (idx % 64).astype(np.uint64))
    bits[:] = own_bit
    k = (g.slack + 1).tolist()
    ptr = g.member_ptr.tolist()
    own_ptr = g.own_ptr.tolist()
    own = g.own.tolist()
    order, _ = g.component_order()
    for comp in order:
        changed = True
        cyclic = len(comp) > 1
        while changed:
            changed = False
            for v in comp.tolist():
                row = bits[v]
                new = row.copy()
                for r in own[own_ptr[v] : own_ptr[v + 1]]:
                    new |= _at_least(k[r], bits[g.members[ptr[r] : ptr[r + 1]]])
                if not np.array_equal(new, row):
                    bits[v] = new
                    changed = cyclic
    return Structural(g, bits)


def closure(m: RiskMap | Graph, seeds: list[str]) -> list[str]:
    """fails() of a set: everything down when all ``seeds`` fail permanently.

    The least set containing ``seeds`` closed under the rule of structural
    criticality, found with a worklist over per-requirement counters. Use it
    for a whole party or site failing at once; for all single nodes use
    :func:`structural`.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map("weerbaar: 1\\nnodes: [{id: a}, {id: b}, {id: c, requires: [{any: [a, b]}]}]")
    >>> closure(m, ["a"]), closure(m, ["a", "b"])
    (['a'], ['a', 'b', 'c'])
    """
    g = build_graph(m) if isinstance(m, RiskMap) else m
    slack = g.slack.tolist()
    owner = g.owner.tolist()
    uses = g.uses.tolist()
    use_ptr = g.use_ptr.tolist()
    count = [0] * len(slack)
    down = [False] * g.n
    work = [g.index[s] for s in seeds]
    while work:
        u = work.pop()
        if down[u]:
            continue
        down[u] = True
        for r in uses[use_ptr[u] : use_ptr[u + 1]]:
            count[r] += 1
            if count[r] > slack[r] and not down[owner[r]]:
                work.append(owner[r])
    return sorted(g.ids[v] for v in range(g.n) if down[v])


@dataclass(frozen=True)
class TimedImpact:
    """What the failure of one node for a given duration takes down."""

    node: str
    duration: float
    result: SimulationResult

    @property
    def down(self) -> list[str]:
        return sorted(v for v in self.result.down if v != self.node)


def time_aware(m: RiskMap, duration: float, horizon: float | None = None) -> Iterator[TimedImpact]:
    """Fail every node in turn on [0, duration), tolerances counted.

    Yields one :class:`TimedImpact` per node, in map order, so callers can
    show progress.
    """
    g = build_graph(m)
    h = m.horizon if horizon is None else horizon
    for node in m.nodes:
        yield TimedImpact(node.id, duration, simulate(g, [Failure(node.id, 0.0, duration)], h))
