"""Regional insight from what members share: dependency facts and their concentration.

:func:`dependency_facts` turns a map into "we depend on supplier X for these
vital processes" (for everything a party runs failing for good, structurally:
:func:`weerbaar.scale.parties.party_impact`); :func:`facts_by_municipality`
does the same per municipality of a generated or merged map, so one national
map stands for its 280 members. :func:`concentration` counts, per supplier,
the members that depend on it and the vital processes its failure hits, and
keeps only the suppliers at least *k* members depend on
(:mod:`weerbaar.sharing.threshold`).

Suppliers of different maps are one when their names are the same after
:func:`weerbaar.scale.regional_parties.normalise_name` (the rule of
``weerbaar merge``): "Hosting B.V." in one map is "hosting BV" in another.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from weerbaar.model.riskmap import PartyKind, RiskMap
from weerbaar.scale.parties import municipality_of, party_impact
from weerbaar.scale.regional_parties import normalise_name
from weerbaar.sharing.detail import DependencyFact
from weerbaar.sharing.threshold import Figure, check_k, figure
from weerbaar.sharing.tlp import TLP


def _facts(m: RiskMap, by: Mapping[str, str | None]) -> dict[str | None, list[DependencyFact]]:
    names = {n.id: n.label for n in m.nodes}
    out: dict[str | None, list[DependencyFact]] = defaultdict(list)
    for impact in party_impact(m):
        if impact.kind is PartyKind.GEMEENTE or not impact.processes:
            continue  # a municipality's own party is not a supplier to it
        grouped: dict[str | None, list[str]] = defaultdict(list)
        for process in impact.processes:
            grouped[by.get(process)].append(names[process])
        for owner, processes in grouped.items():
            out[owner].append(
                DependencyFact(impact.name, impact.kind.value, tuple(sorted(processes)))
            )
    return out


def dependency_facts(m: RiskMap) -> list[DependencyFact]:
    """One organisation's map as facts: each supplier and the vital processes it takes down.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... parties: [{id: lev, name: Suite BV, kind: leverancier}, {id: g, kind: gemeente}]
    ... nodes:
    ...   - {id: suite, party: lev}
    ...   - {id: wmo, name: Wmo, party: g, vital: true, requires: [suite]}
    ... ''')
    >>> [(f.supplier, f.processes) for f in dependency_facts(m)]
    [('Suite BV', ('Wmo',))]
    """
    return _facts(m, {})[None]


def facts_by_municipality(m: RiskMap) -> dict[str, list[DependencyFact]]:
    """The facts of every municipality of a generated or merged map (its ``gemeente`` keys)."""
    return {k: v for k, v in _facts(m, municipality_of(m)).items() if k is not None}


@dataclass(frozen=True)
class SupplierFigure:
    """ "``members`` of ``of`` members run vital processes on ``supplier``; its failure hits
    ``processes`` vital processes in the region." ``named``: members that may be named."""

    supplier: str
    kind: str
    members: int
    of: int
    processes: int
    named: tuple[str, ...]


@dataclass(frozen=True)
class Concentration:
    """The suppliers at least ``k`` of ``contributors`` members depend on, most members first.

    ``suppliers`` is empty when fewer than ``k`` members share facts at all.
    """

    k: int
    contributors: int
    suppliers: tuple[SupplierFigure, ...]


def concentration(
    facts: Mapping[str, Sequence[DependencyFact]], labels: Mapping[str, TLP], k: int
) -> Concentration:
    """Supplier concentration over the members' facts (member → its facts).

    ``labels`` is the label each member shared its facts under; only members
    at GREEN or lower are named. A supplier fewer than ``k`` members depend
    on is left out altogether.
    """
    check_k(k)
    members: dict[str, set[str]] = defaultdict(set)
    processes: dict[str, int] = defaultdict(int)
    shown: dict[str, tuple[str, str]] = {}
    for member, own in facts.items():
        for fact in own:
            key = normalise_name(fact.supplier)
            members[key].add(member)
            processes[key] += fact.count
            shown.setdefault(key, (fact.supplier, fact.kind))
    contributors = sum(1 for own in facts.values() if own)
    out = []
    for key, who in members.items():
        fig: Figure[str] | None = figure(key, who, labels, k)
        if fig is None:
            continue
        name, kind = shown[key]
        out.append(
            SupplierFigure(name, kind, fig.contributors, contributors, processes[key], fig.named)
        )
    out.sort(key=lambda f: (-f.members, -f.processes, f.supplier))
    return Concentration(k, contributors, tuple(out) if contributors >= k else ())
