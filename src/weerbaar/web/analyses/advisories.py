"""Advisories matched to a stored map version, with what hangs on the affected nodes.

The product index and the closure lists are built once per map version
(:mod:`weerbaar.web.analyses.cache`); matching the organisation's
advisories against them is then quick enough for every page view.
"""

from __future__ import annotations

from collections.abc import Iterable

from weerbaar.advisories import Advisory, Closures, Matched, ProductIndex, rank
from weerbaar.model import RiskMap
from weerbaar.web.analyses import cache
from weerbaar.web.maps.models import MapVersion


def matched(version: MapVersion, m: RiskMap, advisories: Iterable[Advisory]) -> list[Matched]:
    """The advisories naming a product of the map, most pressing first."""
    index = cache.remembered(version, ("advisories", "index"), lambda: ProductIndex(m))
    closures = cache.remembered(version, ("advisories", "closures"), lambda: Closures(m))
    return rank(m, advisories, index=index, closure=closures)
