"""Durations in the map file: a number of hours or a string with a unit.

A duration that is not known exactly (a failure's duration, a requirement's
tolerance, a node's restart) may instead be a distribution written as a call:
``tri(2d, 3d, 7d)`` or ``lognormal(3d, 0.5)``. The same text works in YAML,
in an Excel cell and in a web form.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from weerbaar.i18n import _

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

#: The longest duration a map may hold: 100 years. Longer is a typing error
#: (or an attempt to overflow the engine's clock), never a plan.
MAX_HOURS = 100 * 8766.0
#: The shortest duration longer than zero: one millisecond, the engine's tick.
MIN_HOURS = 1 / 3_600_000
#: The widest spread of a log-normal duration: sigma = 10 already means a
#: factor of 20,000 between the 16th and the 84th percentile.
MAX_SIGMA = 10.0

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

    Raises
    ------
    DurationError
        For anything else, and for a duration outside the bounds every
        duration of a map shares (:data:`MAX_HOURS`, :data:`MIN_HOURS`).

    Examples
    --------
    >>> parse_duration("2d")
    48.0
    >>> parse_duration(1.5)
    1.5
    >>> parse_duration("30m")
    0.5
    >>> parse_duration("200y")
    Traceback (most recent call last):
    ...
    weerbaar.model.durations.DurationError: unknown unit 'y' in '200y' (use m, h, d or w)
    >>> parse_duration(1e308)
    Traceback (most recent call last):
    ...
    weerbaar.model.durations.DurationError: 1e+308 is longer than 100 years (876600h)
    """
    if isinstance(value, bool):
        raise DurationError(_("{value!r} is not a duration").format(value=value))
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, int | float):
        return _bounded(value, float(value))
    raise DurationError(_("{value!r} is not a duration").format(value=value))


@lru_cache(maxsize=4096)
def _parse_text(value: str) -> float:
    # A map repeats the same few durations thousands of times ("4h", "1d"):
    # cached, reading them costs a dictionary look-up.
    match = _PATTERN.match(value.lower())
    if match is None:
        raise DurationError(
            _("{value!r} is not a duration (use e.g. 30m, 4h, 2d, 1w)").format(value=value)
        )
    number, unit = match.groups()
    if unit is not None and unit not in UNITS:
        raise DurationError(
            _("unknown unit {unit!r} in {value!r} (use m, h, d or w)").format(
                unit=unit, value=value
            )
        )
    multiply, divide = UNITS[unit or "h"]
    return _bounded(value, float(number) * multiply / divide)


def _bounded(value: object, hours: float) -> float:
    if not math.isfinite(hours):
        raise DurationError(_("{value!r} is not a finite duration").format(value=value))
    if hours < 0:
        raise DurationError(_("duration {value!r} is negative").format(value=value))
    if hours > MAX_HOURS:
        raise DurationError(
            _("{value!r} is longer than 100 years ({limit}h)").format(
                value=value, limit=int(MAX_HOURS)
            )
        )
    if 0 < hours < MIN_HOURS:
        raise DurationError(
            _(
                "{value!r} is shorter than a millisecond, the smallest time the engine counts"
            ).format(value=value)
        )
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


def exact_duration(hours: float) -> str:
    """The shortest duration string that reads back as exactly ``hours``.

    :func:`format_duration` is exact for the usual values; a few (a number of
    minutes that is not a whole number of sixtieths of an hour in binary)
    need the plain number of hours, and the decimal expansion always works.

    Examples
    --------
    >>> exact_duration(36.0), exact_duration(1.25), exact_duration(0.1)
    ('36h', '1.25h', '6m')
    """
    for text in (format_duration(hours), f"{hours!r}h"):
        try:
            if parse_duration(text) == hours:
                return text
        except DurationError:
            pass
    return f"{Decimal(hours):f}h"


# -- uncertain durations -------------------------------------------------------


class DistributionKind(StrEnum):
    """The distributions an uncertain duration may have; the value is the file's name."""

    TRIANGULAR = "tri"
    LOGNORMAL = "lognormal"


@dataclass(frozen=True)
class Distribution:
    """An uncertain duration: ``tri(min, mode, max)`` or ``lognormal(median, sigma)``.

    ``params`` are hours for the triangular distribution, and the median in
    hours with the standard deviation of the natural logarithm for the
    log-normal one. :attr:`point` is the most likely value the exact engine
    uses: the mode, or the median (a log-normal's mode lies below its median,
    but the median is what an expert estimates as "typically").

    Examples
    --------
    >>> d = parse_uncertain("tri(2d, 3d, 1w)")
    >>> d.point, str(d)
    (72.0, 'tri(2d, 3d, 1w)')
    >>> str(parse_uncertain("LogNormal( 36h , 0.5 )"))
    'lognormal(36h, 0.5)'
    """

    kind: DistributionKind
    params: tuple[float, ...]

    def __post_init__(self) -> None:
        message = _invalid(self.kind, self.params)
        if message:
            raise DurationError(message)

    @property
    def point(self) -> float:
        """The value ``weerbaar simulate`` uses: the mode, or the median."""
        return self.params[1] if self.kind is DistributionKind.TRIANGULAR else self.params[0]

    def __str__(self) -> str:
        if self.kind is DistributionKind.TRIANGULAR:
            return "tri(" + ", ".join(exact_duration(x) for x in self.params) + ")"
        median, sigma = self.params
        return f"lognormal({exact_duration(median)}, {sigma!r})"


def _invalid(kind: DistributionKind, params: tuple[float, ...]) -> str | None:
    if kind is DistributionKind.TRIANGULAR:
        if len(params) != 3:
            return _("tri(MIN, MODE, MAX) takes three durations")
        low, mode, high = params
        if not low <= mode <= high:
            return _("tri(MIN, MODE, MAX) needs MIN <= MODE <= MAX, got {values}").format(
                values=", ".join(exact_duration(x) for x in params)
            )
        return None
    if len(params) != 2:
        return _("lognormal(MEDIAN, SIGMA) takes a duration and a number")
    median, sigma = params
    if not median > 0:
        return _("lognormal(MEDIAN, SIGMA) needs a MEDIAN longer than 0")
    if not (math.isfinite(sigma) and 0 < sigma <= MAX_SIGMA):
        return _(
            "lognormal(MEDIAN, SIGMA) needs a SIGMA larger than 0 and at most {limit}, "
            "got {sigma!r}"
        ).format(limit=MAX_SIGMA, sigma=sigma)
    return None


_CALL = re.compile(r"^\s*([a-z]+)\s*\((.*)\)\s*$", re.DOTALL)


def parse_uncertain(value: object) -> float | Distribution:
    """A duration that may be uncertain: hours, or a :class:`Distribution`.

    Examples
    --------
    >>> parse_uncertain("4h")  # doctest: +ELLIPSIS
    4.0
    >>> parse_uncertain("lognormal(3d, 0.5)").params
    (72.0, 0.5)
    >>> parse_uncertain("tri(3d, 2d, 7d)")
    Traceback (most recent call last):
    ...
    weerbaar.model.durations.DurationError: tri(3d, 2d, 7d): tri(MIN, MODE, MAX) needs ...
    """
    if isinstance(value, Distribution):
        return value
    if not isinstance(value, str) or "(" not in value:
        return parse_duration(value)
    return _parse_call(value)


@lru_cache(maxsize=4096)
def _parse_call(value: str) -> Distribution:
    match = _CALL.match(value.lower())
    names = _(" or ").join(f"{k.value}(...)" for k in DistributionKind)
    if match is None:
        if ")" not in value:
            # YAML splits `{tolerance: tri(1h, 2h, 3h)}` at its commas.
            raise DurationError(
                _(
                    "{value!r} is cut off: inside {{...}} or [...] put a distribution in "
                    'quotes, e.g. "tri(1h, 2h, 3h)"'
                ).format(value=value)
            )
        raise DurationError(
            _("{value!r} is not a duration nor a distribution ({names})").format(
                value=value, names=names
            )
        )
    name, body = match.groups()
    try:
        kind = DistributionKind(name)
    except ValueError:
        raise DurationError(
            _("unknown distribution {name!r} in {value!r} (use {names})").format(
                name=name, value=value, names=names
            )
        ) from None
    args = [a.strip() for a in body.split(",")]
    try:
        if kind is DistributionKind.TRIANGULAR:
            if len(args) != 3:
                raise DurationError(_("tri(MIN, MODE, MAX) takes three durations"))
            return Distribution(kind, tuple(parse_duration(a) for a in args))
        if len(args) != 2:
            raise DurationError(_("lognormal(MEDIAN, SIGMA) takes a duration and a number"))
        try:
            sigma = float(args[1])
        except ValueError:
            raise DurationError(
                _("SIGMA must be a number, got {value!r}").format(value=args[1])
            ) from None
        return Distribution(kind, (parse_duration(args[0]), sigma))
    except DurationError as exc:
        raise DurationError(f"{value.strip()}: {exc}") from None


def point_of(value: float | Distribution) -> float:
    """The hours the exact engine uses for a possibly uncertain duration."""
    return value.point if isinstance(value, Distribution) else value


def spread_of(value: float | Distribution) -> Distribution | None:
    """The distribution of a possibly uncertain duration, None when it is certain."""
    return value if isinstance(value, Distribution) else None
