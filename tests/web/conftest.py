"""Two municipalities, a chain partner, and a user in every role.

Municipality A (with its map) and municipality B (with its own) must never
see each other's data; the fixtures make that easy to test everywhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from accountability_data import assessed
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from weerbaar.model import parse_map, to_data
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.analyses import cache as analyses_cache
from weerbaar.web.maps import service
from weerbaar.web.maps.models import RiskMapRecord, Share

SMALL_MAP = """\
weerbaar: 1
name: Gemeente A
horizon: 5d
parties:
  - {id: gemeente, name: Gemeente A, kind: gemeente}
  - {id: isp-a, name: Internet A BV, kind: telecomaanbieder, maturity: 2}
  - {id: hoster, name: Hosting BV, kind: leverancier, maturity: 3}
nodes:
  - {id: power, kind: infrastructure, name: Stroom, location: {lat: 52.1, lon: 6.4}}
  - {id: internet-a, kind: service, party: isp-a, requires: [{node: power, tolerance: 2h}]}
  - {id: hosting, kind: service, party: hoster, requires: [power]}
  - id: suite
    kind: system
    name: Suite sociaal domein
    party: hoster
    restart: 4h
    requires: [hosting, internet-a]
  - id: uitkeringen
    kind: process
    name: Uitkeringen
    party: gemeente
    vital: true
    mtpd: 1d
    impact:
      per_day: {costs: 100000}
      steps:
        - {after: 12h, daily_life: 500}
    requires: [suite]
scenarios:
  - id: stroom
    name: Stroomstoring
    likelihood: C
    failures: [{node: power, duration: 1d}]
  - id: ransomware
    name: Ransomware bij de hoster
    likelihood: C
    theme: ransomware
    failures: [{node: hosting, duration: 5d}]
measures:
  - id: tweede-internet
    name: Tweede internetprovider
    cost: 12000
    changes:
      - add_node: {id: internet-b, kind: service}
      - add_alternative: {node: suite, requirement: internet-a, alternative: internet-b}
"""

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def fast_settings(settings: Any, tmp_path: Any) -> None:
    # Evidence files of self-assessments go to the test's own folder.
    settings.EVIDENCE_DIR = tmp_path / "evidence"
    # Argon2 is deliberately slow; tests that are not about hashing use MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No collectstatic in tests: serve static files without the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    # Rolled-back test data reuses primary keys: nothing cached for one
    # test's map version may be served to the next.
    analyses_cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def small_map_data() -> dict[str, Any]:
    return to_data(parse_map(SMALL_MAP))


def make_user(username: str, organisation: Organisation, role: Role) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def world(db: Any, small_map_data: dict[str, Any]) -> dict[str, Any]:
    org_a = Organisation.objects.create(name="Gemeente A", slug="gemeente-a")
    org_b = Organisation.objects.create(name="Gemeente B", slug="gemeente-b")
    hoster = Organisation.objects.create(name="Hosting BV", slug="hosting-bv", kind="leverancier")
    map_a = service.create_map(org_a, small_map_data, None, "test")
    data_b = dict(small_map_data, name="Gemeente B")
    map_b = service.create_map(org_b, data_b, None, "test")
    Share.objects.create(riskmap=map_a, organisation=hoster, party_id="hoster")
    users = {
        role: make_user(f"a-{role.value}", org_a, role)
        for role in Role
        if role is not Role.KETENPARTNER
    }
    users[Role.KETENPARTNER] = make_user("partner", hoster, Role.KETENPARTNER)
    return {
        "org_a": org_a,
        "org_b": org_b,
        "map_a": map_a,
        "map_b": map_b,
        "users": users,
        "user_b": make_user("b-ciso", org_b, Role.CISO),
    }


@pytest.fixture
def login(client: Client) -> Any:
    def as_user(user: Any) -> Client:
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def api() -> Any:
    """An API client authenticated with the user's token."""

    def as_user(user: Any) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user


def map_of(world: dict[str, Any], key: str = "map_a") -> RiskMapRecord:
    record: RiskMapRecord = world[key]
    return record


@pytest.fixture
def account(world: dict[str, Any]) -> dict[str, Any]:
    """Municipality A's map with a catalogue, an assessment with evidence and an action."""
    return {**assessed(world), "ciso": world["users"][Role.CISO]}


@pytest.fixture
def shared(world: dict[str, Any]) -> dict[str, Any]:
    """A's items under every TLP label, and viewers inside and outside (sharing_data)."""
    from sharing_data import shared_world

    return shared_world(world)
