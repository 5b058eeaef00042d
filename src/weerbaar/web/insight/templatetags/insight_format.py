"""Filters that write numbers, durations and enum names for the decision pages.

Numbers go through Django's localisation, so they read the Dutch way
(``1.234,5``) by default and the English way after the language switch.
"""

from __future__ import annotations

import math

from django import template
from django.utils.formats import number_format

from weerbaar.model import NodeKind, PartyKind
from weerbaar.web.labels import NODE_KINDS, PARTY_KINDS

register = template.Library()


@register.filter
def number(value: float | None, decimals: int = 0) -> str:
    """A number with thousands grouped and ``decimals`` decimals."""
    if value is None:
        return "—"
    return number_format(round(float(value), decimals), decimals, force_grouping=True)


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
def node_kind(kind: str) -> str:
    return str(NODE_KINDS.get(NodeKind(kind), kind))


@register.filter
def party_kind(kind: str) -> str:
    return str(PARTY_KINDS.get(PartyKind(kind), kind))
