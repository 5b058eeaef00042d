"""The one way the web app writes numbers: ``|number``, ``|significant``, ``|euro``, ``|percent``.

Registered as template builtins (settings ``TEMPLATES``), so every template has
them without ``{% load %}``. Numbers go through Django's localisation with the
thousands grouped: Dutch by default (``21.559``, ``1.234,5``), English after
the language switch (``21,559``, ``1,234.5``). A raw ``{{ count }}`` writes
``21559``, and ``floatformat`` groups only when asked; neither is used for a
number a person reads. Numbers that are data (ids, versions, line numbers,
form values) are not numbers a person reads and stay as they are.

Examples
--------
>>> from django.utils import translation
>>> with translation.override("nl"):
...     number(21559), number(1234.5, 1), euro(1500000), significant(0.012345)
('21.559', '1.234,5', '€\\xa01.500.000', '0,0123')
>>> with translation.override("en"):
...     number(21559), number(None), number(2.5, -2), number(3, -2)
('21,559', '—', '2.5', '3')
>>> percent(0.372), percent(0.004), percent(0), percent(0.996), percent(1)
('37%', '< 1%', '0%', '> 99%', '100%')
"""

from __future__ import annotations

import math

from django import template
from django.utils.formats import get_format, number_format

register = template.Library()


@register.filter
def number(value: float | None, decimals: int = 0) -> str:
    """A number with thousands grouped and ``decimals`` decimals; None is "—".

    Negative ``decimals`` (as in ``floatformat``) write at most that many,
    leaving out trailing zeros: ``number(2.5, -2)`` is "2,5", ``number(3, -2)`` "3".
    """
    if value is None:
        return "—"
    places = abs(decimals)
    text = number_format(round(float(value), places), places, force_grouping=True)
    if decimals < 0 and places:
        separator = str(get_format("DECIMAL_SEPARATOR"))
        text = text.rstrip("0").removesuffix(separator)
    return text


@register.filter
def significant(value: float | None, digits: int = 3) -> str:
    """Small numbers such as an expected risk per year, to a few significant digits."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return number(value, max(0, min(8, decimals)))


@register.filter
def euro(value: float | None) -> str:
    """An amount in whole euros (the sign and a non-breaking space before it)."""
    if value is None:
        return "—"
    return f"€\u00a0{number(value)}"


@register.filter
def percent(share: float | None) -> str:
    """A share (0 to 1) as a whole percentage; None is "—".

    Only none is 0% and only all is 100%: a chance of 0.4% reads "< 1%", not
    "0%" beside the moment it comes about, and 99.6% reads "> 99%".
    """
    if share is None:
        return "—"
    value = float(share)
    whole = round(100 * value)
    if value > 0 and whole == 0:
        return "< 1%"
    if value < 1 and whole == 100:
        return "> 99%"
    return f"{number(whole)}%"
