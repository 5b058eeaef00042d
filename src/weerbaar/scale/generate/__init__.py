"""A realistic generated risk map of many municipalities, as a map or as arrays.

``generate_map(n, seed)`` builds a :class:`~weerbaar.model.RiskMap` with
parties, BIA fields and scenarios, for files and reports (hundreds of
municipalities). ``generate_graph(n, seed)`` builds the same structure
directly as engine arrays, without a node object in sight, for national scale
(10^6 nodes). Both come from one :class:`~weerbaar.scale.generate.layout.Layout`,
so ``build_graph(generate_map(n, s))`` equals ``generate_graph(n, s).graph``
array for array.

What is in it is described in :mod:`weerbaar.scale.generate.templates`
(national, supplier and regional layers), :mod:`weerbaar.scale.generate.municipality`
(one municipality) and :mod:`weerbaar.scale.generate.world` (what is drawn at
random). The same seed gives the same map.

Examples
--------
>>> m = generate_map(2, seed=7)
>>> len([n for n in m.nodes if n.id.startswith("g001-")]) >= 60
True
>>> g = generate_graph(2, seed=7)
>>> g.graph.n == len(m.nodes), g.graph.ids[0]
(True, 'hoogspanningsnet')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from weerbaar.engine.graph import Graph, graph_from_arrays
from weerbaar.model.riskmap import (
    Failure,
    Impact,
    ImpactStep,
    Node,
    Party,
    Requirement,
    RiskMap,
    Scenario,
    Theme,
)
from weerbaar.scale.generate.layout import Layout, lay_out
from weerbaar.scale.generate.municipality import MUNICIPALITY
from weerbaar.scale.generate.templates import NodeT
from weerbaar.scale.generate.world import BoolArray, IntArray, World, draw_world
from weerbaar.scale.parties import MUNICIPALITY_KEY


@dataclass(frozen=True)
class GeneratedGraph:
    """A generated map as engine arrays.

    ``party[v]`` indexes ``party_ids`` (the party running node ``v``) and
    ``municipality[v]`` is the municipality's index for the nodes of one
    municipality, -1 for national, supplier and regional nodes.
    ``scenarios`` holds the initiating failures of the map's scenarios;
    ``scenario_failures`` is the typical one (a day-long power outage in the
    largest veiligheidsregio).
    """

    graph: Graph
    vital: BoolArray
    party: IntArray
    party_ids: tuple[str, ...]
    municipality: IntArray
    scenarios: Mapping[str, tuple[Failure, ...]]
    scenario_failures: list[Failure]

    @property
    def names(self) -> tuple[str, ...]:
        """Node ids, in node order (readable: ``g042-uitkeringen``)."""
        return self.graph.ids


def _layout(municipalities: int, seed: int) -> Layout:
    return lay_out(draw_world(municipalities, seed, len(MUNICIPALITY)))


def layout_graph(lay: Layout) -> Graph:
    """The engine graph of a layout, straight from its arrays."""
    ids = tuple(lay.ids)
    return graph_from_arrays(
        ids,
        restart=lay.restart,
        owner=lay.owner,
        need=lay.need,
        tolerance=lay.tolerance,
        size=lay.size,
        members=lay.members,
        index={node_id: i for i, node_id in enumerate(ids)},
    )


def _scenarios(w: World) -> tuple[Scenario, ...]:
    suite = f"lev-suite-sd-{w.leader('suite-sd') + 1}-platform"
    cloud = f"lev-cloud-{w.leader('cloud') + 1}-platform"
    rw = max(2, len(str(w.regions)))
    region = f"vr{w.largest_region + 1:0{rw}d}"

    def scenario(sid: str, name: str, node: str, hours: float, theme: Theme, cls: str) -> Scenario:
        return Scenario(
            id=sid,
            name=name,
            failures=(Failure(node, 0.0, hours),),
            theme=theme,
            likelihood=cls,
        )

    return (
        scenario(
            "stroomstoring-regio",
            f"Stroomstoring van een dag in veiligheidsregio {region[2:]}",
            f"{region}-stroomnet",
            24.0,
            Theme.STROOMSTORING,
            "C",
        ),
        scenario(
            "ransomware-suite-sociaal-domein",
            "Ransomware bij de grootste leverancier van het sociaal domein",
            suite,
            14 * 24.0,
            Theme.RANSOMWARE,
            "C",
        ),
        scenario(
            "uitval-telecom-nationaal",
            "Landelijke storing van het telecomnetwerk",
            "telecom-kern",
            8.0,
            Theme.UITVAL_TELECOM,
            "B",
        ),
        scenario(
            "uitval-cloud",
            "Uitval van het grootste cloudplatform",
            cloud,
            12.0,
            Theme.UITVAL_CLOUD,
            "C",
        ),
        scenario("ddos-digid", "DDoS-aanval op DigiD", "digid", 48.0, Theme.DDOS, "D"),
    )


def generate_graph(municipalities: int, seed: int) -> GeneratedGraph:
    """The generated map of ``municipalities`` municipalities as engine arrays.

    About 65 nodes and 325 requirement members per municipality, plus a few
    thousand shared ones; 15,000 municipalities make about 10^6 nodes.
    """
    lay = _layout(municipalities, seed)
    gem = len(lay.layers) - 1
    municipality = np.where(lay.layer == gem, lay.instance, -1).astype(np.int64)
    scenarios = {s.id: s.failures for s in _scenarios(lay.world)}
    return GeneratedGraph(
        graph=layout_graph(lay),
        vital=lay.vital,
        party=lay.party,
        party_ids=tuple(lay.party_ids),
        municipality=municipality,
        scenarios=scenarios,
        scenario_failures=list(scenarios["stroomstoring-regio"]),
    )


def _impact(tmpl: NodeT, residents: int) -> tuple[Impact, dict[str, Any]]:
    """Impact and BIA fields of a vital process for a municipality or region of that size."""
    assert tmpl.bia is not None
    b = tmpl.bia
    served = max(1, round(b.share * residents))
    steps = []
    for after, values in b.steps:
        steps.append(
            ImpactStep(
                after,
                {k: float(round(v * served)) for k, v in values.items() if not isinstance(v, str)},
                {k: v for k, v in values.items() if isinstance(v, str)},
            )
        )
    costs = float(round(b.cost * residents))
    impact = Impact(per_day={"costs": costs} if costs else {}, steps=tuple(steps))
    return impact, {"mtpd": b.mtpd, "rto": b.rto, "rpo": b.rpo, "bbn": b.bbn, "served": served}


def generate_map(municipalities: int, seed: int) -> RiskMap:
    """A generated regional or national risk map, with parties, BIA and scenarios."""
    lay = _layout(municipalities, seed)
    w = lay.world
    parties = tuple(
        Party(id=pid, name=name, kind=pl.kind, maturity=maturity)
        for pl in lay.parties
        for pid, name, maturity in zip(pl.ids, pl.names, pl.maturity, strict=True)
    )
    party_ids = lay.party_ids
    municipality_ids = lay.party_layer("gemeente").ids
    ids = lay.ids
    people = {"reg": w.region_population.tolist(), "gem": w.population.tolist()}
    ptr = lay.member_ptr.tolist()
    members = lay.members.tolist()
    need, tolerance = lay.need.tolist(), lay.tolerance.tolist()
    own = np.searchsorted(lay.owner, np.arange(len(ids) + 1)).tolist()
    nodes = []
    for v, (li, t, inst, restart, party) in enumerate(
        zip(
            lay.layer.tolist(),
            lay.template.tolist(),
            lay.instance.tolist(),
            lay.restart.tolist(),
            lay.party.tolist(),
            strict=True,
        )
    ):
        layer = lay.layers[li]
        tmpl = layer.templates[t]
        requires = tuple(
            Requirement(tuple(ids[u] for u in members[ptr[r] : ptr[r + 1]]), need[r], tolerance[r])
            for r in range(own[v], own[v + 1])
        )
        label = layer.labels[inst]
        fields: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        if tmpl.bia is not None:
            fields["impact"], bia = _impact(tmpl, people[layer.name][inst])
            fields.update(bia, vital=True)
            if layer.name == "gem":
                extra[MUNICIPALITY_KEY] = municipality_ids[inst]
        nodes.append(
            Node(
                id=ids[v],
                kind=tmpl.kind,
                name=f"{tmpl.name} — {label}" if label else tmpl.name,
                requires=requires,
                restart=restart,
                party=party_ids[party] if party >= 0 else None,
                extra=extra,
                **fields,
            )
        )
    return RiskMap(
        nodes=tuple(nodes),
        name=f"Gegenereerde kaart: {municipalities} gemeenten (seed {seed})",
        horizon=30 * 24.0,
        description=(
            f"Fictieve kaart van {municipalities} gemeenten in {w.regions} "
            "veiligheidsregio's, gegenereerd door weerbaar generate. Alle namen en cijfers "
            "zijn verzonnen."
        ),
        parties=parties,
        scenarios=_scenarios(w),
        source=f"<generated {municipalities} seed {seed}>",
    )
