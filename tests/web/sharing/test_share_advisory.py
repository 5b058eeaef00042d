"""Sharing an advisory's local impact: the ticked facts only, CVEs in the payload, and the
label deciding who sees it."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.urls import reverse

from advisory_docs import document
from weerbaar.interop.stix import bundle
from weerbaar.web.accounts.models import Role
from weerbaar.web.advisories import store
from weerbaar.web.advisories.models import AdvisoryRecord
from weerbaar.web.interop.items import item_of
from weerbaar.web.maps import service
from weerbaar.web.maps.models import ObjectKind
from weerbaar.web.sharing.models import ItemKind, SharedItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisory(shared: dict[str, Any]) -> AdvisoryRecord:
    """An advisory on the product A's suite runs (Uitkeringen hangs on the suite)."""
    record = shared["map_a"]
    data = copy.deepcopy(record.current().data)
    for node in data["nodes"]:
        if node["id"] == "suite":
            node["products"] = [{"cpe": "cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:*:*:*:*"}]
    service.save(record, data, author=None, summary="test", kind=ObjectKind.NODE)
    found = store.read_uploads([("a.json", json.dumps(document()).encode())])
    store.save(record.organisation, found, None)
    return AdvisoryRecord.objects.get(organisation=record.organisation)


def url(shared: dict[str, Any], advisory: AdvisoryRecord) -> str:
    return reverse(
        "sharing:share_advisory",
        kwargs={"map_id": shared["map_a"].pk, "advisory_id": advisory.pk},
    )


def post(shared: dict[str, Any], advisory: AdvisoryRecord, client: Any, facts: list[str]) -> Any:
    return client.post(
        url(shared, advisory),
        {
            "kind": ItemKind.ADVISORY_IMPACT,
            "title": "NetScaler bij ons",
            "body": "Wij patchen vannacht.",
            "tlp": "amber",
            "recipient_organisations": [shared["org_b"].pk],
            "facts": facts,
        },
    )


def test_it_shares_the_ticked_facts_with_the_cves(
    shared: dict[str, Any], advisory: AdvisoryRecord, login: Any
) -> None:
    client = login(shared["author"])
    form = client.get(url(shared, advisory)).content.decode()
    assert "Lokale impact van NCSC-2099-0001" in form
    response = post(shared, advisory, client, ["advisory", "counts"])
    assert response.status_code == 302
    item = SharedItem.objects.get(source_type="advisories.advisory")
    assert (item.kind, item.source_id, item.payload) == (
        "advisory-impact",
        str(advisory.pk),
        {"cves": ["CVE-2099-0001"]},
    )
    assert "NCSC-2099-0001" in item.body and "1 kwetsbare knooppunten" in item.body
    # The names were not ticked: neither the node nor the vital process is in it.
    assert "Suite sociaal domein" not in item.body and "Uitkeringen" not in item.body
    # The formats carry the CVEs as references.
    text = bundle([item_of(item)]).serialize()
    assert '"external_id": "CVE-2099-0001"' in text
    assert "Wij patchen" in login(shared["user_b"]).get(response["Location"]).content.decode()
    assert login(shared["viewers"]["community"]).get(response["Location"]).status_code == 404


def test_it_names_nodes_and_processes_only_when_ticked(
    shared: dict[str, Any], advisory: AdvisoryRecord, login: Any
) -> None:
    post(shared, advisory, login(shared["author"]), ["nodes", "vital"])
    item = SharedItem.objects.get(source_type="advisories.advisory")
    assert "Suite sociaal domein" in item.body and "Uitkeringen" in item.body
    assert item.payload == {} and "NCSC-2099-0001" not in item.body


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("bestuurder", 403), ("recipient-org", 404), ("map-partner", 404), ("outsider", 404)],
)
def test_it_lets_only_who_reads_the_advisories_and_shares_for_the_municipality(
    viewer: str, status: int, shared: dict[str, Any], advisory: AdvisoryRecord, login: Any
) -> None:
    user = (
        shared["viewers"][viewer] if viewer in shared["viewers"] else shared["users"][Role(viewer)]
    )
    client = login(user)
    assert client.get(url(shared, advisory)).status_code == status
    assert post(shared, advisory, client, ["advisory"]).status_code == status
    assert not SharedItem.objects.filter(source_type="advisories.advisory").exists()


def test_it_answers_an_advisory_of_another_map_as_missing(
    shared: dict[str, Any], advisory: AdvisoryRecord, login: Any
) -> None:
    client = login(shared["user_b"])
    other = reverse(
        "sharing:share_advisory",
        kwargs={"map_id": shared["map_b"].pk, "advisory_id": advisory.pk},
    )
    assert client.get(other).status_code == 404


def test_it_links_from_the_advisory_page(
    shared: dict[str, Any], advisory: AdvisoryRecord, login: Any
) -> None:
    page = reverse(
        "advisories:detail", kwargs={"map_id": shared["map_a"].pk, "advisory_id": advisory.pk}
    )
    assert url(shared, advisory) in login(shared["author"]).get(page).content.decode()
    bestuurder = login(shared["users"][Role.BESTUURDER]).get(page)
    assert bestuurder.status_code == 200
    assert url(shared, advisory) not in bestuurder.content.decode()
