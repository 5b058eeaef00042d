"""The sharing and exchange pages in English: no Dutch sentence of the catalogue left."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from test_i18n import dutch_sources, readable, switch

from weerbaar.model import from_data
from weerbaar.sharing.tlp import TLP
from weerbaar.web.incidents.store import open_incident

pytestmark = pytest.mark.django_db


def advisory_of(organisation: Any) -> int:
    import json

    from advisory_docs import document
    from weerbaar.web.advisories import store

    found = store.read_uploads([("a.json", json.dumps(document()).encode())])
    store.save(organisation, found, None)
    return int(organisation.advisories.get().pk)


def pages(shared: dict[str, Any]) -> list[str]:
    record = shared["map_a"]
    incident = open_incident(record, from_data(record.current().data), title="Storing")
    item = shared["items"][TLP.AMBER].stix_id
    slug = shared["regio"].slug
    return [
        reverse("sharing:inbox"),
        reverse("sharing:inbox") + "?van=ons",
        reverse("sharing:new"),
        reverse("sharing:share_incident", kwargs={"incident_id": incident.pk}),
        reverse(
            "sharing:share_advisory",
            kwargs={"map_id": record.pk, "advisory_id": advisory_of(shared["org_a"])},
        ),
        reverse("sharing:detail", kwargs={"item_id": item}),
        reverse("sharing:relabel", kwargs={"item_id": item}),
        reverse("sharing:audit", kwargs={"item_id": item}),
        reverse("sharing:communities"),
        reverse("sharing:community", kwargs={"slug": slug}),
        reverse("sharing:insight", kwargs={"slug": slug}),
        reverse("interop:exchange"),
    ]


def test_it_shows_the_sharing_and_exchange_pages_in_english(
    shared: dict[str, Any], login: Any
) -> None:
    client: Client = login(shared["author"])
    urls = pages(shared)
    switch(client, "en")
    sources = dutch_sources()
    left = {}
    try:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = readable(response.content.decode())
            found = [s for s in sources if s in text]
            if found:
                left[url] = found
    finally:
        translation.deactivate()
    assert left == {}
    exchange = client.get(reverse("interop:exchange")).content.decode()
    assert "Exchange with MISP, OpenCTI and TAXII" in exchange
    assert "Everything I may see" in exchange and "Pull a TAXII collection" in exchange
