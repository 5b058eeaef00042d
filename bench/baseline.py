"""The straightforward structural criticality the fast path is measured against.

One cascade per node, in plain Python over a networkx graph: a work queue of
failed nodes and a counter per requirement of how many of its members are
down. This is what issue 4 calls "a straightforward per-node cascade"; it
lives in ``bench/`` only.
"""

from __future__ import annotations

from collections import deque

import networkx as nx
import numpy as np
import numpy.typing as npt

from weerbaar.engine import Graph


def dependants_graph(g: Graph) -> nx.DiGraph:
    """Member -> requirement -> owner; requirement r is the vertex ``n + r``.

    Integer vertices hash faster than tuples: the baseline is written to be
    straightforward, not slow.
    """
    d = nx.DiGraph()
    d.add_nodes_from(range(g.n))
    slack = g.slack.tolist()
    n = g.n
    for r, (owner, lo, hi) in enumerate(
        zip(g.owner.tolist(), g.member_ptr[:-1].tolist(), g.member_ptr[1:].tolist(), strict=True)
    ):
        d.add_node(n + r, slack=slack[r])
        d.add_edge(n + r, owner)
        d.add_edges_from((u, n + r) for u in g.members[lo:hi].tolist())
    return d


def cascades(
    d: nx.DiGraph, n: int, vital: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], dict[int, list[int]]]:
    """One cascade per node: what :func:`weerbaar.scale.criticality.criticality` computes.

    Returns per node x how many other nodes and how many vital ones its
    failure takes down, and per vital node its single points of failure.
    """
    slack = nx.get_node_attributes(d, "slack")
    is_vital = vital.tolist()
    nodes_down = np.zeros(n, dtype=np.int64)
    vital_down = np.zeros(n, dtype=np.int64)
    single_points: dict[int, list[int]] = {v: [] for v in range(n) if is_vital[v]}
    for x in range(n):
        down = {x}
        count: dict[int, int] = {}
        queue = deque([x])
        while queue:
            u = queue.popleft()
            for r in d.successors(u):
                c = count.get(r, 0) + 1
                count[r] = c
                if c == slack[r] + 1:
                    for owner in d.successors(r):
                        if owner not in down:
                            down.add(owner)
                            queue.append(owner)
        down.discard(x)
        nodes_down[x] = len(down)
        for v in down:
            if is_vital[v]:
                vital_down[x] += 1
                single_points[v].append(x)
    return nodes_down, vital_down, single_points
