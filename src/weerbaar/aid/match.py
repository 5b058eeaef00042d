"""Matching help to a request: same kind of capacity, overlapping time, nearby.

An organisation under pressure asks for an amount of one kind of capacity
(:class:`CapacityType`) over a time window; others offer an amount over a
window of their own. An offer fits as far as it covers the request: the
share of the requested window it overlaps (*coverage*) times the share of
the requested amount it brings (at most 1), so two people for the whole
week and four people for half of it fit alike. Ties go to the nearer
organisation (great-circle distance between their locations; unknown
distances last), then to the earlier offer.

Examples
--------
>>> from datetime import datetime, timedelta
>>> t = datetime(2026, 12, 7, 8)
>>> need = Need(CapacityType.FORENSICS, 2, Window(t, t + timedelta(days=2)), (52.1, 6.4))
>>> near = Supply("a", CapacityType.FORENSICS, 2, Window(t, t + timedelta(days=1)), (52.2, 6.5))
>>> far = Supply("b", CapacityType.FORENSICS, 2, Window(t, t + timedelta(days=2)), (53.2, 5.8))
>>> [(f.key, f.score) for f in rank_offers(need, [near, far])]
[('b', 1.0), ('a', 0.5)]
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

#: Mean earth radius in km (for the great-circle distance).
EARTH_RADIUS_KM = 6371.0088

Location = tuple[float, float]


class CapacityType(StrEnum):
    """Kinds of help municipalities give each other in the GRN."""

    INCIDENT_RESPONSE = "incident-response"
    FORENSICS = "forensics"
    COMMUNICATION = "communication"
    WORKPLACES = "workplaces"
    EQUIPMENT = "equipment"
    LIAISON = "liaison"


@dataclass(frozen=True)
class Window:
    """From ``start`` until ``end`` (``end`` after ``start``)."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a time window ends after it starts")

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def overlap_hours(self, other: Window) -> float:
        """Hours both windows share (0 when they do not meet)."""
        start, end = max(self.start, other.start), min(self.end, other.end)
        return max(0.0, (end - start).total_seconds() / 3600)


@dataclass(frozen=True)
class Need:
    """What a request asks for."""

    capacity: CapacityType
    amount: int
    window: Window
    location: Location | None = None


@dataclass(frozen=True)
class Supply:
    """What one organisation offers (``key`` identifies the offer to the caller)."""

    key: str
    capacity: CapacityType
    amount: int
    window: Window
    location: Location | None = None


@dataclass(frozen=True)
class Fit:
    """How well an offer answers a request."""

    key: str
    coverage: float
    amount_share: float
    distance_km: float | None

    @property
    def score(self) -> float:
        return round(self.coverage * self.amount_share, 6)


def distance_km(a: Location | None, b: Location | None) -> float | None:
    """Great-circle distance between two (lat, lon) points, None when one is unknown.

    >>> round(distance_km((52.0, 5.0), (52.0, 6.0)), 1)
    68.5
    """
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def fit(need: Need, supply: Supply) -> Fit | None:
    """How ``supply`` answers ``need``; None for another kind or no time in common."""
    if supply.capacity is not need.capacity or need.amount <= 0 or supply.amount <= 0:
        return None
    overlap = need.window.overlap_hours(supply.window)
    if overlap <= 0:
        return None
    return Fit(
        supply.key,
        min(1.0, overlap / need.window.hours),
        min(1.0, supply.amount / need.amount),
        distance_km(need.location, supply.location),
    )


def _order(f: Fit) -> tuple[float, float, str]:
    far = f.distance_km if f.distance_km is not None else math.inf
    return (-f.score, far, f.key)


def rank_offers(need: Need, offers: Iterable[Supply]) -> list[Fit]:
    """The offers that fit ``need``, best first (see the module's rule)."""
    found = [f for f in (fit(need, s) for s in offers) if f is not None]
    return sorted(found, key=_order)


def rank_requests(
    here: Location | None, requests: Iterable[tuple[str, Need]], now: datetime
) -> list[tuple[str, float | None]]:
    """Open requests for a would-be helper at ``here``: the nearest first, then the
    soonest; requests whose window has passed are left out. ``(key, km)`` each."""
    out = []
    for key, need in requests:
        if need.window.end <= now:
            continue
        km = distance_km(here, need.location)
        out.append((key, km, need.window.start))
    out.sort(key=lambda r: (r[1] if r[1] is not None else math.inf, r[2], r[0]))
    return [(key, km) for key, km, _start in out]
