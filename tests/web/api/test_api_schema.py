"""The served OpenAPI document, token authentication, the token command, problem details."""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1",
    "/api/v1/maps",
    "/api/v1/maps/{mapId}",
    "/api/v1/maps/{mapId}/content",
    "/api/v1/maps/{mapId}/versions",
    "/api/v1/maps/{mapId}/nodes",
    "/api/v1/maps/{mapId}/nodes/{nodeId}",
    "/api/v1/maps/{mapId}/scenarios",
    "/api/v1/maps/{mapId}/scenarios/{scenarioId}/simulation",
    "/api/v1/maps/{mapId}/criticality",
    "/api/v1/maps/{mapId}/jobs/{jobId}",
    "/api/v1/maps/{mapId}/catalogues",
    "/api/v1/maps/{mapId}/catalogues/{catalogueId}/statements/{year}",
    "/api/v1/maps/{mapId}/improvement-actions",
    "/api/v1/maps/{mapId}/budget",
    "/api/v1/maps/{mapId}/briefings/{role}",
    "/api/v1/maps/{mapId}/incidents",
    "/api/v1/maps/{mapId}/incidents/{incidentId}",
    "/api/v1/maps/{mapId}/incidents/{incidentId}/forecast",
}


def test_it_serves_a_valid_openapi_3_document_publicly() -> None:
    response = APIClient().get(reverse("api:openapi-json"))
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == PATHS
    assert "invalidParams" in document["components"]["schemas"]["Problem"]["properties"]
    validate_schema(document)  # raises on a document that is not OpenAPI 3


def test_it_serves_the_document_as_yaml_too() -> None:
    response = APIClient().get(reverse("api:openapi-yaml"))
    assert response.status_code == 200
    assert set(yaml.safe_load(response.content)["paths"]) == PATHS


def token_of(user: Any) -> str:
    out = io.StringIO()
    call_command("token", user.username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_it_authenticates_with_a_token_and_refuses_a_wrong_one(world: dict[str, Any]) -> None:
    client = APIClient()
    maps = reverse("api:maps")
    assert client.get(maps).status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    wrong = client.get(maps)
    assert wrong.status_code == 401
    assert wrong["Content-Type"] == "application/problem+json"
    assert wrong["WWW-Authenticate"] == "Token"
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_of(world['users'][Role.CISO])}")
    assert client.get(maps).status_code == 200


def test_it_rotates_a_token_so_the_old_one_stops_working(world: dict[str, Any]) -> None:
    user = world["users"][Role.CISO]
    old, new = token_of(user), token_of(user)
    assert old != new and Token.objects.get(user=user).key == new
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get(reverse("api:maps")).status_code == 401
    call_command("token", user.username, "--revoke", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Token.objects.filter(user=user).exists()
    with pytest.raises(CommandError):
        call_command("token", "nobody", stdout=io.StringIO(), stderr=io.StringIO())


def test_it_accepts_the_session_of_the_web_application(world: dict[str, Any]) -> None:
    client = APIClient()
    client.force_login(world["users"][Role.BESTUURDER])
    assert client.get(reverse("api:maps")).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/maps/", "/api/v1/"])
def test_it_answers_unknown_paths_with_a_problem(path: str) -> None:
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    assert response.json()["instance"] == path


def test_it_speaks_english_whatever_the_pages_speak(world: dict[str, Any]) -> None:
    client = APIClient()
    client.cookies["django_language"] = "nl"
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get(reverse("api:maps"))
    assert response["Content-Language"] == "en"
    assert response.json()["detail"] == "Invalid token."


def test_it_answers_the_root_with_links_to_every_resource() -> None:
    response = APIClient().get("/api/v1")
    assert response.status_code == 200
    links = response.json()["_links"]
    assert set(links) == {"self", "maps", "openapi", "openapiYaml", "documentation"}
    for name in ("openapi", "documentation"):
        assert APIClient().get(links[name]["href"]).status_code == 200


def test_it_documents_the_api_on_a_page_with_swagger_ui_from_this_site(client: Any) -> None:
    response = client.get(reverse("api:documentation"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in page
    assert reverse("api:openapi-json") in page
    assert "https://" not in page.split("<main", 1)[1].split("</main>", 1)[0]
