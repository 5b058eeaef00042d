"""One bound for every horizon the web app computes to: WEERBAAR_MAX_HORIZON_HOURS.

The map's settings form, the scenario form, an imported file, the API's map
content and its ``horizon`` parameter, and a what-if run: each refuses a
horizon past the setting (default a year), with a message at its place.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from htmlform import form_data

from weerbaar.model import dump_yaml, from_data
from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db


def url(world: dict[str, Any], name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"map_id": world["map_a"].pk, **kwargs})


def versions(world: dict[str, Any]) -> int:
    return int(world["map_a"].versions.count())


def test_it_has_a_year_by_default(settings: Any) -> None:
    assert settings.MAX_HORIZON_HOURS == 8760


def test_it_refuses_a_longer_horizon_in_the_settings_form(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    address = url(world, "maps:settings")
    data = form_data(client.get(address).content.decode(), "base") | {"horizon": "53w"}
    before = versions(world)
    html = client.post(address, data).content.decode()
    assert 'id="id_horizon_error"' in html and "WEERBAAR_MAX_HORIZON_HOURS" in html
    assert versions(world) == before
    data["horizon"] = "52w"  # within a year
    assert client.post(address, data).status_code == 302


def test_it_refuses_a_longer_horizon_in_an_imported_file(world: dict[str, Any], login: Any) -> None:
    m = from_data(world["map_a"].current().data)
    text = dump_yaml(m).replace("horizon: ", "horizon: 400d\nx-was: ", 1)
    line = text[: text.index("horizon: 400d")].count("\n") + 1
    client = login(world["users"][Role.CISO])
    response = client.post(
        url(world, "maps:import"), {"file": SimpleUploadedFile("lang.yaml", text.encode())}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"lang.yaml:{line}" in html and "WEERBAAR_MAX_HORIZON_HOURS" in html


def test_it_refuses_a_longer_horizon_through_the_api(
    world: dict[str, Any], api: Any, settings: Any
) -> None:
    settings.MAX_HORIZON_HOURS = 100
    client = api(world["users"][Role.CISO])
    data = world["map_a"].current().data | {"horizon": "5d"}
    address = reverse("api:content", kwargs={"mapId": world["map_a"].pk})
    response = client.put(address, data, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 422
    (param,) = response.json()["invalidParams"]
    assert param["name"] == "$.horizon" and "WEERBAAR_MAX_HORIZON_HOURS" in param["reason"]
    simulation = reverse(
        "api:simulation", kwargs={"mapId": world["map_a"].pk, "scenarioId": "stroom"}
    )
    response = client.get(simulation, {"horizon": "5d"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "horizon"
    assert client.get(simulation, {"horizon": "4d"}).status_code == 200


def test_it_refuses_a_longer_what_if_run(world: dict[str, Any], login: Any, settings: Any) -> None:
    settings.MAX_HORIZON_HOURS = 48
    client = login(world["users"][Role.CISO])
    address = url(world, "scenarios:whatif", scenario_id="stroom")
    refused = client.post(address, {"horizon": "3d"})
    assert refused.status_code == 400
    assert "WEERBAAR_MAX_HORIZON_HOURS" in refused.content.decode()
    assert client.post(address, {"horizon": "2d"}).status_code == 200
