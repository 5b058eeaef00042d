"""Contacts of an incident: added, changed and removed, each with who, when, before and after."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.model import from_data
from weerbaar.web.accounts.models import Role
from weerbaar.web.incidents.models import Contact, Incident, LogEntry
from weerbaar.web.incidents.store import open_incident

pytestmark = pytest.mark.django_db


def opened(world: dict[str, Any]) -> Incident:
    record = world["map_a"]
    return open_incident(record, from_data(record.current().data), title="Storing", nodes=["power"])


def url(name: str, world: dict[str, Any], **kwargs: Any) -> str:
    return reverse(f"incidents:{name}", kwargs={"map_id": world["map_a"].pk, **kwargs})


def contact(incident: Incident) -> Contact:
    return Contact.objects.create(
        incident=incident, role="Woordvoerder", organisation="Gemeente A", reach="14 0000"
    )


def test_it_changes_a_contact_with_before_and_after(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    c = contact(incident)
    client = login(world["users"][Role.CRISISCOORDINATOR])
    edit = url("contact_edit", world, incident_id=incident.pk, contact_id=c.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"role": "Woordvoerder", "organisation": "", "reach": "14 0001"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.reach == "14 0001"
    entry = incident.log.first()
    assert entry is not None and entry.author == world["users"][Role.CRISISCOORDINATOR]
    assert entry.before["reach"] == "14 0000" and entry.after["reach"] == "14 0001"


def test_it_removes_a_contact_and_keeps_what_it_was(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    c = contact(incident)
    client = login(world["users"][Role.CISO])
    response = client.post(url("contact_remove", world, incident_id=incident.pk, contact_id=c.pk))
    assert response.status_code == 302 and not Contact.objects.exists()
    entry = incident.log.first()
    assert entry is not None and entry.before["role"] == "Woordvoerder" and entry.after is None


def test_it_refuses_a_bad_change_and_keeps_the_contact(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    c = contact(incident)
    before = LogEntry.objects.count()
    response = login(world["users"][Role.CISO]).post(
        url("contact_edit", world, incident_id=incident.pk, contact_id=c.pk), {"role": ""}
    )
    assert response.status_code == 400 and response.context["form"].errors["role"]
    c.refresh_from_db()
    assert c.reach == "14 0000" and LogEntry.objects.count() == before


def test_it_hides_a_contact_of_another_incident(world: dict[str, Any], login: Any) -> None:
    incident, other = opened(world), opened(world)
    c = contact(other)
    client = login(world["users"][Role.CISO])
    assert (
        client.get(url("contact_edit", world, incident_id=incident.pk, contact_id=c.pk)).status_code
        == 404
    )
    removal = url("contact_remove", world, incident_id=incident.pk, contact_id=c.pk)
    assert client.post(removal).status_code == 404 and Contact.objects.filter(pk=c.pk).exists()


@pytest.mark.parametrize("role", [Role.BESTUURDER, Role.KETENPARTNER])
def test_it_lets_only_responders_change_contacts(
    world: dict[str, Any], login: Any, role: Role
) -> None:
    incident = opened(world)
    c = contact(incident)
    client = login(world["users"][role])
    edit = url("contact_edit", world, incident_id=incident.pk, contact_id=c.pk)
    assert client.post(edit, {"role": "X"}).status_code == 403
    removal = url("contact_remove", world, incident_id=incident.pk, contact_id=c.pk)
    assert client.post(removal).status_code == 403 and Contact.objects.filter(pk=c.pk).exists()


def test_it_answers_another_municipality_as_for_nothing(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    c = contact(incident)
    client = login(world["user_b"])
    edit = url("contact_edit", world, incident_id=incident.pk, contact_id=c.pk)
    assert client.get(edit).status_code == 404
