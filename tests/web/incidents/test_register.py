"""The incident register: register, update, log, close with lessons; bad input saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.model import from_data
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.accounts.models import Role
from weerbaar.web.incidents.models import AffectedNode, EntryKind, Incident, LogEntry
from weerbaar.web.incidents.store import IncidentError, open_incident

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Ransomware bij de hoster",
    "kind": "ransomware",
    "severity": "high",
    "grip": "1",
    "detected": "2026-12-05T09:00",
    "nodes": ["hosting", "internet-a"],
    "expected": "tri(4h, 8h, 2d)",
    "description": "",
}


def url(name: str, world: dict[str, Any], **kwargs: Any) -> str:
    return reverse(f"incidents:{name}", kwargs={"map_id": world["map_a"].pk, **kwargs})


def opened(world: dict[str, Any], **kwargs: Any) -> Incident:
    record = world["map_a"]
    return open_incident(
        record, from_data(record.current().data), title="Storing", nodes=["power"], **kwargs
    )


def test_it_registers_an_incident_on_two_nodes_with_an_audit_entry(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CRISISCOORDINATOR])
    response = client.post(url("new", world), NEW)
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.reference == "INC-2026-001"
    assert sorted(incident.affected.values_list("node_id", flat=True)) == ["hosting", "internet-a"]
    entry = incident.log.get()
    assert entry.kind == EntryKind.CHANGE
    assert entry.author == world["users"][Role.CRISISCOORDINATOR]
    page = client.get(url("detail", world, incident_id=incident.pk)).content.decode()
    assert "Ransomware bij de hoster" in page and "tri(4h, 8h, 2d)" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("expected", "tri(8h, 4h, 2d)"), ("nodes", ["no-such-node"]), ("detected", "gisteren")],
)
def test_it_answers_bad_input_with_a_field_error_and_saves_nothing(
    world: dict[str, Any], login: Any, field: str, value: Any
) -> None:
    client = login(world["users"][Role.CISO])
    response = client.post(url("new", world), {**NEW, field: value})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Incident.objects.exists() and not LogEntry.objects.exists()


def test_it_refuses_an_unknown_node_when_another_app_opens_an_incident(
    world: dict[str, Any],
) -> None:
    record = world["map_a"]
    with pytest.raises(IncidentError, match="no-such-node"):
        open_incident(record, from_data(record.current().data), title="X", nodes=["no-such-node"])
    assert not Incident.objects.exists()


def test_it_records_a_restore_with_before_and_after(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    row = incident.affected.get()
    client = login(world["users"][Role.ADVISEUR_OOV])
    target = url("affected_update", world, incident_id=incident.pk, row_id=row.pk)
    response = client.post(
        target, {f"r{row.pk}-restored": "2099-01-01T10:00", f"r{row.pk}-expected": ""}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.restored is not None
    entry = incident.log.first()
    assert entry.before["restored"] is None and entry.after["restored"].startswith("2099-01-01")


def test_it_refuses_a_restore_before_the_failure(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    row = incident.affected.get()
    client = login(world["users"][Role.CISO])
    target = url("affected_update", world, incident_id=incident.pk, row_id=row.pk)
    response = client.post(target, {f"r{row.pk}-restored": "2000-01-01T10:00"})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.restored is None


def test_it_moves_the_phase_only_along_the_lifecycle(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    client = login(world["users"][Role.CRISISCOORDINATOR])
    bad = client.post(url("phase", world, incident_id=incident.pk), {"phase": "recovery"})
    assert bad.status_code == 400
    good = client.post(url("phase", world, incident_id=incident.pk), {"phase": "triage"})
    assert good.status_code == 302
    incident.refresh_from_db()
    assert incident.phase == "triage"
    assert incident.log.first().after == {"phase": "triage"}


def test_it_closes_with_lessons_that_become_improvement_actions(
    world: dict[str, Any], login: Any
) -> None:
    incident = opened(world)
    Incident.objects.filter(pk=incident.pk).update(phase="aftercare")
    client = login(world["users"][Role.CISO])
    response = client.post(
        url("close", world, incident_id=incident.pk),
        {
            "lessons": "Draaiboek stroom ontbrak.",
            "actions": "Draaiboek stroom\n\nNoodstroom testen",
            "owner": "CISO",
            "due": "2027-03-01",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.phase == "closed" and incident.closed is not None
    actions = ActionRecord.objects.filter(riskmap=world["map_a"]).order_by("title")
    assert [(a.title, a.source, a.source_ref) for a in actions] == [
        ("Draaiboek stroom", Source.INCIDENT, incident.reference),
        ("Noodstroom testen", Source.INCIDENT, incident.reference),
    ]
    # A closed incident changes no more.
    again = client.post(
        url("log_add", world, incident_id=incident.pk), {"kind": "action", "text": "x"}
    )
    assert again.status_code == 403


def test_it_does_not_close_before_the_aftercare(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    client = login(world["users"][Role.CISO])
    response = client.post(url("close", world, incident_id=incident.pk), {"lessons": "x"})
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.phase == "report" and not ActionRecord.objects.exists()


def test_it_keeps_the_action_and_decision_log_and_contacts(
    world: dict[str, Any], login: Any
) -> None:
    incident = opened(world)
    client = login(world["users"][Role.CRISISCOORDINATOR])
    client.post(
        url("log_add", world, incident_id=incident.pk), {"kind": "decision", "text": "Opschalen"}
    )
    client.post(
        url("contact_add", world, incident_id=incident.pk),
        {"role": "Servicedesk hoster", "organisation": "Hosting BV", "reach": "088-1234567"},
    )
    assert incident.log.filter(kind=EntryKind.DECISION, text="Opschalen").exists()
    assert incident.contacts.get().role == "Servicedesk hoster"
    empty = client.post(
        url("log_add", world, incident_id=incident.pk), {"kind": "decision", "text": ""}
    )
    assert empty.status_code == 400 and empty.context["log_form"].errors["text"]


def test_it_lets_the_bestuurder_read_but_not_change(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    client = login(world["users"][Role.BESTUURDER])
    assert client.get(url("detail", world, incident_id=incident.pk)).status_code == 200
    response = client.post(
        url("log_add", world, incident_id=incident.pk), {"kind": "action", "text": "x"}
    )
    assert response.status_code == 403
    assert incident.log.count() == 1


def test_it_shows_a_chain_partner_nothing_of_incidents(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    client = login(world["users"][Role.KETENPARTNER])
    for name, kwargs in (("list", {}), ("detail", {"incident_id": incident.pk}), ("calendar", {})):
        response = client.get(url(name, world, **kwargs))
        assert response.status_code == 403
        assert incident.title not in response.content.decode()


def test_it_answers_an_incident_of_another_map_as_not_found(
    world: dict[str, Any], login: Any
) -> None:
    incident = opened(world)
    client = login(world["user_b"])
    other = reverse(
        "incidents:detail", kwargs={"map_id": world["map_b"].pk, "incident_id": incident.pk}
    )
    assert client.get(other).status_code == 404
    post = reverse(
        "incidents:log_add", kwargs={"map_id": world["map_b"].pk, "incident_id": incident.pk}
    )
    assert client.post(post, {"kind": "action", "text": "x"}).status_code == 404
    assert incident.log.count() == 1
    assert AffectedNode.objects.count() == 1
