"""Measures: cost, expected risk reduction, per euro, and scenarios before and after."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import service
from weerbaar.web.maps.models import ObjectKind, RiskMapRecord

pytestmark = pytest.mark.django_db


def url(record: RiskMapRecord) -> str:
    return reverse("insight:measures", kwargs={"map_id": record.pk})


def add_fast_restore(record: RiskMapRecord) -> None:
    """A measure that brings the hoster back in one day instead of five."""
    data = copy.deepcopy(record.current().data)
    data["measures"].append(
        {
            "id": "snel-herstel",
            "name": "Snel herstel bij de hoster",
            "cost": 6000,
            "changes": [{"scenario_duration": {"scenario": "ransomware", "duration": "1d"}}],
        }
    )
    service.save(record, data, author=None, summary="maatregel", kind=ObjectKind.MEASURE)


def test_it_finds_that_a_second_internet_provider_changes_nothing_here(
    world: dict[str, Any], login: Any
) -> None:
    # Both scenarios take the hosting down, which the suite cannot do without:
    # a second way onto the internet does not keep Uitkeringen running.
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    (row,) = response.context["measures"]
    assert (row.id, row.cost, row.reduction, row.per_1000) == ("tweede-internet", 12000, 0, 0)
    assert all(not s.changed for s in row.scenarios)
    html = response.content.decode()
    assert "€\xa012.000" in html and "(ongewijzigd)" in html


def test_it_puts_the_best_reduction_per_euro_first(world: dict[str, Any], login: Any) -> None:
    add_fast_restore(world["map_a"])
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    best, other = response.context["measures"]
    assert (best.id, other.id) == ("snel-herstel", "tweede-internet")
    # Ransomware drops from score 0,8 (costs B, daily life B) to 0,4 (costs
    # A: 28 hours out, daily life B): 0,4 × 0,003 = 0,0012 a year, 0,0002 per €1000.
    assert best.reduction == pytest.approx(0.0012)
    assert best.per_1000 == pytest.approx(0.0002)
    ransomware = next(s for s in best.scenarios if s.label == "Ransomware bij de hoster")
    assert (ransomware.score_before, ransomware.score_after) == pytest.approx((0.8, 0.4))
    html = response.content.decode()
    assert "0,00120" in html and "0,000200" in html


def test_it_draws_an_accessible_bar_chart(world: dict[str, Any], login: Any) -> None:
    add_fast_restore(world["map_a"])
    html = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"])).content.decode()
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in chart
    assert 'aria-labelledby="maatregelen-grafiek-t maatregelen-grafiek-d"' in chart
    assert "<desc" in chart and chart.count("<rect") == 2
    assert "Snel herstel bij de hoster" in chart
