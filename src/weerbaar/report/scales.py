"""Scales and ticks of the report's charts: values in, pixels and labels out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from weerbaar.report.words import DUTCH, ChartWords

#: Tick steps of a time axis, in hours.
TIME_STEPS = (0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 672)
#: Longest time axis (hours) that counts in hours rather than days.
DAY_AXIS_FROM = 48


@dataclass(frozen=True)
class LinearScale:
    """Map ``[lo, hi]`` onto pixels ``[start, end]``.

    >>> LinearScale(0, 720, 100, 820)(360)
    460.0
    """

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo or 1.0
        return self.start + (value - self.lo) / span * (self.end - self.start)


@dataclass(frozen=True)
class LogScale:
    """Map ``[lo, hi]`` (both > 0) logarithmically onto ``[start, end]``.

    Values at or below ``lo`` (including 0) land on ``start``: a log axis has
    no place for them, and the report says so next to the chart.

    >>> s = LogScale(1, 1000, 300, 0)
    >>> s(1), s(10), s(1000), s(0)
    (300.0, 200.0, 0.0, 300.0)
    """

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if value <= self.lo:
            return float(self.start)
        frac = math.log10(value / self.lo) / math.log10(self.hi / self.lo)
        return self.start + frac * (self.end - self.start)


def log_bounds(values: Sequence[float]) -> tuple[float, float]:
    """Powers of ten around the positive ``values``, at least one decade apart.

    >>> log_bounds([3, 250]), log_bounds([]), log_bounds([10])
    ((1.0, 1000.0), (1.0, 10.0), (10.0, 100.0))
    """
    positive = [v for v in values if v > 0]
    if not positive:
        return 1.0, 10.0
    lo = 10.0 ** math.floor(math.log10(min(positive)))
    hi = 10.0 ** math.ceil(math.log10(max(positive)))
    return lo, max(hi, lo * 10)


def log_ticks(lo: float, hi: float) -> list[float]:
    """Decades between ``lo`` and ``hi``; with 2 and 5 in between when few.

    >>> log_ticks(1, 1000)
    [1.0, 10.0, 100.0, 1000.0]
    >>> log_ticks(10, 100)
    [10.0, 20.0, 50.0, 100.0]
    """
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    mults = (1.0,) if last - first >= 3 else (1.0, 2.0, 5.0)
    ticks = [m * 10.0**k for k in range(first, last + 1) for m in mults]
    return [t for t in ticks if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)]


def counts_in_days(span: float) -> bool:
    """Whether a time axis of ``span`` hours counts in days rather than hours.

    Past two days, "84 u" is harder to place than "3,5 d".

    >>> counts_in_days(48), counts_in_days(84)
    (False, True)
    """
    return span > DAY_AXIS_FROM


def time_step(span: float, max_ticks: int = 10) -> float:
    """The smallest sensible tick step (hours) giving at most ``max_ticks`` ticks.

    An axis that counts in days steps by at least half a day.

    >>> time_step(720), time_step(84), time_step(48), time_step(24), time_step(3)
    (72, 12, 6, 3, 0.5)
    """
    for step in TIME_STEPS:
        if counts_in_days(span) and step < 12:
            continue
        if span / step <= max_ticks:
            return step
    return 168 * math.ceil(span / 168 / max_ticks)


def nice_time_end(hours: float, max_ticks: int = 10) -> float:
    """``hours`` rounded up to a whole tick step of an axis that ends there.

    >>> nice_time_end(33), nice_time_end(220), nice_time_end(24)
    (36, 240, 24)
    """
    step = time_step(hours, max_ticks)
    return step * math.ceil(hours / step - 1e-9)


def time_ticks(
    span: float, max_ticks: int = 10, words: ChartWords = DUTCH
) -> list[tuple[float, str]]:
    """Ticks of a time axis from 0 to ``span`` hours, labelled in ``words`` (Dutch).

    An axis up to two days is labelled in hours (``u``), a longer one in
    days (``d``), so one axis never mixes units.

    >>> time_ticks(720)[:3]
    [(0.0, '0'), (72.0, '3 d'), (144.0, '6 d')]
    >>> time_ticks(12)[-1], time_ticks(84)[:3]
    ((12.0, '12 u'), [(0.0, '0'), (12.0, '0,5 d'), (24.0, '1 d')])
    """
    step = time_step(span, max_ticks)
    ticks = []
    for i in range(int(span / step + 1e-9) + 1):
        t = float(i * step)
        if t == 0:
            label = "0"
        elif not counts_in_days(span):
            label = words.hour_tick.format(n=words.number(t, 0 if t.is_integer() else 2))
        else:
            days = t / 24
            label = words.day_tick.format(n=words.number(days, 0 if days.is_integer() else 1))
        ticks.append((t, label))
    return ticks


def span_text(hours: float, words: ChartWords = DUTCH) -> str:
    """The length of a time axis in words, in the unit its ticks count in.

    >>> span_text(42), span_text(96), span_text(0.75)
    ('42 uur', '4 dagen', '45 min')
    """
    if hours < 1 or counts_in_days(hours):
        return words.duration(hours)
    return words.hours_text(hours)
