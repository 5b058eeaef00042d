"""A community's regional insight: only figures at least k members contribute to.

Three figures, each from what members chose to share with this community:

- supplier concentration over the dependency facts of members sharing at
  ``suppliers`` or ``nodes`` detail (:func:`weerbaar.sharing.regional.concentration`);
- the merged regional cascade of members sharing at ``nodes`` detail (the
  maps merged as ``weerbaar merge`` does): per supplier, the members whose
  vital processes go down with it;
- correlation of indicators: the members that shared the same value
  (an address, a domain, a hash) in this community at TLP:AMBER or lower.
  The value itself is shown only to someone who may see at least one of
  those items, so the figure never discloses an indicator; it tells who
  already has it that others saw it too, without saying who unless they
  shared at GREEN or lower.

Members are named only when they shared at TLP:GREEN or lower.

The figures are published as a snapshot (:class:`RegionalSnapshot`) that is
replaced only when at least k members' contributions changed since it was
made (:mod:`weerbaar.sharing.snapshot`), so that no difference between two
versions of the page is one member's. Which indicator values a viewer is
shown is decided at each request from what the viewer may see now.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from weerbaar.sharing.detail import DependencyFact, MapDetail
from weerbaar.sharing.disclosure import Viewer
from weerbaar.sharing.regional import Concentration, SupplierFigure, concentration
from weerbaar.sharing.snapshot import due, fingerprint
from weerbaar.sharing.threshold import figure
from weerbaar.sharing.tlp import TLP
from weerbaar.web.analyses import sharing as compute
from weerbaar.web.maps.models import MapVersion
from weerbaar.web.sharing.models import (
    Community,
    CommunityMembership,
    ItemKind,
    RegionalSnapshot,
    SharedItem,
    VersionFacts,
)
from weerbaar.web.sharing.visibility import visible_q

#: The labels under which an indicator filed in a community counts in its correlation.
CORRELATED = (TLP.CLEAR.value, TLP.GREEN.value, TLP.AMBER.value)


@dataclass(frozen=True)
class CascadeFigure:
    supplier: str
    kind: str
    members: int
    of: int
    processes: int
    named: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorFigure:
    value: str
    members: int
    named: tuple[str, ...]


@dataclass(frozen=True)
class Insight:
    k: int
    concentration: Concentration
    cascade: tuple[CascadeFigure, ...]
    cascade_of: int
    #: The members' maps could not be merged (which conflict is not said: it
    #: would show a member's node ids).
    cascade_failed: bool
    indicators: tuple[IndicatorFigure, ...]
    #: When the published snapshot was made.
    taken: datetime | None = None


def _sharing(community: Community, least: MapDetail) -> list[CommunityMembership]:
    """Members sharing a map of their own at ``least`` this detail."""
    levels = [d.value for d in MapDetail if d.includes(least)]
    return [
        m
        for m in community.memberships.filter(detail__in=levels, riskmap__isnull=False)
        .select_related("organisation", "riskmap")
        .order_by("organisation__name")
        # A map of another organisation is never someone's to share.
        if m.riskmap is not None and m.riskmap.organisation_id == m.organisation_id
    ]


def _labels(members: list[CommunityMembership]) -> dict[str, TLP]:
    return {m.organisation.name: m.map_tlp_enum for m in members}


def facts_of(versions: list[MapVersion]) -> list[list[DependencyFact]]:
    """The dependency facts of each version: stored with it, or computed once and stored."""
    kept = dict(
        VersionFacts.objects.filter(version__in=versions).values_list("version_id", "facts")
    )
    out = []
    for version in versions:
        if version.pk in kept:
            out.append([DependencyFact.from_json(f) for f in kept[version.pk]])
            continue
        found = compute.facts_of(version)
        VersionFacts.objects.get_or_create(
            version=version, defaults={"facts": [f.to_json() for f in found]}
        )
        out.append(found)
    return out


def current_versions(members: list[CommunityMembership]) -> list[MapVersion]:
    """The current version of each member's map, in one query and without the map data
    (read only when the facts are not stored yet)."""
    latest: dict[int, MapVersion] = {}
    for version in (
        MapVersion.objects.filter(riskmap__in=[m.riskmap_id for m in members])
        .defer("data")
        .order_by("riskmap", "number")
    ):
        latest[version.riskmap_id] = version
    return [latest[m.riskmap_id] for m in members]  # type: ignore[index]


def supplier_concentration(community: Community) -> Concentration:
    members = _sharing(community, MapDetail.SUPPLIERS)
    versions = current_versions(members)
    facts = {
        m.organisation.name: found for m, found in zip(members, facts_of(versions), strict=True)
    }
    return concentration(facts, _labels(members), community.k)


def cascade(community: Community) -> tuple[tuple[CascadeFigure, ...], int, bool]:
    """The merged cascade's figures, how many members' maps were merged, whether that failed."""
    members = _sharing(community, MapDetail.NODES)
    if len(members) < community.k:
        return (), len(members), False
    by_slug = {m.organisation.slug: m.organisation.name for m in members}
    hits = compute.regional_cascade(
        [(m.organisation.slug, v) for m, v in zip(members, current_versions(members), strict=True)]
    )
    if isinstance(hits, str):
        return (), len(members), True
    labels = _labels(members)
    out = []
    for hit in hits:
        who = [by_slug[s] for s in hit.members if s in by_slug]
        fig = figure(hit.supplier, who, labels, community.k)
        if fig is not None:
            out.append(
                CascadeFigure(
                    hit.supplier, hit.kind, fig.contributors, len(members), hit.processes, fig.named
                )
            )
    return tuple(out), len(members), False


def indicator_values(payload: object) -> set[str]:
    """The values an indicator's payload looks for: its observables, or the one value typed."""
    if not isinstance(payload, dict):
        return set()
    found = {
        str(o["value"])
        for o in payload.get("observables", [])
        if isinstance(o, dict) and isinstance(o.get("value"), str) and o["value"]
    }
    value = payload.get("value")
    return found | {value} if isinstance(value, str) and value else found


def _indicators(community: Community) -> Any:
    member_orgs = community.memberships.values("organisation")
    return SharedItem.objects.filter(
        community=community, kind=ItemKind.INDICATOR, tlp__in=CORRELATED, owner__in=member_orgs
    )


def indicator_figures(community: Community) -> tuple[IndicatorFigure, ...]:
    """Every value at least k members filed in the community, whoever may see it."""
    owners: dict[str, set[str]] = defaultdict(set)
    labels: dict[tuple[str, str], TLP] = {}
    for payload, owner, tlp in _indicators(community).values_list("payload", "owner__name", "tlp"):
        for value in indicator_values(payload):
            owners[value].add(owner)
            # A member is named when any of its items with this value is GREEN or lower.
            old = labels.get((value, owner))
            if old is None or TLP(tlp).rank < old.rank:
                labels[(value, owner)] = TLP(tlp)
    out = []
    for value in sorted(owners):
        named_ok = {o: labels[(value, o)] for o in owners[value]}
        fig = figure(value, owners[value], named_ok, community.k)
        if fig is not None:
            out.append(IndicatorFigure(value, fig.contributors, fig.named))
    out.sort(key=lambda f: (-f.members, f.value))
    return tuple(out)


def seen_values(community: Community, viewer: Viewer) -> set[str]:
    """The indicator values of the community's items ``viewer`` may see now."""
    seen: set[str] = set()
    for payload in (
        SharedItem.objects.filter(visible_q(viewer))
        .filter(community=community, kind=ItemKind.INDICATOR)
        .values_list("payload", flat=True)
    ):
        seen |= indicator_values(payload)
    return seen


def correlated_indicators(community: Community, viewer: Viewer) -> tuple[IndicatorFigure, ...]:
    """The figures of :func:`indicator_figures` whose value ``viewer`` already knows."""
    seen = seen_values(community, viewer)
    return tuple(f for f in indicator_figures(community) if f.value in seen)


def contributions(community: Community) -> dict[str, str]:
    """Member organisation id → fingerprint of all it contributes to the figures."""
    members = list(
        community.memberships.select_related("riskmap").values_list(
            "organisation_id", "detail", "riskmap_id", "riskmap__organisation_id", "map_tlp"
        )
    )
    maps = [m[2] for m in members if m[2] is not None]
    versions = dict(
        MapVersion.objects.filter(riskmap__in=maps)
        .values("riskmap")
        .annotate(last=Max("number"))
        .values_list("riskmap", "last")
    )
    filed: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for owner, pk, tlp, modified in _indicators(community).values_list(
        "owner_id", "pk", "tlp", "modified"
    ):
        filed[owner].append((pk, tlp, modified.isoformat()))
    return {
        str(org): fingerprint(
            detail, riskmap, riskmap_owner, versions.get(riskmap), label, sorted(filed[org])
        )
        for org, detail, riskmap, riskmap_owner, label in members
    }


def current_figures(community: Community) -> Insight:
    """The figures as they are now (no snapshot, no viewer)."""
    figures, merged, failed = cascade(community)
    return Insight(
        k=community.k,
        concentration=supplier_concentration(community),
        cascade=figures,
        cascade_of=merged,
        cascade_failed=failed,
        indicators=indicator_figures(community),
    )


def _to_json(found: Insight) -> dict[str, Any]:
    data = asdict(found)
    data.pop("taken")
    return data


def _from_json(data: dict[str, Any], taken: datetime) -> Insight:
    c = data["concentration"]
    return Insight(
        k=data["k"],
        concentration=Concentration(
            c["k"],
            c["contributors"],
            tuple(SupplierFigure(**{**s, "named": tuple(s["named"])}) for s in c["suppliers"]),
        ),
        cascade=tuple(CascadeFigure(**{**f, "named": tuple(f["named"])}) for f in data["cascade"]),
        cascade_of=data["cascade_of"],
        cascade_failed=data["cascade_failed"],
        indicators=tuple(
            IndicatorFigure(**{**f, "named": tuple(f["named"])}) for f in data["indicators"]
        ),
        taken=taken,
    )


def published(community: Community) -> Insight:
    """The community's published figures: the snapshot, made anew when k members changed."""
    now = contributions(community)
    snapshot = RegionalSnapshot.objects.filter(community=community).first()
    old = snapshot.contributions if snapshot is not None and snapshot.k == community.k else None
    if snapshot is None or due(old, now, community.k):
        snapshot, _new = RegionalSnapshot.objects.update_or_create(
            community=community,
            defaults={
                "k": community.k,
                "contributions": now,
                "figures": _to_json(current_figures(community)),
                "taken": timezone.now(),
            },
        )
    return _from_json(snapshot.figures, snapshot.taken)


def insight(community: Community, viewer: Viewer) -> Insight:
    """What ``viewer`` is shown: the published figures, indicators only where it knows the value."""
    found = published(community)
    seen = seen_values(community, viewer) if found.indicators else set()
    return Insight(
        k=found.k,
        concentration=found.concentration,
        cascade=found.cascade,
        cascade_of=found.cascade_of,
        cascade_failed=found.cascade_failed,
        indicators=tuple(f for f in found.indicators if f.value in seen),
        taken=found.taken,
    )
