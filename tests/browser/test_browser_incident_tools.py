"""The incident pages' tools: countdowns that tick, node ids found on a large map, the
calendar address and the contact form; axe-core on each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from weerbaar.model import load_map
from weerbaar.web.accounts.models import Role
from weerbaar.web.incidents import demo as incidents_demo
from weerbaar.web.incidents.store import open_incident

from .conftest import EXAMPLE, make_user

pytestmark = pytest.mark.browser


def test_it_counts_the_deadlines_down_each_minute_and_says_when_one_is_due_soon(
    page: Page, demo: Any, signed_in: Any, problems: Any
) -> None:
    now = timezone.now()
    # The IBD's 24 hours end 6 h and 30 s from now: "6:00", due soon a minute later.
    incident = open_incident(
        demo.record,
        load_map(EXAMPLE),
        title="Storing",
        nodes=["internet-glasnet"],
        detected=now - timedelta(hours=17, minutes=59, seconds=30),
    )
    signed_in(page, demo.ciso)
    page.clock.install(time=now)
    # Paused: only run_for moves the page's time, however slowly a loaded machine
    # serves the page (with the clock running, a landing under load once saw no tick).
    page.clock.pause_at(now + timedelta(milliseconds=500))
    page.goto(demo.url("incidents:detail", incident_id=incident.pk))
    row = page.locator("[data-wb-deadline=ibd]")
    cell = row.locator("[data-wb-countdown]")
    expect(cell).to_have_text("6:00")  # the server's text, before any script ran
    expect(row).to_have_attribute("data-state", "open")
    status = page.locator("[data-wb-countdown-status]")
    page.clock.run_for(61_000)
    expect(cell).to_have_text("5:59")
    expect(row).to_have_attribute("data-state", "due-soon")
    expect(status).to_contain_text("IBD")
    expect(status).to_contain_text("bijna verlopen")
    page.clock.run_for(60_000)
    expect(cell).to_have_text("5:58")
    # Said once: a minute later the status line has nothing new to say.
    expect(status).to_contain_text("bijna verlopen")
    page.clock.run_for(6 * 3600 * 1000)
    expect(row).to_have_attribute("data-state", "overdue")
    expect(cell).to_contain_text("verlopen")
    assert not problems.csp and not problems.errors


def test_it_says_due_soon_by_the_exact_time_not_the_whole_minute(
    page: Page, demo: Any, signed_in: Any, problems: Any
) -> None:
    # The IBD's 24 hours end 6 h 30 s after the browser's clock starts: two
    # seconds later 6 h 28 s are left, still more than the 6 h of REMINDER_LEAD,
    # so the row stays open (as the server says) although its whole minutes
    # read "6:00"; a minute later it is due soon.
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=2, seconds=-1)
    incident = open_incident(
        demo.record,
        load_map(EXAMPLE),
        title="Storing",
        nodes=["internet-glasnet"],
        detected=start - timedelta(hours=17, minutes=59, seconds=30),
    )
    signed_in(page, demo.ciso)
    page.clock.install(time=start)
    page.clock.pause_at(start + timedelta(milliseconds=500))
    page.goto(demo.url("incidents:detail", incident_id=incident.pk))
    row = page.locator("[data-wb-deadline=ibd]")
    page.clock.run_for(2_000)
    expect(row.locator("[data-wb-countdown]")).to_have_text("6:00")
    expect(row).to_have_attribute("data-state", "open")
    page.clock.run_for(60_000)
    expect(row).to_have_attribute("data-state", "due-soon")
    assert not problems.csp and not problems.errors


def test_it_suggests_node_ids_on_a_large_map(
    page: Page,
    demo: Any,
    logged_in: Any,
    problems: Any,
    monkeypatch: pytest.MonkeyPatch,
    axe: Any,
) -> None:
    monkeypatch.setattr("weerbaar.web.incidents.forms.register.NODE_CHOICE_LIMIT", 10)
    crisis = make_user("crisis", demo.record.organisation, Role.CRISISCOORDINATOR, "Karel Crisis")
    logged_in(page, crisis)
    page.goto(demo.url("incidents:list"))
    field = page.get_by_label("Uitgevallen knooppunten")
    expect(field).to_have_attribute("list", "wb-node-suggestions-1")
    field.press_sequentially("internet-glasnet, sociaal")
    suggested = page.locator('#wb-node-suggestions-1 option[label^="Suite sociaal domein"]')
    expect(suggested).to_have_attribute("value", "internet-glasnet, suite-sociaal-domein")
    field.fill("internet-glasnet, suite-sociaal-domein")
    page.get_by_label("Titel").fill("Twee uitvallen")
    page.get_by_label("Soort").select_option("storing")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Het incident is geregistreerd.")).to_be_visible()
    expect(page.locator("[data-wb-node=suite-sociaal-domein]")).to_be_visible()
    serious = [str(v) for v in axe(page) if v.blocking]
    assert not serious, "\n".join(serious)
    assert not problems.csp and not problems.errors


PAGES = ["search", "subscription", "contact", "large-list"]


@pytest.mark.parametrize("key", PAGES)
def test_the_new_incident_pages_have_no_serious_accessibility_violations(
    key: str,
    page: Page,
    demo: Any,
    signed_in: Any,
    axe: Any,
    problems: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    incidents_demo.load(demo.record, load_map(EXAMPLE), timezone.now())
    open_one = demo.record.incidents.exclude(phase="closed").get()
    contact = open_one.contacts.first()
    assert contact is not None
    monkeypatch.setattr("weerbaar.web.incidents.forms.register.NODE_CHOICE_LIMIT", 10)
    paths = {
        "search": demo.url("incidents:node_search") + "?q=e",
        "subscription": "/agenda/",
        "contact": demo.url(
            "incidents:contact_edit", incident_id=open_one.pk, contact_id=contact.pk
        ),
        "large-list": demo.url("incidents:list"),
    }
    signed_in(page, demo.ciso)
    response = page.goto(paths[key])
    assert response is not None and response.status == 200
    if key == "subscription":
        page.get_by_role("button", name="Adres maken").click()
        expect(page.locator("[data-wb-feed-address]")).to_contain_text("/meldtermijnen.ics")
    serious = [str(v) for v in axe(page) if v.blocking]
    assert not serious, f"axe-core on {key}:\n" + "\n".join(serious)
    assert not problems.csp and not problems.errors
