"""A ketenpartner without the whole map learns no version number through the API.

Its ETag is an opaque tag of the part it sees (weerbaar.web.maps.versiontag):
not the number, not computable without the installation's key, unchanged by
changes it cannot see; its If-Match is compared in that form only.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import service
from weerbaar.web.maps.models import MapVersion, ObjectKind

pytestmark = pytest.mark.django_db

TAG = re.compile(r'^"v[0-9a-f]{32}"$')


def node_url(world: dict[str, Any], node_id: str) -> str:
    return reverse("api:node", kwargs={"mapId": world["map_a"].pk, "nodeId": node_id})


def change(world: dict[str, Any], node_id: str, **values: Any) -> None:
    """Someone of the municipality changes a node, as a new version."""
    record = world["map_a"]
    data = copy.deepcopy(record.current().data)
    node = next(n for n in data["nodes"] if n["id"] == node_id)
    node.update(values)
    service.save(record, data, author=None, summary="elders", kind=ObjectKind.NODE)


def test_it_gives_a_partner_an_opaque_etag_and_the_others_the_number(
    world: dict[str, Any], api: Any
) -> None:
    change(world, "power", name="Stroomnet")  # version 2, hidden from the partner
    record = world["map_a"]
    partner = api(world["users"][Role.KETENPARTNER])
    ciso = api(world["users"][Role.CISO])
    for name, kwargs in [
        ("api:map", {}),
        ("api:content", {}),
        ("api:node", {"nodeId": "suite"}),
    ]:
        url = reverse(name, kwargs={"mapId": record.pk, **kwargs})
        assert ciso.get(url)["ETag"] == '"2"'
        tag = partner.get(url)["ETag"]
        assert TAG.match(tag), (url, tag)
    detail = partner.get(reverse("api:map", kwargs={"mapId": record.pk})).json()
    assert detail["currentVersion"] is None and detail["updated"] is None
    listed = partner.get(reverse("api:maps")).json()["results"]
    assert [(m["currentVersion"], m["updated"]) for m in listed] == [(None, None)]
    assert ciso.get(reverse("api:map", kwargs={"mapId": record.pk})).json()["currentVersion"] == 2


def test_it_keeps_a_partners_etag_through_changes_it_cannot_see(
    world: dict[str, Any], api: Any
) -> None:
    partner = api(world["users"][Role.KETENPARTNER])
    url = node_url(world, "suite")
    first = partner.get(url)["ETag"]
    change(world, "power", name="Stroomnet")
    change(world, "uitkeringen", name="Uitkeringen verstrekken")
    # Two versions later: the same tag, and "not modified" for what it has.
    assert partner.get(url)["ETag"] == first
    assert partner.get(url, HTTP_IF_NONE_MATCH=first).status_code == 304
    # Its If-Match still holds: nothing it sees changed.
    body = {**partner.get(url).json(), "restart": "3h"}
    saved = partner.put(url, body, format="json", HTTP_IF_MATCH=first)
    assert saved.status_code == 200, saved.json()
    assert TAG.match(saved["ETag"]) and saved["ETag"] != first
    # A change to its own part changes the tag, and the old one is stale.
    change(world, "suite", name="Suite van de gemeente")
    assert partner.get(url)["ETag"] != saved["ETag"]
    stale = partner.put(url, body, format="json", HTTP_IF_MATCH=saved["ETag"])
    assert stale.status_code == 412
    assert not re.search(r"\d", stale.json()["detail"])


def test_it_never_matches_a_number_from_a_partner(world: dict[str, Any], api: Any) -> None:
    partner = api(world["users"][Role.KETENPARTNER])
    url = node_url(world, "suite")
    body = {**partner.get(url).json(), "restart": "3h"}
    before = MapVersion.objects.filter(riskmap=world["map_a"]).count()
    # The current version is 1: a partner guessing it learns nothing.
    for guess in ('"1"', '"2"', "1", 'W/"1"'):
        answer = partner.put(url, body, format="json", HTTP_IF_MATCH=guess)
        assert answer.status_code == 412, guess
        assert partner.get(url, HTTP_IF_NONE_MATCH=guess).status_code == 200
    assert MapVersion.objects.filter(riskmap=world["map_a"]).count() == before


def test_it_ties_a_tag_to_the_map_the_party_and_the_key(
    world: dict[str, Any], settings: Any
) -> None:
    from weerbaar.web.maps.access import access_for
    from weerbaar.web.maps.versiontag import _tag

    access = access_for(world["users"][Role.KETENPARTNER], world["map_a"])
    assert access is not None and access.restricted
    version = world["map_a"].current()
    tag = _tag(access, version)
    # Another party of the same map, and another key, give other tags.
    other_party = type(access)(access.record, access.organisation, access.role, "isp-a", False)
    assert _tag(other_party, version) != tag
    settings.SECRET_KEY = "een-andere-sleutel-" * 3
    assert _tag(access, version) != tag


def test_it_asks_for_if_match_without_mentioning_a_number(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.CISO])
    url = reverse("api:content", kwargs={"mapId": world["map_a"].pk})
    answer = client.put(url, world["map_a"].current().data, format="json")
    assert answer.status_code == 428
    assert answer.json()["detail"] == "Send If-Match with the ETag of the map you read."


def test_it_documents_the_opaque_etag(api: Any, world: dict[str, Any]) -> None:
    document = api(world["users"][Role.CISO]).get(reverse("api:openapi-json")).json()
    assert "opaque tag" in document["info"]["description"]
    fields = document["components"]["schemas"]["Map"]["properties"]
    assert fields["currentVersion"]["nullable"] is True
    assert "ketenpartner" in fields["currentVersion"]["description"]
    etag = document["paths"]["/api/v1/maps/{mapId}/nodes/{nodeId}"]["get"]["responses"]["200"]
    assert "opaque" in etag["headers"]["ETag"]["description"]
