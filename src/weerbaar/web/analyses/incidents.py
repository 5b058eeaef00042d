"""The live forecast of an incident for the web: the calls of :mod:`weerbaar.incident` that
run the engine.

On the sample map the exact forecast, its advice and 1,000 Monte Carlo
samples take hundredths of a second (docs/performance.md), so they run
inline. A map above ``WEERBAAR_INLINE_NODE_LIMIT`` nodes gets the exact
forecast without samples and an advice that runs at most
:data:`LARGE_MAP_FALLBACKS` fallbacks again, to stay within a request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings

from weerbaar.incident.advice import MAX_FALLBACKS, Advice, advise
from weerbaar.incident.forecast import Forecast, ForecastError, Outage, forecast
from weerbaar.model import RiskMap

#: Monte Carlo samples of a forecast page, and its seed (the same page twice shows the same).
SAMPLES = 1000
SEED = 2026
#: Fallbacks run again for the advice on a map above the inline limit.
LARGE_MAP_FALLBACKS = 2

__all__ = ["SAMPLES", "SEED", "Advice", "Forecast", "ForecastError", "Outage", "run"]


def _large(m: RiskMap) -> bool:
    return len(m.nodes) > settings.INLINE_NODE_LIMIT


def samples_for(m: RiskMap) -> int:
    """The samples a page can afford on ``m``: none past the inline limit."""
    return 0 if _large(m) else SAMPLES


def run(m: RiskMap, outages: Sequence[Outage], now: datetime) -> tuple[Forecast, Advice]:
    """The forecast of the incident at ``now`` and what helps most.

    Raises
    ------
    ForecastError
        When an outage does not fit the map (a node since removed) or ``now``.
    """
    fallbacks = LARGE_MAP_FALLBACKS if _large(m) else MAX_FALLBACKS
    return forecast(m, outages, now, samples_for(m), SEED), advise(m, outages, now, fallbacks)
