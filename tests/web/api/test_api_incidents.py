"""The incident register through the API, read-only: every role, another municipality, the
forecast as the page gives it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from weerbaar.model import from_data
from weerbaar.web.accounts.models import Action, Role
from weerbaar.web.incidents.models import AffectedNode, Contact, Incident
from weerbaar.web.incidents.store import open_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(world: dict[str, Any]) -> Incident:
    record = world["map_a"]
    found = open_incident(
        record,
        from_data(record.current().data),
        title="Storing bij de hoster",
        nodes=["hosting"],
        detected=timezone.now() - timedelta(hours=3),
        expected="tri(4h, 1d, 3d)",
        personal_data=True,
    )
    Contact.objects.create(incident=found, role="Servicedesk hoster", reach="088 000 0000")
    return found


def urls(world: dict[str, Any], incident: Incident) -> list[str]:
    one = {"mapId": world["map_a"].pk, "incidentId": incident.pk}
    return [
        reverse("api:incidents", kwargs={"mapId": world["map_a"].pk}),
        reverse("api:incident", kwargs=one),
        reverse("api:incident-forecast", kwargs=one),
    ]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_it_answers_each_role_as_the_pages_do(
    role: Role, world: dict[str, Any], api: Any, incident: Incident
) -> None:
    client = api(world["users"][role])
    allowed = role is not Role.KETENPARTNER and role.can(Action.INCIDENTS)
    for url in urls(world, incident):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), (url, response.status_code)
        if not allowed:
            assert "Storing" not in response.content.decode()


def test_it_answers_another_municipality_as_for_nothing(
    world: dict[str, Any], api: Any, incident: Incident
) -> None:
    client = api(world["user_b"])
    for url in urls(world, incident):
        response = client.get(url)
        assert response.status_code == 404 and "Storing" not in response.content.decode()
    # Nor through its own map.
    own = {"mapId": world["map_b"].pk, "incidentId": incident.pk}
    for name in ("api:incident", "api:incident-forecast"):
        assert client.get(reverse(name, kwargs=own)).status_code == 404


def test_it_changes_nothing(world: dict[str, Any], api: Any, incident: Incident) -> None:
    client = api(world["users"][Role.CISO])
    for url in urls(world, incident):
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url, {}, format="json").status_code == 405
    assert Incident.objects.get().title == "Storing bij de hoster"


def test_it_gives_the_incident_with_its_nodes_deadlines_and_contacts(
    world: dict[str, Any], api: Any, incident: Incident
) -> None:
    client = api(world["users"][Role.BESTUURDER])
    (row,) = client.get(urls(world, incident)[0]).json()["results"]
    assert row["reference"] == incident.reference and row["phase"] == "report"
    body = client.get(row["url"]).json()
    assert body["affected"][0]["node"] == "hosting"
    assert body["affected"][0]["expected"] == "tri(4h, 1d, 3d)"
    assert {d["duty"] for d in body["deadlines"]} >= {"ap-datalek", "ibd"}
    assert body["contacts"] == [
        {"role": "Servicedesk hoster", "organisation": "", "reach": "088 000 0000"}
    ]
    forecast = client.get(body["forecast"]).json()
    assert forecast["samples"] == 1000
    uitkeringen = next(p for p in forecast["processes"] if p["node"] == "uitkeringen")
    assert uitkeringen["down"] is not None and 0 < uitkeringen["pBreach"] <= 1


def test_it_says_which_node_the_forecast_no_longer_finds(
    world: dict[str, Any], api: Any, incident: Incident
) -> None:
    AffectedNode.objects.create(incident=incident, node_id="weg", down=incident.detected)
    response = api(world["users"][Role.CISO]).get(urls(world, incident)[2])
    assert response.status_code == 409 and "weg" in response.json()["detail"]
    assert response["Content-Type"] == "application/problem+json"
