"""Login lockout per user and address, per address, behind a proxy, and lifted by the beheerder."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.clientip import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def attempt(client: Client, username: str, password: str, forwarded: str = "") -> int:
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post(reverse("login"), {"username": username, "password": password}, **extra)
    return response.status_code


def fail(client: Client, username: str, times: int, forwarded: str = "") -> None:
    for _ in range(times):
        attempt(client, username, "wrong", forwarded)


def test_it_believes_only_the_hops_of_trusted_proxies() -> None:
    def request(forwarded: str) -> Any:
        return SimpleNamespace(META={"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded})

    assert client_ip(request("1.2.3.4"), 0) == PROXY
    assert client_ip(request("1.2.3.4"), 1) == "1.2.3.4"
    # A client's own X-Forwarded-For is in front of what the proxy appended.
    assert client_ip(request("6.6.6.6, 1.2.3.4"), 1) == "1.2.3.4"
    assert client_ip(request("6.6.6.6, 1.2.3.4, 10.0.0.1"), 2) == "1.2.3.4"
    # Fewer hops than proxies, or garbage: never an address the client chose.
    assert client_ip(SimpleNamespace(META={"REMOTE_ADDR": PROXY}), 1) == PROXY
    assert client_ip(request("not-an-address"), 1) == PROXY


def test_it_locks_out_one_client_behind_the_proxy_not_everyone(
    world: dict[str, Any], settings: Any, password: str
) -> None:
    settings.TRUSTED_PROXIES = 1
    fail(Client(), "a-beheerder", 5, forwarded="1.2.3.4")
    assert attempt(Client(), "a-beheerder", password, forwarded="1.2.3.4") == 429
    assert attempt(Client(), "a-beheerder", password, forwarded="5.6.7.8") == 302


def test_it_ignores_forwarded_for_without_a_trusted_proxy(
    world: dict[str, Any], password: str
) -> None:
    # Changing the header on every try must not escape the lockout.
    for i in range(5):
        attempt(Client(), "a-ciso", "wrong", forwarded=f"1.2.3.{i}")
    assert attempt(Client(), "a-ciso", password, forwarded="9.9.9.9") == 429


def test_it_locks_out_an_address_that_tries_many_users(
    world: dict[str, Any], settings: Any, password: str
) -> None:
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 8
    for name in ("a-ciso", "a-bestuurder", "a-adviseur-oov", "x", "y", "z", "v", "w"):
        fail(Client(), name, 1)
    assert attempt(Client(), "a-crisiscoordinator", password) == 429


def test_it_tells_the_locked_out_user_what_to_do(world: dict[str, Any]) -> None:
    fail(Client(), "a-ciso", 5)
    response = Client().post(
        reverse("login"), {"username": "a-ciso", "password": "wrong"}, REMOTE_ADDR=PROXY
    )
    text = response.content.decode()
    assert response.status_code == 429
    assert "15 minuten" in text
    assert "beheerder" in text


def test_it_shows_the_beheerder_the_lockouts_of_its_people_and_lifts_them(
    world: dict[str, Any], login: Any, password: str
) -> None:
    fail(Client(), "a-ciso", 5)
    fail(Client(), "b-ciso", 5)
    client = login(world["users"][Role.BEHEERDER])
    url = reverse("accounts:lockouts")
    text = client.get(url).content.decode()
    assert "a-ciso" in text
    assert "Geblokkeerd tot" in text
    assert "b-ciso" not in text  # another municipality's people are not ours to see
    # Lifting another organisation's lockout is refused as if it did not exist.
    client.post(url, {"username": "b-ciso", "address": PROXY})
    assert attempt(Client(), "b-ciso", password) == 429
    response = client.post(url, {"username": "a-ciso", "address": PROXY}, follow=True)
    assert "is opgeheven" in response.content.decode()
    assert attempt(Client(), "a-ciso", password) == 302


@pytest.mark.parametrize("role", [Role.CISO, Role.BESTUURDER, Role.KETENPARTNER])
def test_it_shows_lockouts_to_the_beheerder_only(
    world: dict[str, Any], login: Any, role: Role
) -> None:
    client = login(world["users"][role])
    assert client.get(reverse("accounts:lockouts")).status_code == 403
    assert client.post(reverse("accounts:lockouts")).status_code == 403


def test_it_shows_the_beheerder_guessed_usernames_from_its_peoples_address(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = 1
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 4
    fail(Client(), "a-ciso", 1, forwarded="1.1.1.1")
    fail(Client(), "gokker-17", 3, forwarded="1.1.1.1")  # a username nobody has, same address
    fail(Client(), "ook-niemand", 2, forwarded="7.7.7.7")  # from elsewhere
    client = login(world["users"][Role.BEHEERDER])
    text = client.get(reverse("accounts:lockouts")).content.decode()
    # Counted, not named: what was typed is not the beheerder's to read.
    assert "1 onbekende gebruikersnaam" in text and "gokker-17" not in text
    assert "Adres geblokkeerd tot" in text  # the guesses blocked the whole address
    assert "7.7.7.7" not in text
    # ... and the beheerder can lift it, as for its own people.
    response = client.post(
        reverse("accounts:lockouts"), {"username": "", "address": "1.1.1.1"}, follow=True
    )
    text = response.content.decode()
    assert "De blokkade van onbekende gebruikersnamen vanaf 1.1.1.1 is opgeheven." in text
    assert not AccessAttempt.objects.filter(ip_address="1.1.1.1").exists()


def test_it_never_shows_the_beheerder_what_was_typed_as_an_unknown_username(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    # One address for both municipalities (a shared office, a shared exit):
    # B's person mistypes her username, someone types a password as username.
    settings.TRUSTED_PROXIES = 1
    fail(Client(), "a-ciso", 1, forwarded="5.5.5.5")
    fail(Client(), "b-cisso", 2, forwarded="5.5.5.5")
    fail(Client(), "Zomer2026!geheim", 1, forwarded="5.5.5.5")
    client = login(world["users"][Role.BEHEERDER])
    text = client.get(reverse("accounts:lockouts")).content.decode()
    assert "a-ciso" in text and "2 onbekende gebruikersnamen" in text
    assert "b-cisso" not in text and "Zomer2026" not in text
    # Lifting the unnamed row frees the unknown names there, not its own person's.
    client.post(reverse("accounts:lockouts"), {"username": "", "address": "5.5.5.5"})
    left = AccessAttempt.objects.filter(ip_address="5.5.5.5")
    assert list(left.values_list("username", flat=True)) == ["a-ciso"]


def test_it_shows_the_other_municipalitys_people_to_neither_beheerder(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = 1
    fail(Client(), "b-ciso", 2, forwarded="8.8.8.8")
    fail(Client(), "gok-xq", 2, forwarded="8.8.8.8")
    html = login(world["users"][Role.BEHEERDER]).get(reverse("accounts:lockouts")).content.decode()
    assert "Geen mislukte inlogpogingen" in html
    assert "gok-xq" not in html and "8.8.8.8" not in html


def test_it_shows_the_operator_every_attempt(
    world: dict[str, Any], client: Client, settings: Any
) -> None:
    from django.contrib.auth import get_user_model

    settings.TRUSTED_PROXIES = 1
    operator = get_user_model().objects.create_user("operator", password="x" * 16, is_staff=True)
    fail(Client(), "b-ciso", 2, forwarded="8.8.8.8")
    fail(Client(), "niemand", 2, forwarded="7.7.7.7")
    client.force_login(operator)
    html = client.get(reverse("accounts:lockouts")).content.decode()
    assert "b-ciso" in html and "niemand" in html and "7.7.7.7" in html
    assert "onbekende gebruikersnaam" in html
