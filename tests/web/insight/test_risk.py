"""The risk diagram of all scenarios and their table."""

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
    return reverse("insight:risk", kwargs={"map_id": record.pk})


def test_it_draws_every_scenario_in_an_accessible_diagram(
    world: dict[str, Any], login: Any
) -> None:
    html = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"])).content.decode()
    assert 'role="img"' in html and '<title id="risicodiagram-t">Risicodiagram</title>' in html
    assert html.count("<circle") == 2
    assert "1: Ransomware bij de hoster, klasse C, score 0,8" in html
    assert "2: Stroomstoring, klasse C, score 0,4" in html


def test_it_tables_likelihood_score_risk_and_classes(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    first, second = response.context["analysis"].risks
    assert (first.id, first.likelihood, first.score) == ("ransomware", "C", pytest.approx(0.8))
    assert first.expected == pytest.approx(0.0024)
    criteria = [c.id for c in response.context["criteria"]]
    classes = dict(zip(criteria, first.classes, strict=True))
    assert classes["costs"] == "B" and classes["daily_life"] == "B" and classes["deaths"] is None
    assert dict(zip(criteria, second.classes, strict=True))["costs"] == "A"
    html = response.content.decode()
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert "0,0024" in html and "0,0012" in html


def test_it_escapes_scenario_names(world: dict[str, Any], login: Any) -> None:
    record = world["map_a"]
    data = copy.deepcopy(record.current().data)
    data["scenarios"][0]["name"] = "<b>Stroom</b> & meer"
    service.save(record, data, author=None, summary="naam", kind=ObjectKind.SCENARIO)
    html = login(world["users"][Role.BESTUURDER]).get(url(record)).content.decode()
    assert "<b>Stroom</b>" not in html
    assert "&lt;b&gt;Stroom&lt;/b&gt; &amp; meer" in html


def test_it_lists_scenarios_without_likelihood_beside_the_diagram(
    world: dict[str, Any], login: Any
) -> None:
    record = world["map_a"]
    data = copy.deepcopy(record.current().data)
    del data["scenarios"][0]["likelihood"]
    service.save(record, data, author=None, summary="kans weg", kind=ObjectKind.SCENARIO)
    html = login(world["users"][Role.BESTUURDER]).get(url(record)).content.decode()
    assert html.count("<circle") == 1
    assert "Zonder waarschijnlijkheid, dus niet in het diagram: 2. Stroomstoring" in html
