"""What changed since the user's previous visit to the dashboard.

A visit is a session: the version stored at the end of the previous session
is the baseline of this one, and stays the baseline while the session lasts,
so reloading the dashboard does not make the changes disappear before they
were read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from weerbaar.web.insight.models import DashboardVisit
from weerbaar.web.insight.rows import RiskRow
from weerbaar.web.maps.models import MapVersion, RiskMapRecord

#: At most this many changes are listed; the history page has them all.
MAX_CHANGES = 20


def _session_key(record: RiskMapRecord) -> str:
    return f"insight-baseline-{record.pk}"


@dataclass(frozen=True)
class Since:
    """The versions made after the one the user saw last time, newest first.

    ``baseline`` is None on the user's first visit; ``count`` is the number
    of such versions and ``changes`` the first :data:`MAX_CHANGES` of them.
    """

    baseline: MapVersion | None
    count: int
    changes: list[MapVersion]


def since_last_visit(request: HttpRequest, record: RiskMapRecord, current: MapVersion) -> Since:
    """Find the baseline of this visit and remember ``current`` as seen."""
    user: Any = request.user
    key = _session_key(record)
    if key in request.session:
        number = request.session[key]
    else:
        visit = DashboardVisit.objects.filter(user=user, riskmap=record).first()
        number = None if visit is None else visit.number
        request.session[key] = number
    DashboardVisit.objects.update_or_create(
        user=user, riskmap=record, defaults={"number": current.number}
    )
    if number is None:
        return Since(None, 0, [])
    baseline = record.versions.filter(number=number).first()
    newer: QuerySet[MapVersion] = (
        record.versions.filter(number__gt=number, number__lte=current.number)
        .select_related("author")
        .order_by("-number")
    )
    return Since(baseline, newer.count(), list(newer[:MAX_CHANGES]))


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"


@dataclass(frozen=True)
class Trend:
    """How a scenario's risk moved since the baseline version, and what it was then."""

    direction: Direction
    score: float | None = None
    expected: float | None = None


def trends(now: Sequence[RiskRow], then: Sequence[RiskRow]) -> dict[str, Trend]:
    """Per scenario id: did its risk go up or down since ``then``?

    The expected risk decides (it moves with likelihood and impact alike);
    the impact score decides between scenarios without a likelihood.
    """
    old = {r.id: r for r in then}
    out = {}
    for r in now:
        before = old.get(r.id)
        if before is None:
            out[r.id] = Trend(Direction.NEW)
            continue
        was, now_is = (before.expected, before.score), (r.expected, r.score)
        if now_is > was:
            direction = Direction.UP
        elif now_is < was:
            direction = Direction.DOWN
        else:
            direction = Direction.SAME
        out[r.id] = Trend(direction, before.score, before.expected)
    return out
