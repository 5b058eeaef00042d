"""A node's products on the web: the node form's table, located errors, the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from htmlform import form_data

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import mapdata, service
from weerbaar.web.maps.models import ObjectKind

pytestmark = pytest.mark.django_db

CPE = "cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:*:*:*:*"


def edit_url(world: dict[str, Any]) -> str:
    return reverse("maps:node_edit", kwargs={"map_id": world["map_a"].pk, "node_id": "suite"})


def stored(world: dict[str, Any]) -> dict[str, Any] | None:
    version, _m = service.current(world["map_a"])
    return mapdata.find(version.data, ObjectKind.NODE, "suite")


def test_it_adds_a_product_to_a_node_and_shows_it(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    data = form_data(client.get(edit_url(world)).content.decode())
    data |= {"product-0-cpe": CPE, "product-0-version": ""}
    assert client.post(edit_url(world), data).status_code == 302
    assert (stored(world) or {})["products"] == [{"cpe": CPE}]
    page = client.get(
        reverse("maps:node", kwargs={"map_id": world["map_a"].pk, "node_id": "suite"})
    )
    assert CPE in page.content.decode()
    # Saved again unchanged, the product stays; the row shows it.
    data = form_data(client.get(edit_url(world)).content.decode())
    assert data["product-0-cpe"] == CPE
    assert client.post(edit_url(world), data).status_code == 302
    assert (stored(world) or {})["products"] == [{"cpe": CPE}]


def test_it_shows_a_bad_cpe_next_to_its_field_and_stores_nothing(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    before = world["map_a"].versions.count()
    data = form_data(client.get(edit_url(world)).content.decode())
    data |= {"product-0-cpe": "cpe:/a:citrix:netscaler"}
    response = client.post(edit_url(world), data)
    html = response.content.decode()
    assert "Er is niets opgeslagen." in html
    assert 'id="id_product-0-cpe_error"' in html and "not a CPE 2.3 formatted string" in html
    assert world["map_a"].versions.count() == before


def test_the_api_takes_and_gives_products(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.CISO])
    m = world["map_a"].pk
    url = reverse("api:node", kwargs={"mapId": m, "nodeId": "suite"})
    node = client.get(url).json()
    node["products"] = [{"vendor": "Citrix", "product": "NetScaler ADC", "version": "13.1"}]
    assert client.put(url, node, format="json").status_code == 200
    assert client.get(url).json()["products"] == node["products"]
    node["products"] = [{"purl": "pkg:pypi"}]
    response = client.put(url, node, format="json")
    assert response.status_code == 422
    assert "pkg:TYPE/NAME" in response.content.decode()
