"""``{% load sharing_links %}``: may this person share for a map's organisation?

For the small "share" links other apps' pages carry (the incident page), so
that the link shows only to those the sharing page will serve.
"""

from __future__ import annotations

from django import template

from weerbaar.web.accounts.models import Action
from weerbaar.web.maps.access import Access

register = template.Library()


@register.filter
def may_share(access: Access) -> bool:
    """Whether ``access`` (a map's gate for the user) lets the user share for its organisation."""
    return not access.is_partner and access.can(Action.SHARE)
