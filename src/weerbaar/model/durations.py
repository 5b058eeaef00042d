"""Durations in the map file: a number of hours or a string with a unit."""

from __future__ import annotations

import math
import re

#: Each unit as hours = number * multiply / divide. Minutes divide rather than
#: multiply by 1/60, so that "23m" is exactly 23/60 and survives a round trip.
#: A week is seven days; months and years are deliberately absent because
#: their length is ambiguous in a continuity plan.
UNITS: dict[str, tuple[float, float]] = {
    "m": (1.0, 60.0),
    "min": (1.0, 60.0),
    "h": (1.0, 1.0),
    "u": (1.0, 1.0),
    "d": (24.0, 1.0),
    "w": (168.0, 1.0),
}

_PATTERN = re.compile(r"^\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*([a-z]+)?\s*$")


class DurationError(ValueError):
    """A duration that cannot be read."""


def parse_duration(value: object) -> float:
    """Return a duration in hours.

    Parameters
    ----------
    value : int, float or str
        A number of hours, or a string such as ``"30m"``, ``"4h"``, ``"2d"``
        or ``"1w"``.

    Examples
    --------
    >>> parse_duration("2d")
    48.0
    >>> parse_duration(1.5)
    1.5
    >>> parse_duration("30m")
    0.5
    """
    if isinstance(value, bool):
        raise DurationError(f"{value!r} is not a duration")
    if isinstance(value, int | float):
        hours = float(value)
    elif isinstance(value, str):
        match = _PATTERN.match(value.lower())
        if match is None:
            raise DurationError(f"{value!r} is not a duration (use e.g. 30m, 4h, 2d, 1w)")
        number, unit = match.groups()
        if unit is not None and unit not in UNITS:
            raise DurationError(f"unknown unit {unit!r} in {value!r} (use m, h, d or w)")
        multiply, divide = UNITS[unit or "h"]
        hours = float(number) * multiply / divide
    else:
        raise DurationError(f"{value!r} is not a duration")
    if not math.isfinite(hours):
        raise DurationError(f"{value!r} is not a finite duration")
    if hours < 0:
        raise DurationError(f"duration {value!r} is negative")
    return hours


def format_duration(hours: float) -> str:
    """Return the shortest exact unit string for a number of hours.

    Examples
    --------
    >>> format_duration(48.0)
    '2d'
    >>> format_duration(0.5)
    '30m'
    >>> format_duration(5.25)
    '5.25h'
    """
    for unit, size in (("w", 168.0), ("d", 24.0), ("h", 1.0)):
        if hours >= size and (hours / size).is_integer():
            return f"{int(hours / size)}{unit}"
    if hours == 0:
        return "0h"
    minutes = hours * 60
    if hours < 1 and minutes.is_integer():
        return f"{int(minutes)}m"
    return f"{hours!r}h"  # repr round-trips the float exactly
