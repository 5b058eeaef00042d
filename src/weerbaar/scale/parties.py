"""Which party's failure hits the most vital processes in the most municipalities.

For every party P, everything it runs fails permanently at once; what goes
down is :func:`weerbaar.engine.closure` of P's nodes (structural: tolerances
ignored, as they only delay a permanent loss). The report counts the vital
processes in that closure and the distinct municipalities they belong to.

All parties are computed in one pass, bit-parallel: bit ``p`` of row ``v``
says that ``v`` is down when party ``p`` fails. Rows only grow, so the least
fixpoint is reached by re-evaluating, round after round, just the
requirements whose members changed in the round before (semi-naive
evaluation), each round vectorised over all those requirements at once.

The municipality of a vital process is, in this order: its ``gemeente`` key
(set by the generator and by :func:`weerbaar.scale.regional.merge_maps`), or
its party when that party is of kind ``gemeente``; otherwise it has none
(regional chain partners such as a hospital) and counts as a process but not
as a municipality.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.bitrows import count_at_least
from weerbaar.engine.graph import Graph, build_graph, distinct, ranges
from weerbaar.model.riskmap import Node, PartyKind, RiskMap

Bits = npt.NDArray[np.uint64]
IntArray = npt.NDArray[np.int64]

#: The extra key naming the municipality a node belongs to.
MUNICIPALITY_KEY = "gemeente"


@dataclass(frozen=True)
class PartyImpact:
    """What goes down when every node of one party fails for good."""

    party: str
    name: str
    kind: PartyKind
    processes: tuple[str, ...]
    municipalities: tuple[str, ...]
    nodes: int

    def to_json(self) -> dict[str, object]:
        return {
            "party": self.party,
            "name": self.name,
            "kind": self.kind.value,
            "municipalities": list(self.municipalities),
            "processes": list(self.processes),
            "nodes": self.nodes,
        }


def _starts(lengths: IntArray) -> IntArray:
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return starts


def _at_least(g: Graph, reqs: IntArray, bits: Bits) -> Bits:
    """For each requirement, the sources present in more than ``slack`` of its members' rows."""
    size, slack = g.size[reqs], g.slack[reqs]
    rows = bits[g.members[ranges(g.member_ptr, reqs)]]
    starts = _starts(size)
    out = np.zeros((len(reqs), bits.shape[1]), dtype=np.uint64)
    # need == size (a plain requirement, an all-of group): one member down is enough.
    any_down = slack == 0
    if any_down.all():
        out[:] = np.bitwise_or.reduceat(rows, starts, axis=0)
        return out
    out[any_down] = np.bitwise_or.reduceat(rows, starts, axis=0)[any_down]
    all_down = (slack == size - 1) & ~any_down  # need 1: every member must be down
    out[all_down] = np.bitwise_and.reduceat(rows, starts, axis=0)[all_down]
    for i in np.flatnonzero(~any_down & ~all_down):
        # k-of-n in between (rare): the engine's counting network, one group.
        members = rows[starts[i] : starts[i] + size[i]]
        out[i] = count_at_least(slack[i : i + 1] + 1, members[None])[0]
    return out


def closures(g: Graph, group: IntArray, groups: int) -> Bits:
    """Closure of every group of nodes at once, as a bit matrix.

    ``group[v]`` is the group of node ``v`` (-1 for none). Returns ``bits``
    with bit ``p`` of ``bits[v]`` set when ``v`` is in the closure of group
    ``p``: down when every node of group ``p`` fails permanently.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... nodes:
    ...   - {id: a}
    ...   - {id: b}
    ...   - {id: c, requires: [{any: [a, b]}]}
    ... ''')
    >>> bits = closures(build_graph(m), np.array([0, 1, 1]), 2)
    >>> [int(row[0]) for row in bits]   # c falls with group 1 (a and b), not group 0
    [1, 2, 2]
    """
    n = g.n
    words = max(1, (groups + 63) // 64)
    bits = np.zeros((n, words), dtype=np.uint64)
    seeded = np.flatnonzero(group >= 0)
    p = group[seeded]
    bits[seeded, p // 64] = np.left_shift(np.uint64(1), (p % 64).astype(np.uint64))
    changed = seeded
    while len(changed):
        reqs = distinct(g.uses[ranges(g.use_ptr, changed)])
        if not len(reqs):
            break
        result = _at_least(g, reqs, bits)
        owners = g.owner[reqs]
        order = np.argsort(owners, kind="stable")
        owners, result = owners[order], result[order]
        heads = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        targets = owners[heads]
        new = bits[targets] | np.bitwise_or.reduceat(result, heads, axis=0)
        grew = (new != bits[targets]).any(axis=1)
        bits[targets] = new
        changed = targets[grew]
    return bits


def municipality_of(m: RiskMap) -> dict[str, str | None]:
    """The municipality of every node, by the rule in the module docstring."""
    kinds = {p.id: p.kind for p in m.parties}

    def one(node: Node) -> str | None:
        named = node.extra.get(MUNICIPALITY_KEY)
        if named:
            return str(named)
        if node.party is not None and kinds.get(node.party) == PartyKind.GEMEENTE:
            return node.party
        return None

    return {node.id: one(node) for node in m.nodes}


def party_impact(m: RiskMap) -> list[PartyImpact]:
    """Every party, ranked by the municipalities and then the vital processes its failure hits.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... parties: [{id: lev, name: Suite BV}, {id: ga, kind: gemeente}, {id: gb, kind: gemeente}]
    ... nodes:
    ...   - {id: suite, party: lev}
    ...   - {id: a-wmo, party: ga, vital: true, requires: [suite]}
    ...   - {id: b-wmo, party: gb, vital: true, requires: [suite]}
    ... ''')
    >>> [(r.party, len(r.municipalities), len(r.processes)) for r in party_impact(m)]
    [('lev', 2, 2), ('ga', 1, 1), ('gb', 1, 1)]
    """
    g = build_graph(m)
    index = {p.id: i for i, p in enumerate(m.parties)}
    group = np.array([index.get(node.party or "", -1) for node in m.nodes], dtype=np.int64)
    bits = closures(g, group, len(m.parties))
    parties = len(m.parties)
    down = np.zeros(parties, dtype=np.int64)
    for lo in range(0, g.n, 4096):
        down += _unpack(bits[lo : lo + 4096], parties).sum(axis=0)
    vital = np.array([i for i, node in enumerate(m.nodes) if node.vital], dtype=np.int64)
    hit = _unpack(bits[vital], parties)
    of = municipality_of(m)
    vital_ids = [m.nodes[i].id for i in vital]
    towns = [of[v] for v in vital_ids]
    out = []
    for p, party in enumerate(m.parties):
        rows = np.flatnonzero(hit[:, p]).tolist()
        out.append(
            PartyImpact(
                party.id,
                party.label,
                party.kind,
                tuple(sorted(vital_ids[i] for i in rows)),
                tuple(sorted({t for t in (towns[i] for i in rows) if t is not None})),
                int(down[p]),
            )
        )
    out.sort(key=lambda r: (-len(r.municipalities), -len(r.processes), -r.nodes, r.party))
    return out


def _unpack(rows: Bits, columns: int) -> npt.NDArray[np.bool_]:
    raw = np.ascontiguousarray(rows).view(np.uint8)
    out: npt.NDArray[np.bool_] = np.unpackbits(raw, axis=1, bitorder="little")[:, :columns] > 0
    return out
