"""Mutual aid in the gemeentelijk responsnetwerk (GRN): requests, offers, matching.

Pure Python; never imports Django (``tests/test_layering.py``).
:mod:`~weerbaar.aid.match` ranks offers for a request (and requests for a
would-be helper) by capacity type, time window and distance;
:mod:`~weerbaar.aid.sharing` decides what of a request others see.
"""

from weerbaar.aid.match import (
    CapacityType,
    Fit,
    Need,
    Supply,
    Window,
    distance_km,
    rank_offers,
    rank_requests,
)
from weerbaar.aid.sharing import SharedField, shown

__all__ = [
    "CapacityType",
    "Fit",
    "Need",
    "SharedField",
    "Supply",
    "Window",
    "distance_km",
    "rank_offers",
    "rank_requests",
    "shown",
]
