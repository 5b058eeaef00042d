"""The live forecast of an incident for the web: the calls of :mod:`weerbaar.incident` that
run the engine.

On the sample map the exact forecast and its advice take a few hundredths of
a second and 1,000 Monte Carlo samples a few tenths (docs/performance.md),
so they run inline; a map above ``WEERBAAR_INLINE_NODE_LIMIT`` nodes gets the
exact forecast and its advice only, without samples, to stay within a
request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings

from weerbaar.incident.advice import Advice, advise
from weerbaar.incident.forecast import Forecast, ForecastError, Outage, forecast
from weerbaar.model import RiskMap

#: Monte Carlo samples of a forecast page, and its seed (the same page twice shows the same).
SAMPLES = 1000
SEED = 2026

__all__ = ["SAMPLES", "SEED", "Advice", "Forecast", "ForecastError", "Outage", "run"]


def samples_for(m: RiskMap) -> int:
    """The samples a page can afford on ``m``: none past the inline limit."""
    return SAMPLES if len(m.nodes) <= settings.INLINE_NODE_LIMIT else 0


def run(m: RiskMap, outages: Sequence[Outage], now: datetime) -> tuple[Forecast, Advice]:
    """The forecast of the incident at ``now`` and what helps most.

    Raises
    ------
    ForecastError
        When an outage does not fit the map (a node since removed) or ``now``.
    """
    return forecast(m, outages, now, samples_for(m), SEED), advise(m, outages, now)
