"""Regional insight for a community: the members' dependency facts and the merged cascade.

The pages of ``weerbaar.web.sharing`` get what members share through here,
so that the engine and ``scale`` stay behind the service layer. Facts are
cached per map version, like every other result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from weerbaar.model import MapError, RiskMap
from weerbaar.model.riskmap import PartyKind
from weerbaar.scale.generate import generate_map
from weerbaar.scale.parties import MUNICIPALITY_KEY, party_impact
from weerbaar.scale.regional import merge_maps
from weerbaar.sharing.detail import DependencyFact
from weerbaar.sharing.regional import dependency_facts
from weerbaar.web.analyses import cache
from weerbaar.web.maps.models import MapVersion
from weerbaar.web.maps.service import to_model


def facts_of(version: MapVersion) -> list[DependencyFact]:
    """The dependency facts of one stored map version (cached with the version)."""
    return cache.remembered(
        version, ("sharing-facts",), lambda: dependency_facts(to_model(version))
    )


@dataclass(frozen=True)
class RegionalHit:
    """In the merged map: a supplier's failure takes down vital processes of ``members``."""

    supplier: str
    kind: str
    members: tuple[str, ...]
    processes: int


def regional_cascade(maps: Sequence[tuple[str, MapVersion]]) -> list[RegionalHit] | str:
    """Merge the members' maps (``(member key, version)``; keys become the prefixes)
    with the CLI's ``weerbaar merge`` and find, for every supplier, the members
    whose vital processes go down when everything it runs fails.

    A string when the maps cannot be merged (the merge's located message).
    """
    models = [to_model(v) for _, v in maps]
    try:
        merged = merge_maps(models, [key for key, _ in maps], name="regio")
    except MapError as exc:
        return str(exc)
    return [
        RegionalHit(i.name, i.kind.value, i.municipalities, len(i.processes))
        for i in party_impact(merged)
        if i.kind is not PartyKind.GEMEENTE and i.processes
    ]


def neighbour_map(name: str, seed: int) -> RiskMap:
    """One generated municipality under ``name``: a map of its own, as a member keeps it.

    The generator's municipality keys are dropped, so that the map is one
    municipality to ``weerbaar merge`` (its prefix becomes the member).
    """
    m = generate_map(1, seed)
    old = next(p.name for p in m.parties if p.kind.value == "gemeente")
    nodes = tuple(
        replace(
            n,
            name=n.name.replace(old, name),
            extra={k: v for k, v in n.extra.items() if k != MUNICIPALITY_KEY},
        )
        for n in m.nodes
    )
    parties = tuple(replace(p, name=name) if p.name == old else p for p in m.parties)
    return replace(
        m,
        nodes=nodes,
        parties=parties,
        name=name,
        description=f"Fictieve kaart van {name}, gegenereerd door weerbaar.scale (seed {seed}).",
        source=f"<generated {name}>",
    )
