"""What every node needs, what needs it, and what fails with it.

One pass over a map gives the facts the dependency graph, its side panel and
its text alternative all show, so the three never disagree. Pure: no Django.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from weerbaar.engine import Graph, build_graph, closure, structural
from weerbaar.model import NodeKind, Requirement, RiskMap
from weerbaar.scale.criticality import criticality as counted

#: Kinds from the top layer of the graph to the bottom: what a municipality
#: does sits above what it runs on.
LAYERS: tuple[NodeKind, ...] = (
    NodeKind.PROCESS,
    NodeKind.PEOPLE,
    NodeKind.SYSTEM,
    NodeKind.SERVICE,
    NodeKind.INFRASTRUCTURE,
)


@dataclass(frozen=True)
class Need:
    """One requirement seen from either end: ``node`` owns it."""

    node: str
    members: tuple[str, ...]
    need: int
    tolerance: float

    @property
    def group(self) -> bool:
        return len(self.members) > 1


@dataclass
class NodeFacts:
    id: str
    label: str
    kind: NodeKind
    party: str | None
    party_label: str
    vital: bool
    needs: list[Need] = field(default_factory=list)
    needed_by: list[Need] = field(default_factory=list)
    fails: list[str] = field(default_factory=list)
    spof_of: list[str] = field(default_factory=list)
    serves_vital: bool = False

    @property
    def spof(self) -> bool:
        return bool(self.spof_of)


@dataclass(frozen=True)
class Dependencies:
    """The facts of every node of one map, in map order."""

    nodes: dict[str, NodeFacts]
    parties: list[tuple[str, str]]
    #: The map's graph when the facts were counted without the n x n bit
    #: matrix: ``fails`` is then found one node at a time (:meth:`fails_of`).
    graph: Graph | None = None

    def label(self, node_id: str) -> str:
        return self.nodes[node_id].label

    def fails_of(self, node_id: str) -> list[str]:
        """What a permanent failure of ``node_id`` takes down (itself not counted)."""
        if self.graph is None:
            return self.nodes[node_id].fails
        return [v for v in closure(self.graph, [node_id]) if v != node_id]

    def near(self, node_id: str) -> list[str]:
        """What ``node_id`` needs and what needs it, directly."""
        f = self.nodes[node_id]
        return [u for need in f.needs for u in need.members] + [n.node for n in f.needed_by]

    def surroundings(self, centre: str, limit: int) -> tuple[list[str], bool]:
        """``centre`` and the nodes nearest to it, at most ``limit``; whether that is all.

        Breadth-first over both directions (what a node needs and what needs
        it), ring by ring, so that a drawing of part of a large map shows what
        is closest; the ids come back in map order.

        Examples
        --------
        >>> from weerbaar.model import parse_map
        >>> d = analyse(parse_map('''
        ... weerbaar: 1
        ... nodes:
        ...   - {id: power}
        ...   - {id: app, requires: [power]}
        ...   - {id: proc, kind: process, requires: [app]}
        ...   - {id: other}
        ... '''))
        >>> d.surroundings("app", 2), d.surroundings("app", 10)
        ((['power', 'app'], False), (['power', 'app', 'proc'], True))
        """
        seen = {centre}
        ring = [centre]
        complete = True
        while ring:
            following = []
            for node_id in ring:
                for other in self.near(node_id):
                    if other in seen:
                        continue
                    if len(seen) >= limit:
                        complete = False
                        break
                    seen.add(other)
                    following.append(other)
            ring = following
        return [n for n in self.nodes if n in seen], complete

    def to_graph(self, only: Collection[str] | None = None) -> dict[str, Any]:
        """Nodes and edges (member → owner) as the graph page's script reads them.

        ``only`` restricts both to those nodes: the part of a large map drawn.
        """
        keep = self.nodes.keys() if only is None else set(only)
        nodes = [
            {
                "id": f.id,
                "label": f.label,
                "kind": f.kind.value,
                "layer": LAYERS.index(f.kind),
                "party": f.party or "",
                "vital": f.vital,
                "spof": f.spof,
                "spof_of": f.spof_of,
                "serves_vital": f.serves_vital,
            }
            for f in self.nodes.values()
            if f.id in keep
        ]
        edges = []
        for f in self.nodes.values():
            if f.id not in keep:
                continue
            for i, need in enumerate(f.needs):
                for member in need.members:
                    if member not in keep:
                        continue
                    edges.append(
                        {
                            "id": f"{member}>{f.id}#{i}",
                            "source": member,
                            "target": f.id,
                            "need": need.need,
                            "size": len(need.members),
                            "tolerance": need.tolerance,
                        }
                    )
        return {"nodes": nodes, "edges": edges}


def _need(owner: str, req: Requirement) -> Need:
    return Need(owner, req.members, req.need, req.tolerance)


def analyse(m: RiskMap, exact: bool = True) -> Dependencies:
    """The dependency facts of ``m``.

    ``fails`` is what a permanent failure of the node takes down (structural
    criticality: tolerances ignored); ``spof_of`` the vital processes for
    which the node is a single point of failure; ``serves_vital`` whether a
    vital process depends on it, directly or not. ``exact=False`` (a map too
    large for the n x n bit matrix of the exact analysis) finds the single
    points of failure with the bounded-memory sweep and leaves ``fails`` to
    :meth:`Dependencies.fails_of`, one node at a time.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> d = analyse(parse_map('''
    ... weerbaar: 1
    ... nodes:
    ...   - {id: power}
    ...   - {id: app, requires: [power]}
    ...   - {id: proc, kind: process, vital: true, requires: [app]}
    ... '''))
    >>> d.nodes["power"].fails, d.nodes["power"].spof_of, d.nodes["app"].serves_vital
    (['app', 'proc'], ['proc'], True)
    """
    parties = {p.id: p.label for p in m.parties}
    nodes = {
        n.id: NodeFacts(
            id=n.id,
            label=n.label,
            kind=n.kind,
            party=n.party,
            party_label=parties.get(n.party, n.party) if n.party else "",
            vital=n.vital,
            needs=[_need(n.id, r) for r in n.requires],
        )
        for n in m.nodes
    }
    for f in nodes.values():
        for need in f.needs:
            for member in need.members:
                nodes[member].needed_by.append(need)
    graph = None
    if nodes and exact:
        s = structural(m)
        for x, down in s.fails().items():
            nodes[x].fails = down
        single_points = s.single_points
    elif nodes:
        graph = build_graph(m)
        vital = np.array([n.vital for n in m.nodes], dtype=bool)
        single_points = counted(graph, vital).single_points
    for v in m.vital_processes:
        for x in single_points(v.id):
            nodes[x].spof_of.append(v.id)
    _mark_upstream(nodes, [v.id for v in m.vital_processes])
    return Dependencies(nodes, sorted(parties.items(), key=lambda p: p[1].lower()), graph)


def _mark_upstream(nodes: dict[str, NodeFacts], roots: list[str]) -> None:
    work = deque(roots)
    while work:
        f = nodes[work.popleft()]
        if f.serves_vital:
            continue
        f.serves_vital = True
        work.extend(u for need in f.needs for u in need.members)
