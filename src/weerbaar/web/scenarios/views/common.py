"""What the scenario views share."""

from __future__ import annotations

from django.http import Http404

from weerbaar.model import RiskMap, Scenario


def scenario_or_404(m: RiskMap, scenario_id: str) -> Scenario:
    try:
        return m.scenario(scenario_id)
    except KeyError:
        raise Http404("no such scenario") from None
