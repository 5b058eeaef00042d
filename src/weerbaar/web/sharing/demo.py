"""The demo's region: Veiligheidsregio Oost, its members and what they share.

Gemeente Voorbeeld and three neighbours whose maps ``weerbaar.scale``
generates (Oostdorp, Rivierstad, Heidebeek: one municipality each, renamed)
are members with the IBD. Each shares its map at a different detail and
label, so the regional insight (k = 3) shows real figures: the suppliers
most members hang on, the merged cascade of the three sharing nodes, and an
address three members saw. Items are shared at every label: Voorbeeld's
open incident at AMBER with Oostdorp only (through the same code as the
incident page's "share"), the lessons of its closed incident at GREEN,
indicators at GREEN and AMBER, a lesson at CLEAR, one at AMBER+STRICT that
stays in Heidebeek, a RED note for Voorbeeld's CISO alone, and Voorbeeld's
exposure to an example advisory (its public facts and the counts, not the
names of its nodes) at GREEN. Run after the advisories demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from weerbaar.interop.records import Observable
from weerbaar.model import to_data
from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Organisation, Role
from weerbaar.web.advisories.models import AdvisoryRecord
from weerbaar.web.analyses.sharing import neighbour_map
from weerbaar.web.incidents.models import Incident
from weerbaar.web.maps import service
from weerbaar.web.maps.models import RiskMapRecord
from weerbaar.web.sharing.models import (
    Community,
    CommunityKind,
    CommunityMembership,
    CommunityRole,
    ItemKind,
    MapDetailChoice,
    SharedItem,
)
from weerbaar.web.sharing.views.advisory import AdvisoryShareForm
from weerbaar.web.sharing.views.advisory import share as share_advisory
from weerbaar.web.sharing.views.incident import IncidentShareForm, share

REGION = "vr-oost"
#: The example advisory Voorbeeld shares its exposure to (examples/advisories/).
ADVISORY = "NCSC-2026-0412"
IBD = "ibd"


@dataclass(frozen=True)
class Neighbour:
    slug: str
    name: str
    #: The generator's seed: a different mix of suppliers for each.
    seed: int


NEIGHBOURS = (
    Neighbour("gemeente-oostdorp", "Gemeente Oostdorp", 11),
    Neighbour("gemeente-rivierstad", "Gemeente Rivierstad", 12),
    Neighbour("gemeente-heidebeek", "Gemeente Heidebeek", 13),
)

#: (username, full name, organisation slug, role): the people of the region.
USERS = [
    ("oostdorp", "Olaf Oostdorp", "gemeente-oostdorp", Role.CISO),
    ("rivierstad", "Rik Rivierstad", "gemeente-rivierstad", Role.CISO),
    ("ibd", "Ilse IBD", IBD, Role.CISO),
]

#: Per member: how much of its map it shares with the region, under which label.
POLICY = {
    "gemeente-voorbeeld": (MapDetailChoice.NODES, TLP.GREEN),
    "gemeente-oostdorp": (MapDetailChoice.NODES, TLP.AMBER),
    "gemeente-rivierstad": (MapDetailChoice.NODES, TLP.GREEN),
    "gemeente-heidebeek": (MapDetailChoice.SUPPLIERS, TLP.AMBER),
}

#: The phishing domain of the IBD's example event (examples/ibd-phishing.misp.json).
PHISHING = "digid-verificatie.example"
C2 = "198.51.100.23"


def organisations() -> dict[str, Organisation]:
    """The neighbours and the IBD, created once (before the demo users are)."""
    out = {
        n.slug: Organisation.objects.get_or_create(slug=n.slug, defaults={"name": n.name})[0]
        for n in NEIGHBOURS
    }
    out[IBD] = Organisation.objects.get_or_create(
        slug=IBD, defaults={"name": "Informatiebeveiligingsdienst (IBD)", "kind": "overig"}
    )[0]
    return out


def _maps(orgs: dict[str, Organisation]) -> dict[str, RiskMapRecord]:
    out = {}
    for n in NEIGHBOURS:
        org = orgs[n.slug]
        record = org.riskmaps.order_by("pk").first()
        if record is None:
            data = to_data(neighbour_map(n.name, n.seed))
            record = service.create_map(org, data, None, f"Gegenereerd (seed {n.seed})")
        out[n.slug] = record
    return out


def _region(gemeente: Organisation, orgs: dict[str, Organisation]) -> Community:
    region = Community.objects.create(
        name="Veiligheidsregio Oost",
        slug=REGION,
        kind=CommunityKind.VEILIGHEIDSREGIO,
        description="De gemeenten van de regio Oost met de IBD.",
        k=3,
    )
    maps = _maps(orgs) | {gemeente.slug: gemeente.riskmaps.order_by("pk").first()}
    for org in (gemeente, *orgs.values()):
        detail, label = POLICY.get(org.slug, (MapDetailChoice.NOTHING, TLP.AMBER))
        CommunityMembership.objects.create(
            community=region,
            organisation=org,
            role=CommunityRole.COORDINATOR if org.slug == IBD else CommunityRole.MEMBER,
            detail=detail,
            riskmap=maps.get(org.slug) if detail != MapDetailChoice.NOTHING else None,
            map_tlp=label.value,
        )
    return region


def _item(owner: Organisation, title: str, tlp: TLP, **fields: Any) -> SharedItem:
    names = fields.pop("recipient_organisations", [])
    people = fields.pop("recipient_users", [])
    value = fields.pop("value", None)
    if value is not None:
        found = Observable.guess(value)
        fields["payload"] = {
            "value": found.value,
            "observables": [{"kind": found.kind.value, "value": found.value}],
        }
        fields["kind"] = ItemKind.INDICATOR
    item = SharedItem.objects.create(owner=owner, title=title, tlp=tlp.value, **fields)
    item.recipient_organisations.set(names)
    item.recipient_users.set(people)
    return item


def _share_incident(
    incident: Incident, author: Any, data: dict[str, Any], facts: list[str]
) -> SharedItem:
    form = IncidentShareForm(incident.riskmap.organisation, {**data, "facts": facts})
    if not form.is_valid():  # the demo's own data: a failure here is a bug
        raise ValueError(form.errors.as_text())
    return share(incident, form, author, facts)


def _share_advisory(gemeente: Organisation, region: Community, author: Any) -> None:
    """Voorbeeld's exposure to the advisory on its sociaal-domein suite, at GREEN in the region."""
    record = AdvisoryRecord.objects.filter(organisation=gemeente, tracking_id=ADVISORY).first()
    riskmap = gemeente.riskmaps.order_by("pk").first()
    if record is None or riskmap is None:
        return
    form = AdvisoryShareForm(
        gemeente,
        {
            "kind": ItemKind.ADVISORY_IMPACT,
            "title": f"Lokale impact van {ADVISORY}",
            "body": "Wij hebben de update gepland; tot dan is de koppeling met DigiD uitgezet.",
            "tlp": TLP.GREEN.value,
            "community": str(region.pk),
            "facts": ["advisory", "counts"],
        },
    )
    if not form.is_valid():  # the demo's own data: a failure here is a bug
        raise ValueError(form.errors.as_text())
    share_advisory(riskmap, record, form, author)


def _items(
    gemeente: Organisation, orgs: dict[str, Organisation], region: Community, users: dict[str, Any]
) -> None:
    oostdorp, rivierstad = orgs["gemeente-oostdorp"], orgs["gemeente-rivierstad"]
    heidebeek = orgs["gemeente-heidebeek"]
    incidents = Incident.objects.filter(riskmap__organisation=gemeente)
    ciso = users.get("ciso")
    current = incidents.filter(closed__isnull=True).order_by("pk").first()
    if current is not None:
        _share_incident(
            current,
            ciso,
            {
                "kind": ItemKind.INCIDENT,
                "title": "Ransomware bij onze leverancier van de suite sociaal domein",
                "body": "Gebruikt u dezelfde suite? Controleer de koppelingen met de leverancier.",
                "tlp": TLP.AMBER.value,
                "recipient_organisations": [str(oostdorp.pk)],
            },
            ["kind", "detected", "affected"],
        )
    closed = incidents.filter(closed__isnull=False).order_by("pk").first()
    if closed is not None:
        _share_incident(
            closed,
            ciso,
            {
                "kind": ItemKind.LESSON,
                "title": "Lessen uit de stroomstoring",
                "body": "",
                "tlp": TLP.GREEN.value,
                "community": str(region.pk),
            },
            ["kind", "lessons"],
        )
    _share_advisory(gemeente, region, ciso)
    _item(oostdorp, "Phishingdomein in mail aan medewerkers", TLP.GREEN, value=PHISHING,
          community=region, author=users.get("oostdorp"))  # fmt: skip
    _item(rivierstad, "Inlogpogingen via phishingdomein", TLP.AMBER, value=PHISHING,
          community=region, recipient_organisations=[gemeente],
          author=users.get("rivierstad"))  # fmt: skip
    _item(heidebeek, "Verdacht verkeer naar C2-adres", TLP.GREEN, value=C2, community=region)
    _item(
        rivierstad,
        "Noodstroom: proefdraaien onder belasting",
        TLP.CLEAR,
        kind=ItemKind.LESSON,
        community=region,
        body="Ons aggregaat startte, maar viel na tien minuten uit onder volle belasting.",
        author=users.get("rivierstad"),
    )
    _item(
        heidebeek,
        "Interne evaluatie DigiD-storing",
        TLP.AMBER_STRICT,
        kind=ItemKind.LESSON,
        body="Alleen voor Heidebeek.",
    )
    _item(
        oostdorp,
        "Persoonlijk: kwetsbaarheid in de toegangspas van het stadskantoor",
        TLP.RED,
        kind=ItemKind.LESSON,
        body="Alleen voor de CISO van Voorbeeld; niet verder delen.",
        recipient_users=[ciso] if ciso is not None else [],
        author=users.get("oostdorp"),
    )


def load(gemeente: Organisation, users: dict[str, Any]) -> str:
    """Create the region, its members' maps and shared items once; what it did, as one line.

    ``users``: the demo's people by username (``ciso`` of Voorbeeld, ``oostdorp``…).
    Run after the incidents demo: Voorbeeld shares its incidents.
    """
    if Community.objects.filter(slug=REGION).exists():
        return "Veiligheidsregio Oost already loaded.\n"
    orgs = organisations()
    region = _region(gemeente, orgs)
    _items(gemeente, orgs, region, users)
    return (
        f"Veiligheidsregio Oost: {region.memberships.count()} members, "
        f"{SharedItem.objects.filter(owner__community_memberships__community=region).count()} "
        "shared items.\n"
    )
