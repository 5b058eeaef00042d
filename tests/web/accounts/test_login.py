"""Logging in, throttling, and the security headers of every page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_logs_in_and_lands_on_the_map(
    world: dict[str, Any], client: Client, password: str
) -> None:
    response = client.post(reverse("login"), {"username": "a-ciso", "password": password})
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.status_code == 200
    assert "Gemeente A" in response.content.decode()


def test_it_refuses_a_wrong_password(world: dict[str, Any], client: Client) -> None:
    response = client.post(reverse("login"), {"username": "a-ciso", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_locks_out_after_repeated_failures(
    world: dict[str, Any], client: Client, password: str
) -> None:
    for _ in range(5):
        client.post(reverse("login"), {"username": "a-ciso", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "a-ciso", "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_hashes_passwords_with_argon2(world: dict[str, Any], settings: Any) -> None:
    from django.conf import settings as live
    from django.contrib.auth.hashers import make_password

    from weerbaar.web import settings as configured

    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    assert live.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert make_password("a long enough passphrase").startswith("argon2")


def test_it_sends_security_headers(world: dict[str, Any], client: Client) -> None:
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_speaks_dutch_by_default_and_english_on_request(
    world: dict[str, Any], client: Client
) -> None:
    assert "Inloggen" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in" in client.get(reverse("login")).content.decode()
