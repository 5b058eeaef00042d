"""The demo's mutual aid: Gemeente Buurdorp beside Gemeente Voorbeeld in a GRN.

Voorbeeld asks for forensic help after ransomware (sharing who it is, how
much and when, not the description or the contact); Buurdorp has offered
one specialist and the two have agreed, each step in the audit trail.
Buurdorp asks for temporary workplaces, which Voorbeeld has not answered
yet. The two CISOs get a (fictitious) mail address, so that a step taken in
the demo mails the other side (printed on the console without SMTP).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from weerbaar.aid import SharedField
from weerbaar.aid.lifecycle import OfferState, RequestState, Step
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.aid import trail
from weerbaar.web.aid.models import AidLocation, AidOffer, AidRequest, Capacity, OfferStatus
from weerbaar.web.sharing.models import Community, CommunityKind, CommunityMembership

#: Town halls (WGS84): Voorbeeld and its neighbour, about 12 km apart.
LOCATIONS = {"gemeente-voorbeeld": (52.157, 6.404), "gemeente-buurdorp": (52.210, 6.560)}


def load(
    voorbeeld: Organisation, buurdorp: Organisation, users: dict[str, Any], now: datetime
) -> str:
    """Create the network, locations, two requests, an offer and an agreement, once."""
    if AidRequest.objects.filter(organisation=voorbeeld).exists():
        return "Mutual aid already loaded."
    grn, _ = Community.objects.get_or_create(
        slug="grn-oost",
        defaults={
            "name": "Responsnetwerk Oost (GRN)",
            "kind": CommunityKind.GRN,
            "description": "Gemeenten in de regio Oost die elkaar bij digitale incidenten helpen.",
        },
    )
    for org in (voorbeeld, buurdorp):
        CommunityMembership.objects.get_or_create(community=grn, organisation=org)
        lat, lon = LOCATIONS[org.slug]
        AidLocation.objects.get_or_create(organisation=org, defaults={"lat": lat, "lon": lon})
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    forensics = AidRequest.objects.create(
        organisation=voorbeeld,
        network=grn,
        capacity=Capacity.FORENSICS,
        amount=2,
        starts=start,
        ends=start + timedelta(days=3),
        description="Ransomware op het virtualisatieplatform; sporen veiligstellen voor aangifte.",
        contact="CISO, via de crisiscoördinator (14 0000)",
        shared=sorted([SharedField.ORGANISATION, SharedField.AMOUNT, SharedField.WINDOW]),
        created_by=users.get("ciso"),
    )
    for name, org in (("ciso", voorbeeld), ("buurdorp", buurdorp)):
        user = users.get(name)
        if user is not None and not user.email:
            user.email = f"{name}@{org.slug}.example"
            user.save(update_fields=["email"])
    trail.record(
        forensics, voorbeeld, users.get("ciso"), Step.REQUEST, after=RequestState.OPEN.value
    )
    agreed = AidOffer.objects.create(
        request=forensics,
        organisation=buurdorp,
        amount=1,
        starts=start + timedelta(hours=2),
        ends=start + timedelta(days=2),
        note="Een forensisch specialist van ons SOC, met eigen onderzoeksset.",
        contact="Teamleider informatiebeveiliging Buurdorp",
        status=OfferStatus.AGREED,
        created_by=users.get("buurdorp"),
        accepted_by=users.get("ciso"),
        accepted=now,
        confirmed_by=users.get("buurdorp"),
        confirmed=now,
    )
    for step, who, org, before, after in (
        (Step.OFFER, "buurdorp", buurdorp, "", OfferState.OFFERED),
        (Step.ACCEPT, "ciso", voorbeeld, OfferState.OFFERED, OfferState.ACCEPTED),
        (Step.CONFIRM, "buurdorp", buurdorp, OfferState.ACCEPTED, OfferState.AGREED),
    ):
        trail.record(
            forensics, org, users.get(who), step,
            offer=agreed, before=str(before), after=after.value,
        )  # fmt: skip
    workplaces = AidRequest.objects.create(
        organisation=buurdorp,
        network=grn,
        capacity=Capacity.WORKPLACES,
        amount=15,
        starts=start + timedelta(days=1),
        ends=start + timedelta(days=8),
        description="Stroomstoring in het stadskantoor; het klantcontactcentrum moet uitwijken.",
        contact="Crisiscoördinator Buurdorp",
        shared=sorted([f.value for f in SharedField]),
        created_by=users.get("buurdorp"),
    )
    trail.record(
        workplaces, buurdorp, users.get("buurdorp"), Step.REQUEST, after=RequestState.OPEN.value
    )
    return "Loaded mutual aid: Responsnetwerk Oost, Gemeente Buurdorp, two requests, one agreement."
