"""What the scenario views share: the current map and its cached analyses."""

from __future__ import annotations

from django.http import Http404

from weerbaar.model import RiskMap, Scenario
from weerbaar.web.maps.models import MapVersion
from weerbaar.web.scenarios import memo
from weerbaar.web.scenarios.dependencies import Dependencies, analyse


def dependencies(version: MapVersion, m: RiskMap) -> Dependencies:
    return memo.remembered(version, ("dependencies",), lambda: analyse(m))


def scenario_or_404(m: RiskMap, scenario_id: str) -> Scenario:
    try:
        return m.scenario(scenario_id)
    except KeyError:
        raise Http404("no such scenario") from None
