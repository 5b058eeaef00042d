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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from weerbaar.sharing.detail import DependencyFact, MapDetail
from weerbaar.sharing.disclosure import Viewer
from weerbaar.sharing.regional import Concentration, concentration
from weerbaar.sharing.threshold import figure
from weerbaar.sharing.tlp import TLP
from weerbaar.web.analyses import sharing as compute
from weerbaar.web.sharing.models import Community, CommunityMembership, ItemKind, SharedItem
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


def supplier_concentration(community: Community) -> Concentration:
    members = _sharing(community, MapDetail.SUPPLIERS)
    facts: dict[str, list[DependencyFact]] = {
        m.organisation.name: compute.facts_of(m.riskmap.current())  # type: ignore[union-attr]
        for m in members
    }
    return concentration(facts, _labels(members), community.k)


def cascade(community: Community) -> tuple[tuple[CascadeFigure, ...], int, bool]:
    """The merged cascade's figures, how many members' maps were merged, whether that failed."""
    members = _sharing(community, MapDetail.NODES)
    if len(members) < community.k:
        return (), len(members), False
    by_slug = {m.organisation.slug: m.organisation.name for m in members}
    hits = compute.regional_cascade(
        [(m.organisation.slug, m.riskmap.current()) for m in members]  # type: ignore[union-attr]
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


def correlated_indicators(community: Community, viewer: Viewer) -> tuple[IndicatorFigure, ...]:
    member_orgs = community.memberships.values("organisation")
    indicators = SharedItem.objects.filter(
        community=community, kind=ItemKind.INDICATOR, tlp__in=CORRELATED, owner__in=member_orgs
    )
    owners: dict[str, set[str]] = defaultdict(set)
    labels: dict[tuple[str, str], TLP] = {}
    for payload, owner, tlp in indicators.values_list("payload", "owner__name", "tlp"):
        for value in indicator_values(payload):
            owners[value].add(owner)
            # A member is named when any of its items with this value is GREEN or lower.
            old = labels.get((value, owner))
            if old is None or TLP(tlp).rank < old.rank:
                labels[(value, owner)] = TLP(tlp)
    seen: set[str] = set()
    for payload in (
        SharedItem.objects.filter(visible_q(viewer))
        .filter(community=community, kind=ItemKind.INDICATOR)
        .values_list("payload", flat=True)
    ):
        seen |= indicator_values(payload)
    out = []
    for value in sorted(owners):
        if value not in seen:
            continue
        named_ok = {o: labels[(value, o)] for o in owners[value]}
        fig = figure(value, owners[value], named_ok, community.k)
        if fig is not None:
            out.append(IndicatorFigure(value, fig.contributors, fig.named))
    out.sort(key=lambda f: (-f.members, f.value))
    return tuple(out)


def insight(community: Community, viewer: Viewer) -> Insight:
    figures, merged, failed = cascade(community)
    return Insight(
        k=community.k,
        concentration=supplier_concentration(community),
        cascade=figures,
        cascade_of=merged,
        cascade_failed=failed,
        indicators=correlated_indicators(community, viewer),
    )
