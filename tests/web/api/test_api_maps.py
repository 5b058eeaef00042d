"""The API's maps: listing, metadata, content, the audit trail; isolation and roles."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps.models import MapVersion, Share

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def url(name: str, record: Any, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs={"mapId": record.pk, **kwargs})


def versions(record: Any) -> int:
    return MapVersion.objects.filter(riskmap=record).count()


def test_it_lists_only_the_maps_the_caller_may_see(world: dict[str, Any], api: Any) -> None:
    for user, expected in [
        (world["users"][Role.CISO], [world["map_a"].pk]),
        (world["users"][Role.BESTUURDER], [world["map_a"].pk]),
        (world["user_b"], [world["map_b"].pk]),
        (world["users"][Role.KETENPARTNER], [world["map_a"].pk]),
    ]:
        response = api(user).get(reverse("api:maps"))
        assert response.status_code == 200
        assert [m["id"] for m in response.json()["results"]] == expected
    partner = api(world["users"][Role.KETENPARTNER]).get(reverse("api:maps")).json()
    assert partner["results"][0]["role"] == "ketenpartner"
    assert partner["results"][0]["partyId"] == "hoster"
    assert partner["results"][0]["wholeMap"] is False


def test_it_gives_metadata_the_version_and_the_api_version(world: dict[str, Any], api: Any) -> None:
    response = api(world["users"][Role.CISO]).get(url("map", world["map_a"]))
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["name"] == "Gemeente A"
    assert body["organisation"]["name"] == "Gemeente A"
    assert body["currentVersion"] == 1
    assert body["role"] == "ciso"
    assert response["ETag"] == '"1"'


ENDPOINTS = [
    ("get", "map", {}),
    ("get", "content", {}),
    ("put", "content", {}),
    ("get", "versions", {}),
    ("get", "nodes", {}),
    ("post", "nodes", {}),
    ("get", "node", {"nodeId": "suite"}),
    ("put", "node", {"nodeId": "suite"}),
    ("delete", "node", {"nodeId": "suite"}),
    ("get", "scenarios", {}),
    ("get", "simulation", {"scenarioId": "stroom"}),
    ("get", "criticality", {}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), ENDPOINTS)
def test_it_answers_404_to_another_municipality_everywhere(
    world: dict[str, Any], api: Any, method: str, name: str, kwargs: dict[str, str]
) -> None:
    client = api(world["user_b"])
    body = {"id": "suite", "kind": "system"} if method in ("put", "post") else None
    response = getattr(client, method)(
        url(name, world["map_a"], **kwargs), body, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 404
    assert versions(world["map_a"]) == 1


def test_it_serves_the_content_with_an_etag(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.BESTUURDER])
    response = client.get(url("content", world["map_a"]))
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json() == world["map_a"].current().data
    again = client.get(url("content", world["map_a"]), HTTP_IF_NONE_MATCH='"1"')
    assert again.status_code == 304


def test_it_shows_a_partner_only_its_own_part_of_the_content(
    world: dict[str, Any], api: Any
) -> None:
    content = api(world["users"][Role.KETENPARTNER]).get(url("content", world["map_a"])).json()
    assert [n["id"] for n in content["nodes"]] == ["hosting", "suite"]
    assert [p["id"] for p in content["parties"]] == ["hoster"]
    assert "scenarios" not in content and "measures" not in content
    assert content["name"] == "Gemeente A"


def test_it_shows_a_partner_the_whole_map_when_shared_whole(
    world: dict[str, Any], api: Any
) -> None:
    Share.objects.filter(riskmap=world["map_a"]).update(whole_map=True)
    content = api(world["users"][Role.KETENPARTNER]).get(url("content", world["map_a"])).json()
    assert content == world["map_a"].current().data


def test_it_replaces_the_content_and_records_who_did(
    world: dict[str, Any], api: Any, small_map_data: dict[str, Any]
) -> None:
    user = world["users"][Role.CISO]
    data = copy.deepcopy(small_map_data)
    data["horizon"] = "10d"
    response = api(user).put(
        url("content", world["map_a"]), data, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    latest = world["map_a"].current()
    assert latest.number == 2 and latest.data["horizon"] == "10d"
    assert latest.author == user and latest.summary.startswith("API: ")


def test_it_requires_if_match_to_replace_the_content(
    world: dict[str, Any], api: Any, small_map_data: dict[str, Any]
) -> None:
    client = api(world["users"][Role.CISO])
    response = client.put(url("content", world["map_a"]), small_map_data, format="json")
    assert response.status_code == 428
    assert versions(world["map_a"]) == 1


def test_it_refuses_a_stale_if_match(
    world: dict[str, Any], api: Any, small_map_data: dict[str, Any]
) -> None:
    client = api(world["users"][Role.CISO])
    target = url("content", world["map_a"])
    assert client.put(target, small_map_data, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    stale = client.put(target, small_map_data, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale["Content-Type"] == PROBLEM
    assert versions(world["map_a"]) == 2


def test_it_answers_422_naming_the_invalid_place(
    world: dict[str, Any], api: Any, small_map_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(small_map_data)
    data["nodes"][4]["requires"] = ["nowhere"]
    response = api(world["users"][Role.CISO]).put(
        url("content", world["map_a"]), data, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422 and problem["title"] and problem["detail"]
    assert problem["invalidParams"] == [
        {"name": "$.nodes[4].requires[0]", "code": "invalid", "reason": "unknown node 'nowhere'"}
    ]
    assert versions(world["map_a"]) == 1


def test_it_forbids_the_bestuurder_and_the_partner_to_replace_the_content(
    world: dict[str, Any], api: Any, small_map_data: dict[str, Any]
) -> None:
    for role in (Role.BESTUURDER, Role.KETENPARTNER):
        response = api(world["users"][role]).put(
            url("content", world["map_a"]), small_map_data, format="json", HTTP_IF_MATCH='"1"'
        )
        assert response.status_code == 403
        assert response["Content-Type"] == PROBLEM
    assert versions(world["map_a"]) == 1


def test_it_lists_the_audit_trail_newest_first(
    world: dict[str, Any], api: Any, small_map_data: dict[str, Any]
) -> None:
    editor = world["users"][Role.ADVISEUR_OOV]
    api(editor).put(
        url("content", world["map_a"]), small_map_data, format="json", HTTP_IF_MATCH='"1"'
    )
    response = api(world["users"][Role.BESTUURDER]).get(url("versions", world["map_a"]))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["number"] for r in rows] == [2, 1]
    assert rows[0]["author"] == editor.username and rows[1]["author"] is None
    assert rows[0]["objectKind"] == "map" and rows[0]["summary"].startswith("API: ")
    assert set(rows[0]) == {"number", "created", "author", "summary", "objectKind", "objectId"}


def test_it_pages_long_lists(
    world: dict[str, Any], api: Any, small_map_data: dict[str, Any]
) -> None:
    client = api(world["users"][Role.CISO])
    client.put(url("content", world["map_a"]), small_map_data, format="json", HTTP_IF_MATCH='"1"')
    first = client.get(url("versions", world["map_a"]), {"pageSize": 1}).json()
    assert first["count"] == 2 and len(first["results"]) == 1 and first["next"]
    assert client.get(first["next"]).json()["results"][0]["number"] == 1


def test_it_keeps_the_audit_trail_from_a_partner_without_the_whole_map(
    world: dict[str, Any], api: Any
) -> None:
    response = api(world["users"][Role.KETENPARTNER]).get(url("versions", world["map_a"]))
    assert response.status_code == 403
