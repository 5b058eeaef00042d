"""visible_items selects exactly what TLP 2.0 allows, for every label and every viewer."""

from __future__ import annotations

from typing import Any

import pytest
from sharing_data import expected

from weerbaar.sharing.disclosure import may_see
from weerbaar.sharing.tlp import TLP
from weerbaar.web.sharing.models import Channel, Disclosure, SharedItem
from weerbaar.web.sharing.visibility import (
    holding_of,
    record_disclosures,
    viewer_for,
    visible_items,
)

pytestmark = pytest.mark.django_db

VIEWERS = [
    "author",
    "beheerder",
    "adviseur-oov",
    "crisiscoordinator",
    "bestuurder",
    "named",
    "recipient-org",
    "community",
    "map-partner",
    "outsider",
]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_selects_exactly_the_labels_the_viewer_may_see(
    viewer: str, shared: dict[str, Any]
) -> None:
    user = shared["viewers"][viewer]
    seen = {item.tlp_enum for item in visible_items(user)}
    assert seen == expected(viewer)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_agrees_with_the_pure_rule_item_by_item(viewer: str, shared: dict[str, Any]) -> None:
    user = shared["viewers"][viewer]
    pure = viewer_for(user)
    selected = set(visible_items(user).values_list("pk", flat=True))
    for item in shared["items"].values():
        assert (item.pk in selected) == may_see(holding_of(item), pure), item.title


def test_it_counts_each_item_once_whatever_the_joins(shared: dict[str, Any]) -> None:
    amber = shared["items"][TLP.AMBER]
    amber.recipient_organisations.add(shared["org_c"], shared["org_d"])
    user = shared["viewers"]["recipient-org"]
    assert visible_items(user).count() == len(expected("recipient-org"))


def test_it_shows_an_organisation_as_a_whole_no_red(shared: dict[str, Any]) -> None:
    seen = {item.tlp_enum for item in visible_items(shared["org_a"])}
    assert seen == {TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT}


def test_it_shows_anyone_only_clear(shared: dict[str, Any]) -> None:
    assert {i.tlp_enum for i in visible_items(None)} == {TLP.CLEAR}


def test_it_stops_showing_green_when_the_member_leaves(shared: dict[str, Any]) -> None:
    user = shared["viewers"]["community"]
    shared["regio"].memberships.filter(organisation=shared["org_c"]).delete()
    assert {i.tlp_enum for i in visible_items(user)} == {TLP.CLEAR}


def test_it_logs_disclosures_outside_the_owner_only(shared: dict[str, Any]) -> None:
    items = list(SharedItem.objects.all())
    inside = record_disclosures(items, shared["viewers"]["beheerder"], Channel.PAGE)
    outside = record_disclosures(
        list(visible_items(shared["viewers"]["recipient-org"])),
        shared["viewers"]["recipient-org"],
        Channel.EXPORT,
    )
    assert inside == 0
    assert outside == 2
    logged = Disclosure.objects.filter(channel=Channel.EXPORT)
    assert {d.who for d in logged} == {"b-ciso"}
    assert {d.organisations for d in logged} == {"Gemeente B"}
    assert {d.item.tlp for d in logged} == {TLP.CLEAR.value, TLP.AMBER.value}
