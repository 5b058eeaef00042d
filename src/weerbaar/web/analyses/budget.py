"""The risk-based budget of a stored map version, for the pages.

Exact search simulates every scenario once per subset of the measures that
touch it (:mod:`weerbaar.accountability.budget`): on a municipal map a few
seconds. A page computes it inline when the map is within
``settings.INLINE_NODE_LIMIT`` nodes and has at most
:data:`~weerbaar.accountability.budget.MAX_EXACT` measures; otherwise it says
so and points at ``weerbaar budget`` on the command line. Results are cached
per version and amount.
"""

from __future__ import annotations

from django.conf import settings

from weerbaar.accountability.budget import MAX_EXACT, BudgetResult, plan_budget
from weerbaar.model import MapError, RiskMap
from weerbaar.web.analyses import cache
from weerbaar.web.maps.models import MapVersion


def inline(m: RiskMap) -> bool:
    """Whether the frontier of ``m`` may be computed inside a request."""
    return len(m.nodes) <= settings.INLINE_NODE_LIMIT and len(m.measures) <= MAX_EXACT


def frontier(version: MapVersion, m: RiskMap, amount: float) -> BudgetResult | str:
    """The best measures within ``amount`` and the frontier, or why there is none."""
    if not m.measures:
        return "no-measures"
    if not inline(m):
        return "too-large"
    try:
        return cache.remembered(
            version, ("budget", f"{amount:.2f}"), lambda: plan_budget(m, amount)
        )
    except MapError:
        return "not-scorable"
