"""Every advisory URL × every role; another municipality's advisories answer as missing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from advisory_docs import document
from weerbaar.web.accounts.models import Role
from weerbaar.web.advisories import store
from weerbaar.web.advisories.models import AdvisoryRecord

pytestmark = pytest.mark.django_db

READERS = {Role.BEHEERDER, Role.CISO, Role.ADVISEUR_OOV, Role.CRISISCOORDINATOR, Role.BESTUURDER}
IMPORTERS = {Role.BEHEERDER, Role.CISO, Role.ADVISEUR_OOV, Role.CRISISCOORDINATOR}
ACTORS = {Role.BEHEERDER, Role.CISO}


def imported(world: dict[str, Any], org: str = "org_a") -> AdvisoryRecord:
    found = store.read_uploads([("a.json", json.dumps(document()).encode())])
    store.save(world[org], found, None)
    return AdvisoryRecord.objects.get(organisation=world[org])


def urls(map_id: int, advisory_id: int) -> list[tuple[str, str, set[Role]]]:
    one = {"map_id": map_id, "advisory_id": advisory_id}
    return [
        ("get", reverse("advisories:list", kwargs={"map_id": map_id}), READERS),
        ("get", reverse("advisories:detail", kwargs=one), READERS),
        ("post", reverse("advisories:import", kwargs={"map_id": map_id}), IMPORTERS),
        ("post", reverse("advisories:fetch", kwargs={"map_id": map_id}), IMPORTERS),
        ("post", reverse("advisories:action", kwargs=one), ACTORS),
        ("post", reverse("advisories:incident", kwargs=one), IMPORTERS),
    ]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_it_answers_each_role_as_its_rights_say(
    role: Role, world: dict[str, Any], login: Any
) -> None:
    record = imported(world)
    client = login(world["users"][role])
    for method, url, allowed in urls(world["map_a"].pk, record.pk):
        status = getattr(client, method)(url).status_code
        if role in allowed:
            # A POST without its form is refused as bad input, or redirects.
            assert status in ({200} if method == "get" else {302, 400}), (url, status)
        else:
            assert status == 403, (url, status)


def test_another_municipality_gets_404_everywhere(world: dict[str, Any], login: Any) -> None:
    record = imported(world)
    client = login(world["user_b"])
    for method, url, _allowed in urls(world["map_a"].pk, record.pk):
        assert getattr(client, method)(url).status_code == 404, url
    # Nor through its own map: the advisory is not its organisation's.
    for method, url, _allowed in urls(world["map_b"].pk, record.pk)[1::3]:
        assert getattr(client, method)(url).status_code == 404, url
    assert AdvisoryRecord.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(world: dict[str, Any], client: Any) -> None:
    record = imported(world)
    for method, url, _allowed in urls(world["map_a"].pk, record.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]
