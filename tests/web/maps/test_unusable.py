"""A stored version that no longer validates is explained, never a 500, and can be restored."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import service
from weerbaar.web.maps.models import MapVersion, ObjectKind
from weerbaar.web.maps.unusable import UnusableVersionMiddleware

pytestmark = pytest.mark.django_db

PAGES = [
    "maps:overview",
    "maps:nodes",
    "insight:dashboard",
    "insight:report",
    "insight:criticality",
]


@pytest.fixture
def broken(world: dict[str, Any]) -> Any:
    """Version 2 of map A has a horizon an older release let through."""
    record = world["map_a"]
    data = copy.deepcopy(record.current().data)
    data["horizon"] = 1e308
    MapVersion.objects.create(
        riskmap=record, number=2, data=data, summary="hand edit", object_kind=ObjectKind.MAP
    )
    return record


@pytest.mark.parametrize("page", PAGES)
def test_it_explains_an_unusable_version_to_the_map_people(
    world: dict[str, Any], broken: Any, login: Any, page: str
) -> None:
    response = login(world["users"][Role.CISO]).get(reverse(page, kwargs={"map_id": broken.pk}))
    text = response.content.decode()
    assert response.status_code == 409
    assert "Versie 2" in text
    assert "horizon" in text
    assert reverse("maps:history", kwargs={"map_id": broken.pk}) in text


def test_it_tells_a_partner_only_that_the_map_cannot_be_read(
    world: dict[str, Any], broken: Any, login: Any
) -> None:
    response = login(world["users"][Role.KETENPARTNER]).get(
        reverse("maps:overview", kwargs={"map_id": broken.pk})
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "horizon" not in text
    assert "De huidige versie van" in text and "Versie 2" not in text  # no version count


def test_it_gives_a_partner_no_version_number_in_the_api_problem(
    world: dict[str, Any], broken: Any
) -> None:
    # No API route a partner reaches loads the model today; the middleware
    # still answers it without the number should one ever do so.
    request = RequestFactory().get(reverse("api:nodes", kwargs={"mapId": broken.pk}))
    request.user = world["users"][Role.KETENPARTNER]
    exc = service.UnusableVersion(broken.current(), ["horizon: too long"])
    response = UnusableVersionMiddleware(lambda r: None).process_exception(request, exc)  # type: ignore[arg-type,return-value]
    assert response is not None and response.status_code == 409
    body = json.loads(response.content)
    assert body["detail"].startswith("The current version of this map")
    assert "2" not in body["detail"] and "problems" not in body


def test_it_answers_the_api_with_a_problem(world: dict[str, Any], broken: Any) -> None:
    client = APIClient()
    client.force_authenticate(world["users"][Role.BESTUURDER])
    response = client.get(reverse("api:criticality", kwargs={"mapId": broken.pk}))
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("Version 2 of this map")
    assert any("horizon" in p for p in response.json()["problems"])


def test_it_works_again_for_everyone_after_a_restore(
    world: dict[str, Any], broken: Any, login: Any
) -> None:
    reader = login(world["users"][Role.BESTUURDER])
    dashboard = reverse("insight:dashboard", kwargs={"map_id": broken.pk})
    assert reader.get(dashboard).status_code == 409
    editor = login(world["users"][Role.CISO])
    assert editor.get(reverse("maps:history", kwargs={"map_id": broken.pk})).status_code == 200
    editor.post(reverse("maps:restore", kwargs={"map_id": broken.pk, "number": 1}))
    assert broken.current().number == 3
    # Nothing of the broken version sticks: no cache, no session keeps it.
    reader = login(world["users"][Role.BESTUURDER])
    for page in PAGES:
        assert reader.get(reverse(page, kwargs={"map_id": broken.pk})).status_code == 200, page
