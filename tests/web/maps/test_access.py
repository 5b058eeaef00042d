"""Isolation between municipalities and what each role may do."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Action, Role
from weerbaar.web.maps.access import access_for, maps_for

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_maps_of_ones_own_municipality(world: dict[str, Any]) -> None:
    assert list(maps_for(world["users"][Role.CISO])) == [world["map_a"]]
    assert list(maps_for(world["user_b"])) == [world["map_b"]]


def test_it_gives_no_access_to_another_municipalitys_map(world: dict[str, Any]) -> None:
    assert access_for(world["user_b"], world["map_a"]) is None
    for user in world["users"].values():
        assert access_for(user, world["map_b"]) is None


def test_it_answers_404_for_another_municipalitys_map(world: dict[str, Any], login: Any) -> None:
    client = login(world["user_b"])
    response = client.get(reverse("maps:overview", kwargs={"map_id": world["map_a"].pk}))
    assert response.status_code == 404


def test_it_lets_a_bestuurder_read_but_change_nothing(world: dict[str, Any]) -> None:
    access = access_for(world["users"][Role.BESTUURDER], world["map_a"])
    assert access is not None
    assert access.can(Action.VIEW) and access.can(Action.ANALYSE)
    assert not any(access.can(a) for a in (Action.EDIT_MAP, Action.EDIT_OWN_NODES, Action.RUN))
    assert not access.can_edit_node({"id": "suite", "party": "hoster"})


def test_it_lets_a_partner_edit_only_its_own_nodes(world: dict[str, Any]) -> None:
    access = access_for(world["users"][Role.KETENPARTNER], world["map_a"])
    assert access is not None and access.is_partner
    assert access.can_edit_node({"id": "suite", "party": "hoster"})
    assert not access.can_edit_node({"id": "uitkeringen", "party": "gemeente"})
    assert access.sees_node({"id": "suite", "party": "hoster"})
    assert not access.sees_node({"id": "power"})
    assert not access.can(Action.ANALYSE)
    assert not access.can(Action.EDIT_MAP)


def test_it_lets_editors_edit(world: dict[str, Any]) -> None:
    for role in (Role.BEHEERDER, Role.CISO, Role.ADVISEUR_OOV, Role.CRISISCOORDINATOR):
        access = access_for(world["users"][role], world["map_a"])
        assert access is not None
        assert access.can(Action.EDIT_MAP) and access.can(Action.RUN)
    assert access_for(world["users"][Role.BEHEERDER], world["map_a"]).can(Action.MANAGE)  # type: ignore[union-attr]
    assert not access_for(world["users"][Role.CISO], world["map_a"]).can(Action.MANAGE)  # type: ignore[union-attr]


def test_it_sends_anonymous_users_to_the_login_page(world: dict[str, Any], client: Any) -> None:
    response = client.get(reverse("maps:overview", kwargs={"map_id": world["map_a"].pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_a_partner_only_its_own_part_on_the_overview(
    world: dict[str, Any], login: Any
) -> None:
    record = world["map_a"]
    overview = reverse("maps:overview", kwargs={"map_id": record.pk})
    html = login(world["users"][Role.KETENPARTNER]).get(overview).content.decode()
    assert "Uitkeringen" not in html  # the municipality's vital process
    assert "Scenario" not in html and "Maatregelen" not in html  # no totals of the map
    assert "Uw knooppunten" in html
    assert "Versie " not in html  # how often the map changed is mostly others' business
    full = login(world["users"][Role.BESTUURDER]).get(overview).content.decode()
    assert "Uitkeringen" in full and "Gemeente A" in full and "Maatregelen" in full
    assert "Versie 1" in full
