"""Chain partners ranked by the vital processes that depend on them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps.models import RiskMapRecord, Share

pytestmark = pytest.mark.django_db


def url(record: RiskMapRecord) -> str:
    return reverse("insight:partners", kwargs={"map_id": record.pk})


def test_it_ranks_the_hoster_first(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    rows = response.context["partners"]
    # Each party takes Uitkeringen down; the hoster and the ISP take three
    # nodes with them, the hoster runs two of its own, the municipality one.
    assert [(r.id, len(r.processes), r.down, r.nodes) for r in rows] == [
        ("hoster", 1, 3, 2),
        ("isp-a", 1, 3, 1),
        ("gemeente", 1, 1, 1),
    ]
    assert rows[0].processes == ("Uitkeringen",)
    assert (rows[0].maturity, rows[0].kind) == (3, "leverancier")


def test_it_shows_maturity_kind_and_processes(world: dict[str, Any], login: Any) -> None:
    html = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"])).content.decode()
    assert html.index("Hosting BV") < html.index("Internet A BV") < html.index("Gemeente A</th>")
    assert "telecomaanbieder" in html and "leverancier" in html
    assert "onbekend" in html  # the municipality gave itself no maturity
    assert "Uitkeringen" in html


def test_it_is_open_to_a_partner_with_the_whole_map(world: dict[str, Any], login: Any) -> None:
    Share.objects.filter(riskmap=world["map_a"]).update(whole_map=True)
    response = login(world["users"][Role.KETENPARTNER]).get(url(world["map_a"]))
    assert response.status_code == 200
