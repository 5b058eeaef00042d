"""Criticality: what each node takes down when it fails.

Structural criticality (tolerances ignored, failure permanent) is computed for
all nodes at once. Row ``v`` of a bit matrix holds the set of nodes ``x`` with
``v`` in fails(x). The rows are filled from one compiled cascade per node
(:mod:`weerbaar.engine.closures`) or, without numba, block by block of
sources with the bit-parallel, level-vectorised propagation of
:mod:`weerbaar.engine.bitprop`. The matrix has n² bits, which suits maps up
to some 50,000 nodes; :mod:`weerbaar.scale.criticality` gives the counts and
single points of failure of much larger maps without storing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine import jit
from weerbaar.engine.bitprop import plan, propagate
from weerbaar.engine.bitrows import Bits, set_bits
from weerbaar.engine.graph import Graph, build_graph
from weerbaar.engine.simulate import SimulationResult, simulate
from weerbaar.model.riskmap import Failure, RiskMap

IntArray = npt.NDArray[np.int64]

#: Machine words per row in :func:`structural`: blocks of 64 sources. Wider
#: rows mean fewer rows but more zero words in each.
WIDTH = 1


@dataclass(frozen=True)
class Structural:
    """fails(x) for every node x, as a bit matrix.

    ``bits[v]`` is the packed set of sources x with v in fails(x) (x = v
    included). Use :meth:`fails`, :meth:`single_points` and
    :meth:`counts` rather than the bits.
    """

    graph: Graph
    bits: Bits

    def single_points(self, v: str) -> list[str]:
        """The x ≠ v whose permanent failure takes ``v`` down, sorted."""
        i = self.graph.index[v]
        _, xs = set_bits(self.bits[i : i + 1])
        return sorted(self.graph.ids[x] for x in xs.tolist() if x != i)

    def pairs(self, block: int = 4096) -> Iterator[tuple[IntArray, IntArray]]:
        """``(v, x)`` with v ∈ fails(x) and v ≠ x, a block of rows v at a time.

        The cost follows the number of pairs, not the size of the matrix.
        """
        n = self.graph.n
        for lo in range(0, n, block):
            vs, xs = set_bits(self.bits[lo : lo + block])
            vs += lo
            keep = vs != xs
            yield vs[keep], xs[keep]

    def counts(self, among: npt.NDArray[np.bool_] | None = None) -> IntArray:
        """For each x, how many other nodes (optionally: of ``among``) fail with it."""
        n = self.graph.n
        total = np.zeros(n, dtype=np.int64)
        for vs, xs in self.pairs():
            total += np.bincount(xs if among is None else xs[among[vs]], minlength=n)
        return total

    def fails(self) -> dict[str, list[str]]:
        """``{x: sorted fails(x) without x}`` for every node."""
        n = self.graph.n
        members: list[list[int]] = [[] for _ in range(n)]
        for vs, xs in self.pairs():
            for v, x in zip(vs.tolist(), xs.tolist(), strict=True):
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
    if jit.ENABLED:
        from weerbaar.engine.closures import matrix

        return Structural(g, matrix(g))
    size = 64 * WIDTH
    blocks = [np.arange(lo, min(n, lo + size)) for lo in range(0, n, size)]
    reached = propagate(plan(g), blocks, WIDTH)
    bits = np.zeros((n, max(1, len(blocks)) * WIDTH), dtype=np.uint64)
    bits[reached.node[:, None], reached.block[:, None] * WIDTH + np.arange(WIDTH)] = reached.rows
    return Structural(g, bits[:, : (n + 63) // 64 or 1])


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
