"""Merge municipal maps into one regional map, recognising what they share.

Every map gets a prefix (given, or the slug of its name without "Gemeente":
``Gemeente Voorbeeld`` becomes ``voorbeeld``) and its node ids are prefixed
with it (``voorbeeld-uitkeringen``), except for what several maps share.

**Parties.** Two parties of different maps are one when their names are the
same after normalising (case, accents kept, dots and legal forms such as BV,
B.V., N.V. and V.O.F. dropped: "Hosting B.V." is "hosting BV"), or when they
have the same id and no conflicting name (one name is empty or both normalise
alike). A municipality's own party (kind ``gemeente``) is only ever matched
by name, so two maps that both call their own organisation ``gemeente`` keep
two parties. A merged party keeps the id of its first occurrence; parties
that want the same id but are different are each prefixed, except one that
several maps share.

**Nodes.** A node is shared, kept once and not prefixed, when it is marked
``shared: true``, or when several maps contain a node with its id run by the
same merged party, that party is not a municipality and the node is not a
vital process: both maps contain ``digid`` of party ``logius``. (A vital
process is each municipality's own concern, even when a chain partner runs
it; mark it ``shared: true`` to count it once.) Its requirements are the
union of those in each map, so a shared node fails when any map says it
does; model a local dependency (this municipality's mobile coverage for
NL-Alert) on a local node instead. Its other fields come from its first
occurrence. The same shared id with
different kinds (or, when marked shared, different parties) is a conflict.

**Municipalities.** A map without ``gemeente`` keys is one municipality:
each of its vital processes that is not shared gets ``gemeente: <prefix>``.
A map with such keys (a generated or an earlier merged map) spans several:
its values are prefixed (``a-g042``) and nodes without one keep none.

**Scenarios** with the same id and, after remapping, the same failures in
several maps are kept once; all others are prefixed. **Measures** are
prefixed, and the nodes and scenarios they name remapped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from weerbaar.model.dump import to_data
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.loader import from_data
from weerbaar.model.riskmap import (
    AddAlternative,
    AddNode,
    AddTolerance,
    Change,
    Measure,
    Node,
    PartyKind,
    RiskMap,
    Scenario,
    ScenarioDuration,
    SetLikelihood,
    SetRestart,
)
from weerbaar.scale.parties import MUNICIPALITY_KEY
from weerbaar.scale.regional_parties import located, merge_parties, prefixes_for

SHARED_KEY = "shared"


def _shared_ids(
    maps: Sequence[RiskMap], party_map: Sequence[dict[str, str]], kinds: dict[str, PartyKind]
) -> set[str]:
    """Ids of the nodes kept once, by the rule in the module docstring."""
    runs: Counter[tuple[str, str]] = Counter()
    for i, m in enumerate(maps):
        for node in m.nodes:
            party = party_map[i].get(node.party or "")
            # A vital process is each municipality's own concern, so it is
            # shared only when marked so.
            if party is not None and kinds[party] != PartyKind.GEMEENTE and not node.vital:
                runs[(node.id, party)] += 1
    marked = {n.id for m in maps for n in m.nodes if n.extra.get(SHARED_KEY) is True}
    return marked | {node_id for (node_id, _), count in runs.items() if count > 1}


def _check_shared(
    maps: Sequence[RiskMap], party_map: Sequence[dict[str, str]], shared: set[str]
) -> list[Problem]:
    first: dict[str, tuple[int, Node]] = {}
    problems = []
    for i, m in enumerate(maps):
        for j, node in enumerate(m.nodes):
            if node.id not in shared:
                continue
            if node.id not in first:
                first[node.id] = (i, node)
                continue
            k, seen = first[node.id]
            if node.kind != seen.kind:
                message = (
                    f"shared node {node.id!r} is a {node.kind.value} here but a "
                    f"{seen.kind.value} in {maps[k].source}"
                )
                problems.append(located(m, message, "nodes", j, "kind"))
            party, other = party_map[i].get(node.party or ""), party_map[k].get(seen.party or "")
            if node.extra.get(SHARED_KEY) is True and party != other:
                message = (
                    f"shared node {node.id!r} is run by {node.party!r} here but by "
                    f"{seen.party!r} in {maps[k].source}"
                )
                problems.append(located(m, message, "nodes", j, "party"))
    return problems


def _check_unique(
    maps: Sequence[RiskMap], node_map: Sequence[dict[str, str]], shared: set[str]
) -> None:
    # A prefixed id can collide with another map's id: map "a" has node "x",
    # which becomes "a-x", and another map shares a node called "a-x".
    sources: dict[str, tuple[int, str]] = {}
    problems = []
    for i, m in enumerate(maps):
        for j, node in enumerate(m.nodes):
            new = node_map[i][node.id]
            if new not in sources:
                sources[new] = (i, node.id)
            elif not (new in shared and node.id == new == sources[new][1]):
                k, old = sources[new]
                message = (
                    f"node {node.id!r} would become {new!r}, which is already node {old!r} "
                    f"of {maps[k].source}; give the maps other prefixes"
                )
                problems.append(located(m, message, "nodes", j, "id"))
    if problems:
        raise MapError(problems)


def _remap_node(node: Node, new_id: str, ids: dict[str, str], party: str | None) -> Node:
    requires = tuple(replace(r, members=tuple(ids[u] for u in r.members)) for r in node.requires)
    return replace(node, id=new_id, party=party, requires=requires)


def _merge_nodes(
    maps: Sequence[RiskMap],
    prefixes: Sequence[str],
    party_map: Sequence[dict[str, str]],
    shared: set[str],
) -> tuple[list[Node], list[dict[str, str]]]:
    node_map = [
        {n.id: n.id if n.id in shared else f"{prefix}-{n.id}" for n in m.nodes}
        for m, prefix in zip(maps, prefixes, strict=True)
    ]
    _check_unique(maps, node_map, shared)
    nodes: dict[str, Node] = {}
    for i, m in enumerate(maps):
        # A map that names municipalities itself (a generated or merged map)
        # spans several; in a plain municipal map every process is the map's.
        spans = any(MUNICIPALITY_KEY in n.extra for n in m.nodes)
        for node in m.nodes:
            new_id = node_map[i][node.id]
            merged = _remap_node(node, new_id, node_map[i], party_map[i].get(node.party or ""))
            if new_id in nodes:
                # A shared node seen before: add the requirements this map knows of.
                old = nodes[new_id]
                extra = tuple(r for r in merged.requires if r not in old.requires)
                nodes[new_id] = replace(old, requires=old.requires + extra)
                continue
            town = node.extra.get(MUNICIPALITY_KEY)
            if town:
                merged = replace(
                    merged, extra={**node.extra, MUNICIPALITY_KEY: f"{prefixes[i]}-{town}"}
                )
            elif node.vital and not spans and new_id not in shared:
                merged = replace(merged, extra={**node.extra, MUNICIPALITY_KEY: prefixes[i]})
            nodes[new_id] = merged
    return list(nodes.values()), node_map


def _merge_scenarios(
    maps: Sequence[RiskMap], prefixes: Sequence[str], node_map: Sequence[dict[str, str]]
) -> tuple[list[Scenario], list[dict[str, str]]]:
    remapped = [
        [
            replace(sc, failures=tuple(replace(f, node=node_map[i][f.node]) for f in sc.failures))
            for sc in m.scenarios
        ]
        for i, m in enumerate(maps)
    ]
    # The same id with the same failures in several maps: one scenario.
    versions: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    holders: Counter[str] = Counter()
    for scenarios in remapped:
        for sc in scenarios:
            versions[sc.id].add((sc.failures, sc.horizon))
            holders[sc.id] += 1
    out: dict[str, Scenario] = {}
    scenario_map: list[dict[str, str]] = [{} for _ in maps]
    for i, scenarios in enumerate(remapped):
        for sc in scenarios:
            if len(versions[sc.id]) == 1 and holders[sc.id] > 1:
                new_id, name = sc.id, sc.name
            else:
                new_id = f"{prefixes[i]}-{sc.id}"
                name = f"{sc.label} ({maps[i].name or prefixes[i]})"
            scenario_map[i][sc.id] = new_id
            out.setdefault(new_id, replace(sc, id=new_id, name=name))
    return list(out.values()), scenario_map


def _remap_change(
    ch: Change, prefix: str, ids: dict[str, str], parties: dict[str, str], scenarios: dict[str, str]
) -> Change:
    if isinstance(ch, AddNode):
        ids[ch.node.id] = f"{prefix}-{ch.node.id}"
        party = parties.get(ch.node.party or "")
        return AddNode(_remap_node(ch.node, ids[ch.node.id], ids, party))
    if isinstance(ch, AddAlternative):
        return AddAlternative(ids[ch.node], ids[ch.requirement], ids[ch.alternative])
    if isinstance(ch, AddTolerance):
        return AddTolerance(ids[ch.node], ids[ch.requirement], ch.tolerance)
    if isinstance(ch, SetRestart):
        return SetRestart(ids[ch.node], ch.restart)
    if isinstance(ch, ScenarioDuration):
        node = None if ch.node is None else ids[ch.node]
        return ScenarioDuration(scenarios[ch.scenario], ch.duration, node)
    return SetLikelihood(scenarios[ch.scenario], ch.likelihood)


def _merge_measures(
    maps: Sequence[RiskMap],
    prefixes: Sequence[str],
    node_map: Sequence[dict[str, str]],
    party_map: Sequence[dict[str, str]],
    scenario_map: Sequence[dict[str, str]],
) -> list[Measure]:
    out = []
    for i, m in enumerate(maps):
        for me in m.measures:
            ids = dict(node_map[i])  # a node a measure adds is visible to its later changes
            changes = tuple(
                _remap_change(ch, prefixes[i], ids, party_map[i], scenario_map[i])
                for ch in me.changes
            )
            out.append(replace(me, id=f"{prefixes[i]}-{me.id}", changes=changes))
    return out


def merge_maps(
    maps: Sequence[RiskMap], prefixes: Sequence[str] | None = None, name: str = ""
) -> RiskMap:
    """One regional map from several municipal maps; see the module docstring for the rules.

    Raises
    ------
    MapError
        For a conflict (a shared node id with different kinds, a prefix used
        twice, an id that would be used twice), located in the input map.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> a = parse_map(
    ...     "weerbaar: 1\\nname: Gemeente Aa\\nparties: [{id: logius, name: Logius}]\\n"
    ...     "nodes: [{id: digid, party: logius}, {id: loket, vital: true, requires: [digid]}]"
    ... )
    >>> b = parse_map(
    ...     "weerbaar: 1\\nname: Gemeente Bee\\nparties: [{id: logius}]\\n"
    ...     "nodes: [{id: digid, party: logius}, {id: loket, vital: true, requires: [digid]}]"
    ... )
    >>> m = merge_maps([a, b])
    >>> [n.id for n in m.nodes], m.node("bee-loket").requires[0].members
    (['digid', 'aa-loket', 'bee-loket'], ('digid',))
    >>> m.node("bee-loket").extra["gemeente"]
    'bee'
    """
    if not maps:
        raise ValueError("nothing to merge")
    prefixes = prefixes_for(maps, prefixes)
    parties, party_map = merge_parties(maps, prefixes)
    kinds = {p.id: p.kind for p in parties}
    shared = _shared_ids(maps, party_map, kinds)
    problems = _check_shared(maps, party_map, shared)
    if problems:
        raise MapError(problems)
    nodes, node_map = _merge_nodes(maps, prefixes, party_map, shared)
    scenarios, scenario_map = _merge_scenarios(maps, prefixes, node_map)
    measures = _merge_measures(maps, prefixes, node_map, party_map, scenario_map)
    labels = [m.name or p for m, p in zip(maps, prefixes, strict=True)]
    merged = RiskMap(
        nodes=tuple(nodes),
        name=name or "Regionale kaart: " + ", ".join(labels),
        horizon=max(m.horizon for m in maps),
        parties=tuple(parties),
        scenarios=tuple(scenarios),
        measures=tuple(measures),
        extra={
            "merged": [{"prefix": p, "name": m.name} for m, p in zip(maps, prefixes, strict=True)]
        },
    )
    # The result goes through the loader like any map file, so that a merge
    # can never produce a map the rest of Weerbaar would refuse.
    return from_data(to_data(merged), "<merged>")
