"""Work one API request may cause: body size and JSON depth, refused as problem details."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db


def editor(world: dict[str, Any]) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=world["users"][Role.CISO])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def nodes_url(world: dict[str, Any]) -> str:
    return reverse("api:nodes", kwargs={"mapId": world["map_a"].pk})


def nested(levels: int) -> str:
    return '{"id": "x", "kind": "system", "name": ' + "[" * levels + "]" * levels + "}"


def test_it_refuses_a_body_over_the_limit_before_reading_it(
    world: dict[str, Any], settings: Any
) -> None:
    settings.MAX_BODY_BYTES = 1000
    body = json.dumps({"id": "x", "kind": "system", "name": "n" * 2000})
    response = editor(world).post(nodes_url(world), body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413
    assert "WEERBAAR_MAX_BODY_BYTES" in problem["detail"]


def test_it_refuses_the_default_limit_as_a_problem_not_an_html_page(
    world: dict[str, Any], settings: Any
) -> None:
    body = b'{"id": "x", "name": "' + b"n" * (settings.MAX_BODY_BYTES + 1) + b'"}'
    response = editor(world).post(nodes_url(world), body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["title"] == "Content Too Large"


@pytest.mark.parametrize("levels", [40, 2000, 100_000])
def test_it_refuses_json_nested_too_deeply(world: dict[str, Any], levels: int) -> None:
    response = editor(world).post(nodes_url(world), nested(levels), content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "WEERBAAR_MAX_JSON_DEPTH" in response.json()["detail"]


def test_it_accepts_ordinary_nesting(world: dict[str, Any]) -> None:
    node = {"id": "x", "kind": "system", "requires": [{"any": ["power", "hosting"]}]}
    response = editor(world).post(nodes_url(world), node, format="json")
    assert response.status_code == 201, response.json()


def test_it_limits_page_forms_to_the_same_body_size() -> None:
    from weerbaar.web import settings as configured

    assert configured.DATA_UPLOAD_MAX_MEMORY_SIZE == configured.MAX_BODY_BYTES


@pytest.mark.parametrize("horizon", ["1e308", "99999999999999999999", "-1", "nan"])
def test_it_refuses_a_horizon_it_cannot_count(world: dict[str, Any], horizon: str) -> None:
    url = reverse("api:simulation", kwargs={"mapId": world["map_a"].pk, "scenarioId": "stroom"})
    response = editor(world).get(url, {"horizon": horizon})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "horizon"
