"""A crisis coordinator registers an incident on two nodes, sees the forecast, records a
restore and sees the forecast change. Also axe-core on every incident page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from weerbaar.model import load_map
from weerbaar.web.accounts.models import Role
from weerbaar.web.incidents import demo as incidents_demo
from weerbaar.web.incidents.models import Incident

from .conftest import EXAMPLE, make_user

pytestmark = pytest.mark.browser


def test_it_forecasts_an_incident_and_updates_it_after_a_restore(
    page: Page, demo: Any, logged_in: Any, problems: Any
) -> None:
    crisis = make_user("crisis", demo.record.organisation, Role.CRISISCOORDINATOR, "Karel Crisis")
    logged_in(page, crisis)
    page.goto(demo.url("incidents:list"))
    detected = (timezone.localtime() - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Titel").fill("Ransomware en glasvezelbreuk")
    page.get_by_label("Soort").select_option("ransomware")
    page.get_by_label("Ontdekt op").fill(detected)
    page.get_by_label("Uitgevallen knooppunten").select_option(
        ["suite-sociaal-domein", "internet-glasnet"]
    )
    page.get_by_label("Verwachte duur tot herstel").fill("tri(1d, 3d, 1w)")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Het incident is geregistreerd.")).to_be_visible()
    expect(page.locator("[data-wb-deadline=ibd]")).to_be_visible()

    page.get_by_role("link", name="Prognose: wat valt er nog uit?").click()
    brp = page.locator("[data-wb-process=burgerzaken-brp]")
    expect(brp).to_be_visible()
    expect(brp.locator("[data-wb-breach]")).not_to_have_text("—")
    expect(page.locator("#wb-forecast-t")).to_have_count(1)
    expect(page.locator("[data-wb-restores] li").first).to_be_visible()

    page.get_by_role("link", name="Terug naar het incident").click()
    form = page.get_by_role("form", name="Herstel van Internettoegang via GlasNet")
    form.get_by_label("Hersteld op").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Vastgelegd; de prognose is bijgewerkt.")).to_be_visible()

    page.get_by_role("link", name="Prognose: wat valt er nog uit?").click()
    expect(page.locator("[data-wb-process=burgerzaken-brp] [data-wb-breach]")).to_have_text("—")
    expect(page.locator("[data-wb-process=jeugdzorg] [data-wb-breach]")).not_to_have_text("—")
    incident = Incident.objects.get()
    assert incident.affected.get(node_id="internet-glasnet").restored is not None
    assert incident.log.filter(text__startswith="Hersteld").exists()
    assert not problems.csp and not problems.errors


PAGES = ["list", "detail", "forecast", "closed", "duties", "edit"]


@pytest.mark.parametrize("key", PAGES)
def test_incident_pages_have_no_serious_accessibility_violations(
    key: str, page: Page, demo: Any, signed_in: Any, axe: Any, problems: Any
) -> None:
    incidents_demo.load(demo.record, load_map(EXAMPLE), timezone.now())
    open_one = demo.record.incidents.exclude(phase="closed").get()
    closed = demo.record.incidents.get(phase="closed")
    paths = {
        "list": demo.url("incidents:list"),
        "detail": demo.url("incidents:detail", incident_id=open_one.pk),
        "forecast": demo.url("incidents:forecast", incident_id=open_one.pk),
        "closed": demo.url("incidents:detail", incident_id=closed.pk),
        "duties": demo.url("incidents:duties"),
        "edit": demo.url("incidents:edit", incident_id=open_one.pk),
    }
    signed_in(page, demo.ciso)
    response = page.goto(paths[key])
    assert response is not None and response.status == 200
    serious = [str(v) for v in axe(page) if v.blocking]
    assert not serious, f"axe-core on {key}:\n" + "\n".join(serious)
    assert not problems.csp and not problems.errors
