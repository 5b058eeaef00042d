"""Sharing in a browser: an incident shared at TLP:AMBER with one named partner is there for
that partner and for no other member of the region; axe-core on every sharing page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from weerbaar.model import from_data
from weerbaar.web.accounts.models import Organisation, Role
from weerbaar.web.incidents.models import Incident
from weerbaar.web.incidents.store import open_incident
from weerbaar.web.sharing.models import (
    Community,
    CommunityKind,
    CommunityMembership,
    Disclosure,
    SharedItem,
)

from .conftest import EXAMPLE, make_user

pytestmark = pytest.mark.browser

TITLE = "Ransomware bij onze leverancier"


@pytest.fixture
def region(demo: Any) -> dict[str, Any]:
    """Voorbeeld in a region with Oostdorp and Rivierstad, and an incident of Voorbeeld's."""
    gemeente = demo.record.organisation
    oostdorp = Organisation.objects.create(name="Gemeente Oostdorp", slug="gemeente-oostdorp")
    rivierstad = Organisation.objects.create(name="Gemeente Rivierstad", slug="gemeente-rivierstad")
    community = Community.objects.create(
        name="Veiligheidsregio Oost", slug="vr-oost", kind=CommunityKind.VEILIGHEIDSREGIO
    )
    for org in (gemeente, oostdorp, rivierstad):
        CommunityMembership.objects.create(community=community, organisation=org)
    record = demo.record
    incident = open_incident(
        record,
        from_data(record.current().data),
        title="Ransomware bij Sociaal Domein Software",
        nodes=["suite-sociaal-domein"],
        detected=timezone.now() - timedelta(hours=2),
        description="Losgeld geëist door groep X",
    )
    return {
        "incident": incident,
        "oostdorp": make_user("oostdorp", oostdorp, Role.CISO, "Olaf Oostdorp"),
        "rivierstad": make_user("rivierstad", rivierstad, Role.CISO, "Rik Rivierstad"),
        "community": community,
    }


def example_advisory(demo: Any) -> int:
    from weerbaar.web.advisories import store

    folder = EXAMPLE.parent / "advisories"
    files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.json"))[:1]]
    store.save(demo.record.organisation, store.read_uploads(files), None)
    return int(demo.record.organisation.advisories.get().pk)


def share_at_amber(page: Page, demo: Any, incident: Incident) -> None:
    page.goto(demo.url("incidents:detail", incident_id=incident.pk))
    page.get_by_role("link", name="Delen met partners (TLP)").click()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Tekst").fill("Controleer uw koppelingen met deze leverancier.")
    page.get_by_label("de uitgevallen knooppunten (namen en tijden)").check()
    page.get_by_label("TLP:AMBER —").check()
    page.get_by_label("Gemeente Oostdorp", exact=True).check()
    page.get_by_role("button", name="Delen").click()
    expect(page.get_by_text("Gedeeld onder TLP:AMBER.")).to_be_visible()


def test_it_shares_an_incident_at_amber_with_one_partner_only(
    page: Page, demo: Any, region: dict[str, Any], signed_in: Any, problems: Any
) -> None:
    signed_in(page, demo.ciso)
    share_at_amber(page, demo, region["incident"])
    item = SharedItem.objects.get(title=TITLE)
    assert item.tlp == "amber" and "Losgeld" not in item.body
    detail = page.url

    # The named partner finds it in "shared with me" and opens it.
    page.context.clear_cookies()
    signed_in(page, region["oostdorp"])
    page.goto("/delen/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Suite sociaal domein", exact=False).first).to_be_visible()
    assert Disclosure.objects.filter(item=item, who="oostdorp").exists()

    # Another member of the same region: not in its list, not at its address.
    page.context.clear_cookies()
    signed_in(page, region["rivierstad"])
    page.goto("/delen/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(TITLE)).to_have_count(0)
    response = page.goto(detail)
    assert response is not None and response.status == 404
    page.goto("/delen/?q=Ransomware")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    assert not Disclosure.objects.filter(item=item, who="rivierstad").exists()
    assert not problems.errors and not problems.csp


def test_sharing_pages_have_no_serious_accessibility_violations(
    page: Page, demo: Any, region: dict[str, Any], signed_in: Any, axe: Any, problems: Any
) -> None:
    signed_in(page, demo.ciso)
    share_at_amber(page, demo, region["incident"])
    item = SharedItem.objects.get(title=TITLE).stix_id
    slug = region["community"].slug
    paths = [
        "/delen/",
        "/delen/?van=ons",
        "/delen/nieuw/",
        f"/delen/nieuw/incident/{region['incident'].pk}/",
        f"/delen/{item}/",
        f"/delen/{item}/label/",
        f"/delen/{item}/inzage/",
        "/delen/gemeenschappen/",
        f"/delen/gemeenschappen/{slug}/",
        f"/delen/gemeenschappen/{slug}/inzicht/",
        f"/delen/nieuw/advies/{demo.map_id}/{example_advisory(demo)}/",
    ]
    serious = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        found = [str(v) for v in axe(page) if v.blocking]
        if found:
            serious[path] = found
    assert serious == {}
    assert not problems.csp and not problems.errors
