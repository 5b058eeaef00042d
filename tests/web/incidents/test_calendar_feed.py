"""The subscribed calendar: a secret per-user address, hashed, revocable, never more than
the user may see."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from weerbaar.model import from_data
from weerbaar.web.accounts.models import Membership, Role
from weerbaar.web.incidents import feed
from weerbaar.web.incidents.models import CalendarFeed, Incident
from weerbaar.web.incidents.store import open_incident

pytestmark = pytest.mark.django_db


def opened(record: Any, title: str) -> Incident:
    return open_incident(
        record,
        from_data(record.current().data),
        title=title,
        nodes=["suite"],
        detected=timezone.now() - timedelta(hours=1),
        personal_data=True,
    )


def address_of(client: Client) -> str:
    page = client.post(reverse("agenda:subscription"), {"action": "renew"})
    assert page.status_code == 200
    found = re.search(r"data-wb-feed-address>([^<]+)<", page.content.decode())
    assert found is not None
    return found.group(1).replace("http://testserver", "")


def summaries(body: bytes) -> list[str]:
    return [str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")]


def test_it_serves_the_users_deadlines_without_a_session(world: dict[str, Any], login: Any) -> None:
    incident = opened(world["map_a"], "Datalek bij A")
    address = address_of(login(world["users"][Role.CISO]))
    response = Client().get(address)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert f"{incident.reference}: Autoriteit Persoonsgegevens" in " ".join(
        summaries(response.content)
    )


def test_it_keeps_only_the_hash_of_the_address(world: dict[str, Any], login: Any) -> None:
    address = address_of(login(world["users"][Role.CISO]))
    token = address.split("/")[-2]
    stored = CalendarFeed.objects.get()
    assert stored.digest == feed.digest(token) and token not in stored.digest


def test_it_answers_a_wrong_address_as_for_nothing(world: dict[str, Any], login: Any) -> None:
    opened(world["map_a"], "Datalek bij A")
    address = address_of(login(world["users"][Role.CISO]))
    token = address.split("/")[-2]
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (wrong, "x", "a" * 300, ""):
        if bad:
            assert Client().get(reverse("agenda:feed", kwargs={"token": bad})).status_code == 404
    # Without its token, the path is not even the calendar.
    assert Client().get("/agenda//meldtermijnen.ics").status_code == 404


def test_it_answers_a_revoked_or_replaced_address_as_for_nothing(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    first = address_of(client)
    second = address_of(client)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    client.post(reverse("agenda:subscription"), {"action": "revoke"})
    assert Client().get(second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_it_never_shows_another_organisations_incidents(world: dict[str, Any], login: Any) -> None:
    mine = opened(world["map_a"], "Datalek bij A")
    theirs = opened(world["map_b"], "Geheim van B")
    body = Client().get(address_of(login(world["users"][Role.CISO]))).content
    text = body.decode()
    assert mine.title in text and "Geheim van B" not in text
    assert all(s.startswith(mine.reference) for s in summaries(body))
    assert theirs.reference != mine.reference or world["map_b"].name not in text


@pytest.mark.parametrize("role", [Role.KETENPARTNER])
def test_it_gives_a_partner_an_empty_calendar(
    world: dict[str, Any], login: Any, role: Role
) -> None:
    opened(world["map_a"], "Datalek bij A")
    body = Client().get(address_of(login(world["users"][role]))).content
    assert summaries(body) == [] and b"Datalek bij A" not in body


def test_it_follows_the_users_rights_at_each_fetch(world: dict[str, Any], login: Any) -> None:
    opened(world["map_a"], "Datalek bij A")
    user = world["users"][Role.CISO]
    address = address_of(login(user))
    Membership.objects.filter(user=user).delete()
    body = Client().get(address).content
    assert summaries(body) == []
    user.is_active = False
    user.save()
    assert Client().get(address).status_code == 404


def test_it_refuses_to_change_anything_through_the_feed(world: dict[str, Any], login: Any) -> None:
    address = address_of(login(world["users"][Role.CISO]))
    assert Client().post(address).status_code in (403, 404)
    assert CalendarFeed.objects.count() == 1


def test_it_asks_a_login_for_the_page_that_makes_the_address(client: Client) -> None:
    response = client.get(reverse("agenda:subscription"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
