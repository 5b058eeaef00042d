"""The map as arrays: node indices inside, ids at the edges.

Every engine algorithm works on a :class:`Graph`; building it once per map
keeps string handling out of the inner loops.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from weerbaar.model.riskmap import RiskMap

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Graph:
    """Requirements in compressed sparse row form.

    Requirement ``r`` belongs to node ``owner[r]``; its members are
    ``members[member_ptr[r]:member_ptr[r + 1]]``. It is unmet when more than
    ``slack[r] = size - need`` of them are down. ``uses[use_ptr[u]:use_ptr[u + 1]]``
    are the requirements that have node ``u`` as a member, and
    ``own[own_ptr[v]:own_ptr[v + 1]]`` the requirements of node ``v``.
    """

    ids: tuple[str, ...]
    index: dict[str, int]
    restart: FloatArray
    owner: IntArray
    need: IntArray
    size: IntArray
    tolerance: FloatArray
    member_ptr: IntArray
    members: IntArray
    use_ptr: IntArray
    uses: IntArray
    own_ptr: IntArray
    own: IntArray

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def slack(self) -> IntArray:
        return self.size - self.need

    def dependency_matrix(self) -> csr_matrix:
        """Sparse matrix with a 1 at (v, u) when v has a requirement on u."""
        rows = np.repeat(self.owner, self.size)
        data = np.ones(len(self.members), dtype=np.int8)
        return csr_matrix((data, (rows, self.members)), shape=(self.n, self.n))

    def components(self) -> tuple[int, IntArray]:
        """Strongly connected components of the dependency graph."""
        count, labels = connected_components(
            self.dependency_matrix(), directed=True, connection="strong"
        )
        return int(count), labels.astype(np.int64)

    def levels(self) -> Levels:
        """Dependency levels of the condensation: what a node needs sits lower.

        A node whose component needs no other component is on level 0; any
        other node is one level above the highest component it needs. Nodes of
        one strongly connected component share a level, so a requirement
        between two nodes of one level lies on a cycle.

        Examples
        --------
        >>> from weerbaar.model import parse_map
        >>> m = parse_map(
        ...     "weerbaar: 1\\nnodes: [{id: a}, {id: b, requires: [a, c]},"
        ...     " {id: c, requires: [b]}, {id: d, requires: [c]}]"
        ... )
        >>> lv = build_graph(m).levels()
        >>> lv.level.tolist(), lv.cyclic.tolist(), lv.depth
        ([0, 1, 1, 2], [False, True, True, False], 3)
        """
        slot_owner = np.repeat(self.owner, self.size)
        labels, level, depth = condensation_levels(self.n, slot_owner, self.members)
        cyclic = np.bincount(labels, minlength=len(level))[labels] > 1
        cyclic[slot_owner[slot_owner == self.members]] = True
        return Levels(level=level[labels], cyclic=cyclic, depth=depth)


def condensation_levels(
    n: int, slot_owner: IntArray, members: IntArray
) -> tuple[IntArray, IntArray, int]:
    """Strong components of "``slot_owner[i]`` needs ``members[i]``" and their levels.

    Returns the component of every node, the level of every component (0
    when it needs no other component, else one more than the highest one it
    needs) and the number of levels. Kahn's algorithm one level at a time,
    vectorised over the frontier: as many numpy rounds as the longest chain
    of components is long.

    Examples
    --------
    >>> labels, level, depth = condensation_levels(3, np.array([1, 2]), np.array([0, 1]))
    >>> level[labels].tolist(), depth
    ([0, 1, 2], 3)
    """
    deps = csr_matrix((np.ones(len(members), dtype=np.int8), (slot_owner, members)), shape=(n, n))
    count, found = connected_components(deps, directed=True, connection="strong")
    labels = found.astype(np.int64)
    src, dst = labels[slot_owner], labels[members]
    cross = src != dst
    # Each pair (needed component, needing component) once: a component waits
    # for one decrement per component it needs.
    pairs = np.unique(np.stack([dst[cross], src[cross]], axis=1), axis=0).reshape(-1, 2)
    dependant = pairs[np.argsort(pairs[:, 0], kind="stable"), 1]
    dep_ptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs[:, 0], minlength=count), out=dep_ptr[1:])
    waiting = np.bincount(pairs[:, 1], minlength=count)
    level = np.zeros(count, dtype=np.int64)
    frontier = np.flatnonzero(waiting == 0)
    depth = 0
    while len(frontier):
        level[frontier] = depth
        depth += 1
        nxt = dependant[ranges(dep_ptr, frontier)]
        waiting -= np.bincount(nxt, minlength=count)
        frontier = np.unique(nxt[waiting[nxt] == 0])
    return labels, level, depth


@dataclass(frozen=True)
class Levels:
    """Per node its dependency level and whether it lies on a cycle; ``depth`` levels."""

    level: IntArray
    cyclic: npt.NDArray[np.bool_]
    depth: int


def ranges(ptr: IntArray, rows: IntArray) -> IntArray:
    """The positions ``ptr[i]:ptr[i + 1]`` for every ``i`` in ``rows``, concatenated.

    Examples
    --------
    >>> ranges(np.array([0, 2, 2, 5]), np.array([2, 0, 1])).tolist()
    [2, 3, 4, 0, 1]
    """
    return spans(ptr[rows], ptr[rows + 1] - ptr[rows])


def spans(starts: IntArray, lengths: IntArray) -> IntArray:
    """``starts[i] : starts[i] + lengths[i]`` for every ``i``, concatenated.

    Examples
    --------
    >>> spans(np.array([7, 0]), np.array([2, 3])).tolist()
    [7, 8, 0, 1, 2]
    """
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    # Each output position is its span's start plus its offset inside the span.
    offsets = np.cumsum(lengths) - lengths
    out: IntArray = np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)
    return out


def distinct(a: IntArray, *, is_sorted: bool = False) -> IntArray:
    """The sorted distinct values of an index array (``is_sorted``: it already is).

    ``np.unique`` without counts takes a hash-based path in numpy 2 that is
    an order of magnitude slower than sorting on large index arrays.

    Examples
    --------
    >>> distinct(np.array([3, 1, 3, 0])).tolist()
    [0, 1, 3]
    """
    return distinct_counts(a, is_sorted=is_sorted)[0]


def distinct_counts(a: IntArray, *, is_sorted: bool = False) -> tuple[IntArray, IntArray]:
    """The sorted distinct values of an index array and how often each occurs.

    Examples
    --------
    >>> [x.tolist() for x in distinct_counts(np.array([3, 1, 3, 0]))]
    [[0, 1, 3], [1, 1, 2]]
    """
    b = a if is_sorted else np.sort(a)
    if len(b) == 0:
        return b, np.zeros(0, dtype=np.int64)
    first = np.empty(len(b), dtype=bool)
    first[0] = True
    np.not_equal(b[1:], b[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(b)))
    return b[starts], counts


def _csr(keys: IntArray, n: int) -> tuple[IntArray, IntArray]:
    order = np.argsort(keys, kind="stable").astype(np.int64)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr, order


def build_graph(m: RiskMap) -> Graph:
    """Compile a validated map into a :class:`Graph`.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> g = build_graph(parse_map("weerbaar: 1\\nnodes: [{id: a}, {id: b, requires: [a]}]"))
    >>> g.ids, g.owner.tolist(), g.members.tolist()
    (('a', 'b'), [1], [0])
    """
    ids = tuple(n.id for n in m.nodes)
    index = {node_id: i for i, node_id in enumerate(ids)}
    owner: list[int] = []
    need: list[int] = []
    size: list[int] = []
    tolerance: list[float] = []
    members: list[int] = []
    for i, node in enumerate(m.nodes):
        for req in node.requires:
            owner.append(i)
            need.append(req.need)
            size.append(len(req.members))
            tolerance.append(req.tolerance)
            members.extend(index[u] for u in req.members)
    return graph_from_arrays(
        ids,
        restart=np.asarray([n.restart for n in m.nodes], dtype=np.float64),
        owner=np.asarray(owner, dtype=np.int64),
        need=np.asarray(need, dtype=np.int64),
        tolerance=np.asarray(tolerance, dtype=np.float64),
        size=np.asarray(size, dtype=np.int64),
        members=np.asarray(members, dtype=np.int64),
        index=index,
    )


def graph_from_arrays(
    ids: tuple[str, ...],
    *,
    restart: FloatArray,
    owner: IntArray,
    need: IntArray,
    tolerance: FloatArray,
    size: IntArray,
    members: IntArray,
    index: dict[str, int] | None = None,
) -> Graph:
    """A :class:`Graph` straight from arrays, for maps too large to hold as a RiskMap.

    Requirement ``r`` belongs to node ``owner[r]`` and has the next ``size[r]``
    entries of ``members``; requirements may come in any order. Times are in
    hours. Nothing is validated: the caller guarantees ``1 <= need <= size``
    and indices in range.

    Examples
    --------
    >>> g = graph_from_arrays(
    ...     ("a", "b", "c"),
    ...     restart=np.zeros(3),
    ...     owner=np.array([2]),
    ...     need=np.array([1]),
    ...     tolerance=np.array([0.0]),
    ...     size=np.array([2]),
    ...     members=np.array([0, 1]),
    ... )
    >>> g.slack.tolist(), g.uses.tolist(), g.use_ptr.tolist()
    ([1], [0, 0], [0, 1, 2, 2])
    """
    n = len(ids)
    member_ptr = np.zeros(len(owner) + 1, dtype=np.int64)
    np.cumsum(size, out=member_ptr[1:])
    # For each member slot, the requirement it belongs to; grouped by member.
    slot_req = np.repeat(np.arange(len(owner), dtype=np.int64), size)
    use_ptr, use_order = _csr(members, n)
    own_ptr, own = _csr(owner, n)
    return Graph(
        ids=ids,
        index={node_id: i for i, node_id in enumerate(ids)} if index is None else index,
        restart=restart,
        owner=owner,
        need=need,
        size=size,
        tolerance=tolerance,
        member_ptr=member_ptr,
        members=members,
        use_ptr=use_ptr,
        uses=slot_req[use_order],
        own_ptr=own_ptr,
        own=own,
    )
