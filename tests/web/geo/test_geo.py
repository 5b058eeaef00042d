"""The geographic map of located nodes, and their state at a moment of a scenario."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db


def geo_url(world: dict[str, Any], key: str = "map_a") -> str:
    return reverse("geo:geo", kwargs={"map_id": world[key].pk})


def config(response: Any) -> dict[str, Any]:
    found = re.search(
        r'<script id="wb-geo-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_it_shows_located_nodes_without_a_tile_server(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.TILE_URL = ""
    response = login(world["users"][Role.BESTUURDER]).get(geo_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "leaflet-1.9.4/leaflet.js" in html and "weerbaar/geo.js" in html
    assert "geen achtergrondkaart ingesteld" in html
    assert "4 knooppunten hebben geen locatie" in html
    data = config(response)
    assert data["tiles"] == ""
    [marker] = data["markers"]
    assert (marker["id"], marker["lat"], marker["lon"], marker["state"]) == (
        "power",
        52.1,
        6.4,
        "none",
    )


def test_it_uses_the_configured_tile_server(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.TILE_ATTRIBUTION = "© voorbeeld"
    response = login(world["users"][Role.CISO]).get(geo_url(world))
    data = config(response)
    assert data["tiles"] == settings.TILE_URL and data["attribution"] == "© voorbeeld"
    assert "geen achtergrondkaart ingesteld" not in response.content.decode()


def test_it_shows_the_state_at_a_moment_of_a_scenario(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    during = client.get(geo_url(world) + "?scenario=stroom&t=2")
    assert config(during)["markers"][0]["state"] == "down"
    html = during.content.decode()
    assert "✕ uitgevallen" in html
    assert "1 onderdeel op de kaart is uitgevallen" in html
    after = client.get(geo_url(world) + "?scenario=stroom&t=30")
    assert config(after)["markers"][0]["state"] == "up"
    assert "✓ in bedrijf" in after.content.decode()


def test_it_ignores_an_unknown_scenario(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.CISO]).get(geo_url(world) + "?scenario=nope&t=-1")
    assert response.status_code == 200
    assert config(response)["markers"][0]["state"] == "none"


def test_it_guards_the_map_like_every_analysis(
    world: dict[str, Any], login: Any, client: Any
) -> None:
    assert client.get(geo_url(world)).status_code == 302
    assert login(world["users"][Role.KETENPARTNER]).get(geo_url(world)).status_code == 403
    assert login(world["user_b"]).get(geo_url(world)).status_code == 404
