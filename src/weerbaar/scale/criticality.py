"""Structural criticality of regional and national maps, without the n × n matrix.

:func:`weerbaar.engine.structural` keeps fails(x) of every node as an n × n
bit matrix: 125 GB for a million nodes. The questions asked of a large map
are smaller: for each node, how many nodes and how many vital processes its
failure takes down, and for each vital process its single points of failure.
:func:`criticality` answers exactly those, with one compiled cascade per
node (:mod:`weerbaar.engine.closures`), keeping only counts and the single
points of vital processes.

Without numba (:mod:`weerbaar.engine.jit`) it sweeps the sources through the
bit-parallel propagation of :mod:`weerbaar.engine.bitprop` instead, a group
of blocks at a time. Two shortcuts keep that work down: a node no
requirement names takes nothing down with it, so it is never a source; and a
group holds as many blocks as fit a memory budget, judged from the rows the
previous groups needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from weerbaar.engine import jit
from weerbaar.engine.bitprop import plan, propagate
from weerbaar.engine.graph import Graph, build_graph
from weerbaar.model.riskmap import RiskMap

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Machine words per row: blocks of 64 sources. Narrow rows waste the fewest
#: zero words; on generated maps they were fastest from 2·10^4 to 10^6 nodes.
WIDTH = 1
#: Memory the rows of one group of blocks may take.
BUDGET_BYTES = 1 << 29


@dataclass(frozen=True)
class Criticality:
    """What each node's permanent failure takes down, in counts.

    ``down[x]`` and ``vital_down[x]`` count the nodes, and the vital nodes,
    in fails(x) (x itself not counted). The single points of failure of the
    i-th vital node (in index order, ``np.flatnonzero(vital)[i]``) are
    ``spof[spof_ptr[i]:spof_ptr[i + 1]]``, in no particular order.
    """

    graph: Graph
    vital: BoolArray
    down: IntArray
    vital_down: IntArray
    spof_ptr: IntArray
    spof: IntArray

    def single_points(self, v: str) -> list[str]:
        """The x ≠ v whose permanent failure takes the vital node ``v`` down, sorted by id."""
        i = self.graph.index[v]
        if not self.vital[i]:
            raise KeyError(f"{v!r} is not a vital node")
        rank = int(self._rank[i])
        points = self.spof[self.spof_ptr[rank] : self.spof_ptr[rank + 1]]
        return sorted(self.graph.ids[x] for x in points.tolist())

    @cached_property
    def _rank(self) -> IntArray:
        # Position of each vital node among the vital nodes.
        rank: IntArray = np.cumsum(self.vital) - 1
        return rank


def vital_mask(m: RiskMap) -> BoolArray:
    """Which nodes are vital (``vital: true``), in node order."""
    return np.array([n.vital for n in m.nodes], dtype=bool)


def criticality(
    m: RiskMap | Graph,
    vital: BoolArray | None = None,
    *,
    width: int = WIDTH,
    budget: int = BUDGET_BYTES,
    progress: Callable[[int, int], None] | None = None,
    threads: int = 1,
) -> Criticality:
    """Counts and single points of failure of every node of a large map.

    Parameters
    ----------
    m : RiskMap or Graph
        The map.
    vital : bool array, optional
        Which nodes count as vital; default the map's nodes marked vital
        (needs the RiskMap).
    width : int
        Machine words per row; a block holds ``64 * width`` sources.
    budget : int
        Bytes the rows of one group of blocks may take.
    progress : callable, optional
        Called with (sources done, sources in all) after every group.
    threads : int
        Threads for the compiled cascades (default one). Several help only
        where cores are idle: on a shared machine two threads took longer
        than one (``bench/speed.py``).

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
    ...   - {id: proc, kind: process, vital: true, requires: [app, power]}
    ... ''')
    >>> c = criticality(m)
    >>> c.down.tolist(), c.vital_down.tolist(), c.single_points("proc")
    ([2, 0, 0, 1, 0], [1, 0, 0, 1, 0], ['app', 'power'])
    """
    if isinstance(m, RiskMap):
        g = build_graph(m)
        vital = vital_mask(m) if vital is None else vital
    else:
        g = m
        if vital is None:
            raise ValueError("a Graph needs the vital mask")
    vital = np.asarray(vital, dtype=bool)
    if jit.ENABLED:
        return _compiled(g, vital, progress, threads)
    n = g.n
    prepared = plan(g)
    # A node that no requirement names takes nothing down with it.
    sources = np.flatnonzero(np.diff(g.use_ptr) > 0)
    size = 64 * width
    blocks = [sources[lo : lo + size] for lo in range(0, len(sources), size)]
    down = np.zeros(n, dtype=np.int64)
    vital_down = np.zeros(n, dtype=np.int64)
    hits: list[tuple[IntArray, IntArray]] = []
    # Rows per block: a guess of four per source for the first group, then the
    # most any group needed so far.
    per_block = 4.0 * size
    done = i = 0
    while i < len(blocks):
        # A row costs its words plus two int64 of book-keeping.
        group = blocks[i : i + max(1, int(budget / ((width + 2) * 8 * per_block)))]
        reached = propagate(prepared, group, width)
        per_block = max(per_block, len(reached.node) / len(group))
        for v, x in reached.pairs(group):
            down += np.bincount(x, minlength=n)
            hit = vital[v]
            v, x = v[hit], x[hit]
            vital_down += np.bincount(x, minlength=n)
            other = v != x
            hits.append((v[other], x[other]))
        i += len(group)
        done += sum(len(b) for b in group)
        if progress is not None:
            progress(done, len(sources))
    # Every source's own row holds its own bit: it was counted once too often.
    down[sources] -= 1
    vital_down[sources] -= vital[sources]
    spof_ptr, spof = _single_points(vital, hits)
    return Criticality(g, vital, down, vital_down, spof_ptr, spof)


def _compiled(
    g: Graph,
    vital: BoolArray,
    progress: Callable[[int, int], None] | None,
    threads: int,
) -> Criticality:
    """:func:`criticality` by one compiled cascade per node, in parts for the progress."""
    from weerbaar.engine import closures

    todo = closures.sources(g)
    walk = closures.layout(g)
    # Each pair names its vital node by rank: the single points group by it.
    rank = np.cumsum(vital) - 1
    # The cascades of the last sources (national and supplier layers) are the
    # largest: parts in plenty keep every thread busy to the end.
    count = 1 if threads <= 1 else 16 * threads
    parts = np.array_split(todo, max(count, 20) if progress is not None else count)
    # Every part writes the counts of its own sources only, so the parts
    # share these two arrays, also on threads.
    down = np.zeros(g.n, dtype=np.int64)
    vital_down = np.zeros(g.n, dtype=np.int64)

    def part(nodes: IntArray) -> tuple[IntArray, IntArray]:
        return closures.run(walk, nodes, vital, vital, rank, down, vital_down)

    if threads > 1:
        # The kernel releases the GIL: the threads run at once.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            pieces = _collect(pool.map(part, parts), parts, progress, len(todo))
    else:
        pieces = _collect(map(part, parts), parts, progress, len(todo))
    if len(pieces) == 1:
        pair_ptr, pair_v = pieces[0]
    else:
        sizes = np.concatenate([np.diff(p) for p, _ in pieces])
        pair_ptr = np.zeros(len(todo) + 1, dtype=np.int64)
        np.cumsum(sizes, out=pair_ptr[1:])
        pair_v = np.concatenate([v for _, v in pieces])
    spof_ptr, spof = closures.transpose(pair_ptr, pair_v, todo, int(vital.sum()))
    return Criticality(g, vital, down, vital_down, spof_ptr, spof)


def _collect(
    results: Iterator[tuple[IntArray, IntArray]],
    parts: list[IntArray],
    progress: Callable[[int, int], None] | None,
    total: int,
) -> list[tuple[IntArray, IntArray]]:
    """The parts' pairs in order, with the progress after each."""
    out = []
    done = 0
    for nodes, result in zip(parts, results, strict=True):
        out.append(result)
        done += len(nodes)
        if progress is not None:
            progress(done, total)
    return out


def _single_points(
    vital: BoolArray, hits: list[tuple[IntArray, IntArray]]
) -> tuple[IntArray, IntArray]:
    """CSR of x per vital node from the (vital node, x) pairs of all groups."""
    rank = np.cumsum(vital) - 1
    v = np.concatenate([h[0] for h in hits]) if hits else np.zeros(0, dtype=np.int64)
    x = np.concatenate([h[1] for h in hits]) if hits else np.zeros(0, dtype=np.int64)
    ranked = rank[v]
    ptr = np.zeros(int(vital.sum()) + 1, dtype=np.int64)
    np.cumsum(np.bincount(ranked, minlength=len(ptr) - 1), out=ptr[1:])
    return ptr, x[np.argsort(ranked, kind="stable")]
