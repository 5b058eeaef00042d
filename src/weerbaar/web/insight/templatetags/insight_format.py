"""Filters that write enum names for the decision pages.

Numbers are written by the builtins of :mod:`weerbaar.web.numbers`.
"""

from __future__ import annotations

from django import template

from weerbaar.model import NodeKind, PartyKind
from weerbaar.web.labels import NODE_KINDS, PARTY_KINDS

register = template.Library()


@register.filter
def node_kind(kind: str) -> str:
    return str(NODE_KINDS.get(NodeKind(kind), kind))


@register.filter
def party_kind(kind: str) -> str:
    return str(PARTY_KINDS.get(PartyKind(kind), kind))
