"""Sharing an incident: only the ticked facts go along, the incident's log says so, and the
label decides who sees the item (a named partner, nobody else outside)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from weerbaar.model import from_data
from weerbaar.web.accounts.models import Role
from weerbaar.web.incidents.models import Contact, Incident
from weerbaar.web.incidents.store import open_incident
from weerbaar.web.sharing.models import Channel, Disclosure, ItemKind, SharedItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(shared: dict[str, Any]) -> Incident:
    record = shared["map_a"]
    found = open_incident(
        record,
        from_data(record.current().data),
        title="Ransomware bij de hoster",
        nodes=["hosting"],
        detected=timezone.now() - timedelta(hours=3),
    )
    found.description = "Versleuteld door groep X-geheim"
    found.lessons = "Offline back-ups testen"
    found.save()
    Contact.objects.create(incident=found, role="CISO", reach="06-geheim")
    return found


def url(incident: Incident) -> str:
    return reverse("sharing:share_incident", kwargs={"incident_id": incident.pk})


def post(shared: dict[str, Any], incident: Incident, login: Any, **extra: Any) -> Any:
    data = {
        "kind": ItemKind.INCIDENT,
        "title": "Ransomware bij onze hoster",
        "body": "Let op bij Hosting BV.",
        "tlp": "amber",
        "recipient_organisations": [shared["org_b"].pk],
        **extra,
    }
    return login(shared["author"]).post(url(incident), data)


def test_it_offers_the_incident_with_the_first_facts_ticked(
    shared: dict[str, Any], incident: Incident, login: Any
) -> None:
    body = login(shared["author"]).get(url(incident)).content.decode()
    assert incident.reference in body and "Ransomware bij de hoster" in body
    ticked = set(re.findall(r'<input[^>]*name="facts" value="(\w+)"[^>]*checked', body))
    assert ticked == {"kind", "detected"}
    # Nothing of the incident is in the form but its title: the rest goes only when ticked.
    assert "X-geheim" not in body and "06-geheim" not in body


def test_it_shares_only_the_ticked_facts(
    shared: dict[str, Any], incident: Incident, login: Any
) -> None:
    response = post(shared, incident, login, facts=["kind", "affected"])
    assert response.status_code == 302
    item = SharedItem.objects.get(title="Ransomware bij onze hoster")
    assert (item.source_type, item.source_id) == ("incidents.incident", str(incident.pk))
    facts = item.payload["incident"]
    assert facts["reference"] == incident.reference
    assert facts["type"] and facts["affected"][0]["node"] == "hosting"
    assert "description" not in facts and "lessons" not in facts and "detected" not in facts
    assert (
        "X-geheim" not in item.body and "Offline" not in item.body and "06-geheim" not in item.body
    )
    assert item.body.startswith("Let op bij Hosting BV.") and "hosting" in item.body
    # The incident's own log keeps that it was shared, under which label and with whom.
    entry = incident.log.order_by("-pk").first()
    assert entry is not None and "TLP:AMBER" in entry.text and "Gemeente B" in entry.text


def test_it_shares_the_description_and_lessons_when_ticked(
    shared: dict[str, Any], incident: Incident, login: Any
) -> None:
    post(shared, incident, login, facts=["description", "lessons"])
    item = SharedItem.objects.get(source_type="incidents.incident")
    assert "X-geheim" in item.body and "Offline back-ups testen" in item.body
    assert "06-geheim" not in item.body


def test_it_shows_the_item_to_the_named_partner_and_nobody_else_outside(
    shared: dict[str, Any], incident: Incident, login: Any
) -> None:
    location = post(shared, incident, login, facts=["kind"])["Location"]
    partner = login(shared["viewers"]["recipient-org"])
    assert "Ransomware bij onze hoster" in partner.get(location).content.decode()
    assert Disclosure.objects.filter(channel=Channel.PAGE, who="b-ciso").count() == 1
    for other in ("community", "outsider", "named", "map-partner"):
        client = login(shared["viewers"][other])
        assert client.get(location).status_code == 404, other
        assert "onze hoster" not in client.get(reverse("sharing:inbox")).content.decode()


def test_it_refuses_amber_without_a_partner(
    shared: dict[str, Any], incident: Incident, login: Any
) -> None:
    response = post(shared, incident, login, recipient_organisations=[])
    assert response.status_code == 400
    assert not SharedItem.objects.filter(source_type="incidents.incident").exists()
    assert not incident.log.filter(text__startswith="Gedeeld").exists()


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("bestuurder", 403), ("recipient-org", 404), ("map-partner", 404), ("outsider", 404)],
)
def test_it_lets_only_who_reads_the_incident_and_shares_for_the_municipality(
    viewer: str, status: int, shared: dict[str, Any], incident: Incident, login: Any
) -> None:
    user = (
        shared["viewers"][viewer] if viewer in shared["viewers"] else shared["users"][Role(viewer)]
    )
    client = login(user)
    assert client.get(url(incident)).status_code == status
    assert post(shared, incident, lambda _u: client).status_code == status
    missing = reverse("sharing:share_incident", kwargs={"incident_id": 999999})
    assert client.get(missing).status_code == 404


def test_it_links_from_the_incident_page_for_those_who_may_share(
    shared: dict[str, Any], incident: Incident, login: Any
) -> None:
    page = reverse(
        "incidents:detail", kwargs={"map_id": shared["map_a"].pk, "incident_id": incident.pk}
    )
    assert url(incident) in login(shared["author"]).get(page).content.decode()
    bestuurder = login(shared["users"][Role.BESTUURDER]).get(page)
    assert bestuurder.status_code == 200 and url(incident) not in bestuurder.content.decode()
