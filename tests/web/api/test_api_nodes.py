"""The API's nodes: filters, changes with validation and audit, partners and the bestuurder."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import mapdata, service
from weerbaar.web.maps.models import MapVersion, ObjectKind

pytestmark = pytest.mark.django_db


def nodes_url(world: dict[str, Any]) -> str:
    return reverse("api:nodes", kwargs={"mapId": world["map_a"].pk})


def node_url(world: dict[str, Any], node_id: str) -> str:
    return reverse("api:node", kwargs={"mapId": world["map_a"].pk, "nodeId": node_id})


def stored(world: dict[str, Any], node_id: str) -> dict[str, Any] | None:
    return mapdata.find(world["map_a"].current().data, ObjectKind.NODE, node_id)


def versions(world: dict[str, Any]) -> int:
    return MapVersion.objects.filter(riskmap=world["map_a"]).count()


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.json()
    return [n["id"] for n in response.json()["results"]]


def test_it_filters_nodes_by_kind_party_and_vital(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.BESTUURDER])
    assert ids(client.get(nodes_url(world), {"kind": "service"})) == ["internet-a", "hosting"]
    assert ids(client.get(nodes_url(world), {"party": "hoster"})) == ["hosting", "suite"]
    assert ids(client.get(nodes_url(world), {"vital": "true"})) == ["uitkeringen"]
    assert len(ids(client.get(nodes_url(world), {"vital": "false"}))) == 4


def test_it_rejects_unusable_filters_as_a_problem(world: dict[str, Any], api: Any) -> None:
    response = api(world["users"][Role.CISO]).get(nodes_url(world), {"kind": "x", "vital": "ja"})
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["kind", "vital"]


def test_it_shows_a_partner_only_its_own_nodes(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.KETENPARTNER])
    assert ids(client.get(nodes_url(world))) == ["hosting", "suite"]
    assert client.get(node_url(world, "suite")).status_code == 200
    assert client.get(node_url(world, "power")).status_code == 404


def test_it_lets_a_partner_change_its_own_node(world: dict[str, Any], api: Any) -> None:
    partner = world["users"][Role.KETENPARTNER]
    client = api(partner)
    read = client.get(node_url(world, "suite"))
    node = read.json()
    # It keeps the requirement on internet-a, a node the partner cannot see.
    node["restart"] = "2h"
    response = client.put(node_url(world, "suite"), node, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.json()
    assert response["ETag"] not in (read["ETag"], '"2"')  # its part changed; opaque
    latest = world["map_a"].current()
    assert latest.author == partner
    assert latest.object_kind == ObjectKind.NODE and latest.object_id == "suite"
    assert latest.summary.startswith("API: ")
    assert latest.before["restart"] != "2h" and latest.after["restart"] == "2h"
    assert stored(world, "suite")["restart"] == "2h"  # type: ignore[index]


@pytest.mark.parametrize(
    ("node_id", "body", "answer"),
    [
        ("uitkeringen", {"kind": "process", "party": "hoster"}, 404),  # hidden: as missing
        ("ghost", {"kind": "system", "party": "hoster"}, 404),  # no such node
        ("suite", {"kind": "system", "party": "gemeente"}, 403),  # giving its node away
    ],
)
def test_it_forbids_a_partner_other_nodes(
    world: dict[str, Any], api: Any, node_id: str, body: dict[str, Any], answer: int
) -> None:
    client = api(world["users"][Role.KETENPARTNER])
    assert client.put(node_url(world, node_id), body, format="json").status_code == answer
    assert versions(world) == 1


def test_it_forbids_a_partner_to_delete_or_add_others_nodes(
    world: dict[str, Any], api: Any
) -> None:
    client = api(world["users"][Role.KETENPARTNER])
    assert client.delete(node_url(world, "power")).status_code == 404
    assert client.delete(node_url(world, "ghost")).status_code == 404
    new = {"id": "extra", "kind": "system", "party": "gemeente"}
    assert client.post(nodes_url(world), new, format="json").status_code == 403
    own = {"id": "extra", "kind": "system", "party": "hoster"}
    assert client.post(nodes_url(world), own, format="json").status_code == 201
    assert versions(world) == 2


def test_it_answers_a_partner_alike_for_hidden_and_missing_nodes(
    world: dict[str, Any], api: Any
) -> None:
    client = api(world["users"][Role.KETENPARTNER])
    node = client.get(node_url(world, "suite")).json()
    reasons = []
    for target in ("power", "ghost"):  # power exists but is hidden from the partner
        body = {**node, "requires": [*node["requires"], target]}
        response = client.put(node_url(world, "suite"), body, format="json")
        assert response.status_code == 422
        reasons.append(response.json()["invalidParams"][0]["reason"])
    assert reasons == ["unknown node 'power'", "unknown node 'ghost'"]
    assert versions(world) == 1


def test_it_refuses_a_partner_a_taken_id_without_saying_whose(
    world: dict[str, Any], api: Any
) -> None:
    client = api(world["users"][Role.KETENPARTNER])
    for taken in ("uitkeringen", "suite"):  # hidden, visible: the same answer
        new = {"id": taken, "kind": "system", "party": "hoster"}
        response = client.post(nodes_url(world), new, format="json")
        assert response.status_code == 422
        assert response.json()["invalidParams"] == [
            {
                "name": "$.id",
                "code": "invalid",
                "reason": "this id cannot be used; choose another one",
            }
        ]
    assert versions(world) == 1


def test_it_forbids_the_bestuurder_every_node_change(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.BESTUURDER])
    body = {"id": "suite", "kind": "system"}
    assert client.put(node_url(world, "suite"), body, format="json").status_code == 403
    assert client.delete(node_url(world, "uitkeringen")).status_code == 403
    new = {"id": "extra", "kind": "system"}
    assert client.post(nodes_url(world), new, format="json").status_code == 403
    assert versions(world) == 1


def test_it_adds_a_node_and_says_where(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.CISO])
    new = {"id": "dc-2", "kind": "infrastructure", "requires": ["power"]}
    response = client.post(nodes_url(world), new, format="json")
    assert response.status_code == 201, response.json()
    assert response["Location"].endswith(node_url(world, "dc-2"))
    assert client.get(response["Location"]).json() == new
    assert world["map_a"].current().summary == "API: knooppunt dc-2 toegevoegd"


def test_it_refuses_a_node_that_clashes_with_a_measure(world: dict[str, Any], api: Any) -> None:
    # The measure "tweede-internet" adds internet-b; a node of that id would clash.
    new = {"id": "internet-b", "kind": "service"}
    response = api(world["users"][Role.CISO]).post(nodes_url(world), new, format="json")
    assert response.status_code == 422
    assert response.json()["invalidParams"] == [
        {
            "name": "$",
            "code": "invalid",
            "reason": "$.measures[0].changes[0].add_node.id: node 'internet-b' already exists",
        }
    ]
    assert versions(world) == 1


def test_it_names_the_invalid_field_within_the_node(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.CISO])
    body = {"kind": "system", "requires": ["hosting", "internet-a"], "restart": "soon"}
    response = client.put(node_url(world, "suite"), body, format="json")
    assert response.status_code == 422
    assert [p["name"] for p in response.json()["invalidParams"]] == ["$.restart"]
    body = {"kind": "system", "requires": ["hosting", "internet-a", "nowhere"]}
    response = client.put(node_url(world, "suite"), body, format="json")
    assert response.json()["invalidParams"] == [
        {"name": "$.requires[2]", "code": "invalid", "reason": "unknown node 'nowhere'"}
    ]
    assert versions(world) == 1


def test_it_refuses_to_delete_a_node_that_is_still_required(
    world: dict[str, Any], api: Any
) -> None:
    response = api(world["users"][Role.CISO]).delete(node_url(world, "suite"))
    assert response.status_code == 422
    params = response.json()["invalidParams"]
    assert {p["name"] for p in params} == {"nodeId"}
    assert "$.nodes[3].requires[0]: unknown node 'suite'" in [p["reason"] for p in params]
    assert versions(world) == 1


def test_it_deletes_a_node(world: dict[str, Any], api: Any) -> None:
    response = api(world["users"][Role.CISO]).delete(node_url(world, "uitkeringen"))
    assert response.status_code == 204
    assert response["ETag"] == '"2"'
    assert stored(world, "uitkeringen") is None
    assert world["map_a"].current().before["id"] == "uitkeringen"


def test_it_refuses_a_node_change_on_a_stale_version(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.CISO])
    body = {"kind": "system", "requires": ["hosting", "internet-a"], "restart": "1h"}
    assert client.put(node_url(world, "suite"), body, format="json").status_code == 200
    stale = client.put(node_url(world, "suite"), body, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert versions(world) == 2


def test_it_does_not_rename_by_replacing(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.CISO])
    response = client.put(node_url(world, "suite"), {"id": "suite-2"}, format="json")
    assert response.status_code == 422
    assert response.json()["invalidParams"][0]["name"] == "$.id"
    assert stored(world, "suite") is not None


def test_it_reapplies_a_node_change_on_top_of_a_concurrent_one(
    world: dict[str, Any], api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = service.save

    def racing_save(record: Any, data: Any, **kwargs: Any) -> Any:
        if record.current().number == 1:
            # Someone else renames the power node between our read and our save.
            other = copy.deepcopy(record.current().data)
            other["nodes"][0]["name"] = "Stroomnet"
            real_save(record, other, author=None, summary="elders", kind=ObjectKind.MAP)
        return real_save(record, data, **kwargs)

    monkeypatch.setattr(service, "save", racing_save)
    client = api(world["users"][Role.CISO])
    body = {"kind": "system", "requires": ["hosting", "internet-a"], "restart": "1h"}
    response = client.put(node_url(world, "suite"), body, format="json")
    assert response.status_code == 200
    assert response["ETag"] == '"3"'
    assert stored(world, "power")["name"] == "Stroomnet"  # type: ignore[index]
    assert stored(world, "suite")["restart"] == "1h"  # type: ignore[index]
