"""A crisis coordinator asks the response network for help; a neighbour offers; axe on the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from weerbaar.web.accounts.models import Organisation, Role
from weerbaar.web.aid import demo as aid_demo
from weerbaar.web.aid.models import AidOffer, AidRequest

from .conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def network(demo: Any) -> dict[str, Any]:
    gemeente = demo.record.organisation
    buurdorp = Organisation.objects.create(name="Gemeente Buurdorp", slug="gemeente-buurdorp")
    neighbour = make_user("buurdorp", buurdorp, Role.CISO, "Bram Buurdorp")
    aid_demo.load(gemeente, buurdorp, {"ciso": demo.ciso, "buurdorp": neighbour}, timezone.now())
    return {"neighbour": neighbour}


def test_it_asks_for_help_and_a_neighbour_offers(
    page: Page, demo: Any, network: dict[str, Any], signed_in: Any, problems: Any
) -> None:
    signed_in(page, demo.ciso)
    page.goto("/bijstand/verzoeken/nieuw/")
    page.get_by_label("Soort hulp").select_option(label="liaison")
    page.get_by_label("Hoeveel", exact=True).fill("1")
    start = timezone.localtime() + timedelta(hours=2)
    page.get_by_label("Vanaf").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Tot").fill((start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Toelichting", exact=True).fill("Liaison in het gemeentelijk beleidsteam")
    page.get_by_label("de vragende organisatie").check()
    page.get_by_role("button", name="Verzoek versturen").click()
    expect(page.get_by_text("Het verzoek staat open")).to_be_visible()
    request = AidRequest.objects.get(capacity="liaison")

    signed_in(page, network["neighbour"])
    page.goto(f"/bijstand/verzoeken/{request.pk}/")
    expect(page.get_by_role("definition").filter(has_text="Gemeente Voorbeeld")).to_be_visible()
    expect(page.get_by_text("Liaison in het gemeentelijk beleidsteam")).to_have_count(0)
    page.get_by_label("Hoeveel", exact=True).fill("1")
    page.get_by_label("Vanaf").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Tot").fill((start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Aanbieden").click()
    expect(page.get_by_text("Uw aanbod is verstuurd.")).to_be_visible()
    assert AidOffer.objects.filter(request=request).count() == 1
    assert not problems.errors and not problems.csp


@pytest.mark.parametrize("key", ["index", "request", "new", "location", "offered"])
def test_aid_pages_have_no_serious_accessibility_violations(
    key: str, page: Page, demo: Any, network: dict[str, Any], signed_in: Any, axe: Any,
    problems: Any,
) -> None:  # fmt: skip
    own = AidRequest.objects.get(organisation=demo.record.organisation)
    paths = {
        "index": "/bijstand/",
        "request": f"/bijstand/verzoeken/{own.pk}/",
        "new": "/bijstand/verzoeken/nieuw/",
        "location": "/bijstand/locatie/",
        # Voorbeeld's request as the neighbour sees it: its own offer's trail.
        "offered": f"/bijstand/verzoeken/{own.pk}/",
    }
    signed_in(page, network["neighbour"] if key == "offered" else demo.ciso)
    response = page.goto(paths[key])
    assert response is not None and response.status == 200
    if key in ("request", "offered"):
        expect(page.locator("[data-wb-aid-events] [data-wb-step=confirm]")).to_have_count(1)
    serious = [str(v) for v in axe(page) if v.blocking]
    assert not serious, f"axe-core on {key}:\n" + "\n".join(serious)
    assert not problems.csp and not problems.errors
