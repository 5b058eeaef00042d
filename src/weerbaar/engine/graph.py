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

    def component_order(self) -> tuple[list[IntArray], IntArray]:
        """Components so that every component comes after all it depends on.

        Returns the node indices of each component in that order, and the
        component label of every node.
        """
        count, labels = self.components()
        src = labels[np.repeat(self.owner, self.size)]
        dst = labels[self.members]
        cross = src != dst
        # A dependant component waits for every component it depends on (Kahn).
        cond = csr_matrix(
            (np.ones(int(cross.sum()), dtype=np.int8), (dst[cross], src[cross])),
            shape=(count, count),
        )
        cond.sum_duplicates()
        cond.data[:] = 1
        indegree = np.asarray(cond.sum(axis=0)).ravel().astype(np.int64)
        queue = list(np.flatnonzero(indegree == 0))
        order: list[int] = []
        while queue:
            c = queue.pop()
            order.append(int(c))
            for d in cond.indices[cond.indptr[c] : cond.indptr[c + 1]]:
                indegree[d] -= 1
                if indegree[d] == 0:
                    queue.append(d)
        by_label = np.argsort(labels, kind="stable")
        bounds = np.searchsorted(labels[by_label], np.arange(count + 1))
        return [by_label[bounds[c] : bounds[c + 1]] for c in order], labels


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
    owner_a = np.asarray(owner, dtype=np.int64)
    size_a = np.asarray(size, dtype=np.int64)
    members_a = np.asarray(members, dtype=np.int64)
    member_ptr = np.zeros(len(owner) + 1, dtype=np.int64)
    np.cumsum(size_a, out=member_ptr[1:])
    # For each member slot, the requirement it belongs to; grouped by member.
    slot_req = np.repeat(np.arange(len(owner), dtype=np.int64), size_a)
    use_ptr, use_order = _csr(members_a, len(ids))
    own_ptr, own = _csr(owner_a, len(ids))
    return Graph(
        ids=ids,
        index=index,
        restart=np.asarray([n.restart for n in m.nodes], dtype=np.float64),
        owner=owner_a,
        need=np.asarray(need, dtype=np.int64),
        size=size_a,
        tolerance=np.asarray(tolerance, dtype=np.float64),
        member_ptr=member_ptr,
        members=members_a,
        use_ptr=use_ptr,
        uses=slot_req[use_order],
        own_ptr=own_ptr,
        own=own,
    )
