"""Stamp the templates out into arrays: nodes, parties and requirements.

Every node is a pair (template, instance) of a layer. Within a layer, nodes
are numbered instance by instance, in template order; layers follow each
other (national, suppliers, regions, municipalities). All work is done per
template and requirement over whole arrays of instances, never per node, so
that a million nodes take seconds.

The requirement arrays come out sorted by owner and, within an owner, in
template order, which is the order :func:`weerbaar.engine.build_graph` would
produce from the map: the array path and the map path build the same graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.model.riskmap import PartyKind
from weerbaar.scale.generate.municipality import MUNICIPALITY
from weerbaar.scale.generate.templates import (
    ALL_BUT_ONE,
    CLOUD,
    HOSTING,
    ISP,
    NATIONAL,
    REGION,
    SOFTWARE,
    NodeT,
    software,
)
from weerbaar.scale.generate.world import SUPPLIERS, BoolArray, FloatArray, IntArray, World

#: National parties: id, name, kind, maturity.
NATIONAL_PARTIES: tuple[tuple[str, str, PartyKind, int], ...] = (
    ("landelijk-netbeheer", "Landelijk Hoogspanningsnet NV", PartyKind.NETBEHEERDER, 4),
    ("nationaal-telecom", "Nationale Telecom NV", PartyKind.TELECOMAANBIEDER, 4),
    ("kabel-telecom", "KabelNet Nederland BV", PartyKind.TELECOMAANBIEDER, 3),
    ("internetknooppunt", "Stichting Nationaal Internetknooppunt", PartyKind.OVERIG, 4),
    ("rijksdatacentra", "Rijksdatacentra", PartyKind.RIJKSOVERHEID, 4),
    ("logius", "Logius", PartyKind.RIJKSOVERHEID, 4),
    ("rvig", "Rijksdienst voor Identiteitsgegevens", PartyKind.RIJKSOVERHEID, 4),
    ("rijksoverheid", "Rijksoverheid (overige rijksdiensten)", PartyKind.RIJKSOVERHEID, 4),
    ("gegevensknooppunt", "Landelijk gegevensknooppunt gemeenten", PartyKind.OVERIG, 3),
    ("betaalbank", "Betaalbank Nederland NV", PartyKind.OVERIG, 5),
    ("kiesraad", "Kiesraad", PartyKind.RIJKSOVERHEID, 4),
    ("politie", "Politie", PartyKind.POLITIE, 4),
    ("postbedrijf", "Postbedrijf Nederland NV", PartyKind.OVERIG, 4),
)
#: Parties each region has one of: layer name, id suffix, name, kind.
REGIONAL_PARTIES: tuple[tuple[str, str, str, PartyKind], ...] = (
    ("vr", "", "Veiligheidsregio {}", PartyKind.VEILIGHEIDSREGIO),
    ("ziekenhuis", "-ziekenhuis", "Ziekenhuis regio {}", PartyKind.ZORGAANBIEDER),
    ("waterschap", "-waterschap", "Waterschap regio {}", PartyKind.WATERSCHAP),
    ("zorg", "-zorg", "Zorg & Jeugd regio {}", PartyKind.ZORGAANBIEDER),
    ("afval", "-afval", "Afvalbedrijf regio {} NV", PartyKind.OVERIG),
    ("omroep", "-omroep", "Regionale omroep {}", PartyKind.OVERIG),
)
SUPPLIER_NAMES: dict[str, tuple[str, PartyKind]] = {
    "cloud": ("Wolkdienst", PartyKind.LEVERANCIER),
    "hosting": ("Datacentrum", PartyKind.LEVERANCIER),
    "isp": ("Internet", PartyKind.TELECOMAANBIEDER),
    **{c: (stem, PartyKind.LEVERANCIER) for c, stem, _ in SOFTWARE},
}


@dataclass(frozen=True)
class PartyLayer:
    name: str
    ids: list[str]
    names: list[str]
    kind: PartyKind
    maturity: list[int]


@dataclass(frozen=True)
class NodeLayer:
    """Instances of one set of templates; ``prefix`` starts each instance's node ids."""

    name: str
    count: int
    templates: tuple[NodeT, ...]
    prefix: list[str]
    labels: list[str]
    slots: Mapping[str, IntArray]
    flags: Mapping[str, BoolArray]
    restart_factor: FloatArray | None = None


@dataclass(frozen=True)
class Layout:
    """The generated map as arrays (see the module docstring for the order)."""

    world: World
    layers: tuple[NodeLayer, ...]
    parties: tuple[PartyLayer, ...]
    ids: list[str]
    layer: npt.NDArray[np.int8]
    template: npt.NDArray[np.int32]
    instance: IntArray
    restart: FloatArray
    party: IntArray
    vital: BoolArray
    owner: IntArray
    need: IntArray
    size: IntArray
    tolerance: FloatArray
    member_ptr: IntArray
    members: IntArray

    @property
    def party_ids(self) -> list[str]:
        return [pid for layer in self.parties for pid in layer.ids]

    def party_layer(self, name: str) -> PartyLayer:
        return next(layer for layer in self.parties if layer.name == name)


def _width(count: int, least: int) -> int:
    return max(least, len(str(count)))


def party_layers(w: World) -> tuple[PartyLayer, ...]:
    out = [PartyLayer(pid, [pid], [name], kind, [mat]) for pid, name, kind, mat in NATIONAL_PARTIES]
    k = int(w.netbeheer_of.max()) + 1
    out.append(
        PartyLayer(
            "netbeheer",
            [f"netbeheer-{i + 1}" for i in range(k)],
            [f"Netbeheer Regio {i + 1} NV" for i in range(k)],
            PartyKind.NETBEHEERDER,
            [4] * k,
        )
    )
    k = int(w.drinkwater_of.max()) + 1
    out.append(
        PartyLayer(
            "drinkwater",
            [f"drinkwater-{i + 1}" for i in range(k)],
            [f"Drinkwaterbedrijf {i + 1} NV" for i in range(k)],
            PartyKind.DRINKWATERBEDRIJF,
            [4] * k,
        )
    )
    for category, count in SUPPLIERS.items():
        stem, kind = SUPPLIER_NAMES[category]
        out.append(
            PartyLayer(
                category,
                [f"lev-{category}-{i + 1}" for i in range(count)],
                [f"{stem} {i + 1} BV" for i in range(count)],
                kind,
                w.maturity[category].tolist(),
            )
        )
    rw = _width(w.regions, 2)
    for layer, suffix, name, kind in REGIONAL_PARTIES:
        out.append(
            PartyLayer(
                layer,
                [f"vr{r + 1:0{rw}d}{suffix}" for r in range(w.regions)],
                [name.format(f"{r + 1:0{rw}d}") for r in range(w.regions)],
                kind,
                [3] * w.regions,
            )
        )
    mw = _width(w.municipalities, 3)
    out.append(
        PartyLayer(
            "gemeente",
            [f"g{m + 1:0{mw}d}" for m in range(w.municipalities)],
            [f"Gemeente {m + 1:0{mw}d}" for m in range(w.municipalities)],
            PartyKind.GEMEENTE,
            [3] * w.municipalities,
        )
    )
    return tuple(out)


def node_layers(w: World) -> tuple[NodeLayer, ...]:
    none: dict[str, BoolArray] = {}
    out = [NodeLayer("nat", 1, NATIONAL, [""], [""], {}, none)]
    for category, templates in (("cloud", CLOUD), ("hosting", HOSTING), ("isp", ISP)):
        count = SUPPLIERS[category]
        stem = SUPPLIER_NAMES[category][0]
        slots = {"reg": w.dc_region} if category == "hosting" else {}
        out.append(
            NodeLayer(
                category,
                count,
                templates,
                [f"lev-{category}-{i + 1}-" for i in range(count)],
                [f"{stem} {i + 1} BV" for i in range(count)],
                slots,
                none,
            )
        )
    for category, stem, restart in SOFTWARE:
        count = SUPPLIERS[category]
        out.append(
            NodeLayer(
                category,
                count,
                software(category, restart),
                [f"lev-{category}-{i + 1}-" for i in range(count)],
                [f"{stem} {i + 1} BV" for i in range(count)],
                {"hosting": w.platform_dc[category], "cloud": w.platform_cloud[category]},
                none,
            )
        )
    rw = _width(w.regions, 2)
    own = np.arange(w.regions, dtype=np.int64)
    regional = {layer: own for layer, *_ in REGIONAL_PARTIES}
    out.append(
        NodeLayer(
            "reg",
            w.regions,
            REGION,
            [f"vr{r + 1:0{rw}d}-" for r in range(w.regions)],
            [f"Veiligheidsregio {r + 1:0{rw}d}" for r in range(w.regions)],
            {
                **regional,
                "netbeheer": w.netbeheer_of,
                "drinkwater": w.drinkwater_of,
                "cloud": w.cloud_of_region,
            },
            none,
        )
    )
    mw = _width(w.municipalities, 3)
    region_of = w.region_of
    out.append(
        NodeLayer(
            "gem",
            w.municipalities,
            MUNICIPALITY,
            [f"g{m + 1:0{mw}d}-" for m in range(w.municipalities)],
            [f"Gemeente {m + 1:0{mw}d}" for m in range(w.municipalities)],
            {
                "reg": region_of,
                "gemeente": np.arange(w.municipalities, dtype=np.int64),
                **{layer: region_of for layer in regional},
                "netbeheer": w.netbeheer_of[region_of],
                "drinkwater": w.drinkwater_of[region_of],
                **w.choice,
            },
            w.flags,
            w.restart_factor,
        )
    )
    return tuple(out)


def _slot(layer: NodeLayer, target: str, count: int, slot: str | None) -> IntArray:
    """Which instance of layer ``target`` (of ``count`` instances) each instance refers to."""
    if slot is not None:
        return np.asarray(layer.slots[slot], dtype=np.int64)
    if target == layer.name:
        return np.arange(layer.count, dtype=np.int64)
    if target in layer.slots:
        return np.asarray(layer.slots[target], dtype=np.int64)
    if count == 1:
        return np.zeros(layer.count, dtype=np.int64)
    raise KeyError(f"layer {layer.name!r} has no slot for {target!r}")


def _split(ref: str, default: str) -> tuple[str, str, str | None]:
    """``layer.key@slot`` into its parts; a bare key is in ``default``."""
    ref, _, slot = ref.partition("@")
    layer, dot, key = ref.partition(".")
    if not dot:
        layer, key = default, ref
    return layer, key, slot or None


def _pick(table: npt.NDArray[np.int64], index: IntArray) -> IntArray:
    """``table[index]`` with -1 wherever ``index`` is -1."""
    out: IntArray = np.where(index >= 0, table[np.maximum(index, 0)], -1)
    return out


def lay_out(w: World) -> Layout:
    """Every node, party and requirement of the map drawn in ``w``, as arrays."""
    layers = node_layers(w)
    parties = party_layers(w)
    party_base, base = {}, 0
    for pl in parties:
        party_base[pl.name] = base
        base += len(pl.ids)
    party_count = {pl.name: len(pl.ids) for pl in parties}

    # Position of (template, instance) in the node order, -1 where absent.
    pos: dict[str, npt.NDArray[np.int64]] = {}
    keys: dict[str, dict[str, int]] = {}
    total = 0
    for layer in layers:
        mask = np.ones((len(layer.templates), layer.count), dtype=bool)
        for t, tmpl in enumerate(layer.templates):
            if tmpl.when is not None:
                mask[t] = layer.flags[tmpl.when]
        per_instance = mask.sum(axis=0)
        start = total + np.concatenate([[0], np.cumsum(per_instance)[:-1]])
        pos[layer.name] = np.where(mask, start + np.cumsum(mask, axis=0) - 1, -1)
        keys[layer.name] = {tmpl.key: t for t, tmpl in enumerate(layer.templates)}
        total += int(per_instance.sum())

    ids = np.empty(total, dtype=object)
    layer_of = np.zeros(total, dtype=np.int8)
    template_of = np.zeros(total, dtype=np.int32)
    instance_of = np.zeros(total, dtype=np.int64)
    restart = np.zeros(total, dtype=np.float64)
    party = np.full(total, -1, dtype=np.int64)
    vital = np.zeros(total, dtype=bool)
    blocks: list[tuple[IntArray, int, IntArray, FloatArray, IntArray]] = []
    prefixes = {layer.name: np.asarray(layer.prefix) for layer in layers}
    for li, layer in enumerate(layers):
        for t, tmpl in enumerate(layer.templates):
            here = pos[layer.name][t]
            present = here >= 0
            idx = here[present]
            inst = np.flatnonzero(present)
            ids[idx] = np.char.add(prefixes[layer.name][inst], tmpl.key)
            layer_of[idx] = li
            template_of[idx] = t
            instance_of[idx] = inst
            factor = 1.0 if layer.restart_factor is None else layer.restart_factor[t][inst]
            restart[idx] = tmpl.restart * factor
            vital[idx] = tmpl.vital
            owner_layer, _, slot = tmpl.party.partition("@")
            who = _slot(layer, owner_layer, party_count[owner_layer], slot or None)[inst]
            if (who < 0).any():
                raise ValueError(f"{layer.name}.{tmpl.key}: party {tmpl.party!r} is missing")
            party[idx] = party_base[owner_layer] + who
            for j in range(len(tmpl.requires)):
                blocks.append(_requirement(layer, tmpl, j, here, pos, keys))

    owner = np.concatenate([b[0] for b in blocks])
    order = np.lexsort((np.concatenate([np.full(len(b[0]), b[1]) for b in blocks]), owner))
    width = max(b[4].shape[1] for b in blocks)
    grid = np.concatenate(
        [np.pad(b[4], ((0, 0), (0, width - b[4].shape[1])), constant_values=-1) for b in blocks]
    )[order]
    size = (grid >= 0).sum(axis=1).astype(np.int64)
    member_ptr = np.zeros(len(size) + 1, dtype=np.int64)
    np.cumsum(size, out=member_ptr[1:])
    return Layout(
        world=w,
        layers=layers,
        parties=parties,
        ids=ids.tolist(),
        layer=layer_of,
        template=template_of,
        instance=instance_of,
        restart=restart,
        party=party,
        vital=vital,
        owner=owner[order],
        need=np.concatenate([b[2] for b in blocks])[order],
        size=size,
        tolerance=np.concatenate([b[3] for b in blocks])[order],
        member_ptr=member_ptr,
        members=grid[grid >= 0],
    )


def _requirement(
    layer: NodeLayer,
    tmpl: NodeT,
    j: int,
    here: IntArray,
    pos: Mapping[str, npt.NDArray[np.int64]],
    keys: Mapping[str, Mapping[str, int]],
) -> tuple[IntArray, int, IntArray, FloatArray, IntArray]:
    """Requirement ``j`` of ``tmpl`` for every instance: owner, j, need, tolerance, members."""
    req = tmpl.requires[j]
    columns = []
    for ref in req.members:
        target, key, slot = _split(ref, layer.name)
        table = pos[target]
        if key not in keys[target]:
            raise KeyError(f"{layer.name}.{tmpl.key}: unknown node {ref!r}")
        columns.append(_pick(table[keys[target][key]], _slot(layer, target, table.shape[1], slot)))
    grid = np.stack(columns, axis=1)
    size = (grid >= 0).sum(axis=1)
    keep = (here >= 0) & (size > 0)
    size = size[keep]
    if req.need == ALL_BUT_ONE:
        need = np.maximum(size - 1, 1)
    else:
        need = np.full(len(size), req.need)
        if (need > size).any():
            raise ValueError(f"{layer.name}.{tmpl.key}: need {req.need} exceeds its group")
    tolerance = np.full(len(size), req.tolerance)
    if req.flagged is not None:
        flag, hours = req.flagged
        tolerance = np.where(layer.flags[flag][keep], hours, req.tolerance)
    # Absent members stay in the grid as -1 and are squeezed out at the end,
    # which keeps the others in template order.
    return here[keep], j, need.astype(np.int64), tolerance.astype(np.float64), grid[keep]
