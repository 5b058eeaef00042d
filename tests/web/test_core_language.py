"""What the core says on a page (map and workbook errors, scoring words) is in the page's language.

The core translates with its own catalogue (weerbaar.i18n); the locale
middleware sets its language for each request, the API keeps English.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weerbaar.i18n import get_language
from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db

BROKEN = b"weerbaar: 1\nnodes:\n  - id: a\n    requires: [nergens]\n  - id: a\n"


def import_broken(world: dict[str, Any], client: Any) -> str:
    address = reverse("maps:import", kwargs={"map_id": world["map_a"].pk})
    response = client.post(address, {"file": SimpleUploadedFile("fout.yaml", BROKEN)})
    assert response.status_code == 400
    return str(response.content.decode())


def choose(client: Any, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


def test_it_gives_the_cores_errors_in_dutch_on_a_dutch_page(
    world: dict[str, Any], login: Any
) -> None:
    html = import_broken(world, login(world["users"][Role.CISO]))
    assert "fout.yaml:4" in html and "onbekend knooppunt &#x27;nergens&#x27;" in html
    assert "fout.yaml:5" in html and "komt twee keer voor" in html
    assert "unknown node" not in html and "duplicate id" not in html


def test_it_gives_the_cores_errors_in_english_on_an_english_page(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    choose(client, "en")
    html = import_broken(world, client)
    assert "fout.yaml:4" in html and "unknown node &#x27;nergens&#x27;" in html
    assert "fout.yaml:5" in html and "duplicate id &#x27;a&#x27; in nodes" in html
    assert "onbekend knooppunt" not in html


def test_it_leaves_the_core_in_english_after_the_request(world: dict[str, Any], login: Any) -> None:
    import_broken(world, login(world["users"][Role.CISO]))
    assert get_language() == "en"  # the request's language does not stay behind


def test_it_keeps_the_api_in_english(world: dict[str, Any], api: Any) -> None:
    address = reverse("api:content", kwargs={"mapId": world["map_a"].pk})
    data = world["map_a"].current().data
    data["nodes"][0]["requires"] = ["nergens"]
    client = api(world["users"][Role.CISO])
    response = client.put(address, data, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 422
    reasons = [p["reason"] for p in response.json()["invalidParams"]]
    assert any("unknown node 'nergens'" in r for r in reasons), reasons
