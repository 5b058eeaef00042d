"""The one way to select shared items for someone, and to record that they saw them.

:func:`visible_items` is the database form of
:func:`weerbaar.sharing.disclosure.may_see`; tests/web/sharing checks that
the two agree for every label, recipient and viewer. Pages, the API, exports
and feeds select items with it and nothing else (never
``SharedItem.objects`` directly), and call :func:`record_disclosures` for
what they show, so that the owner's audit trail is complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from weerbaar.sharing.disclosure import Holding, Viewer, is_disclosure
from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Membership, Organisation
from weerbaar.web.sharing.models import Channel, CommunityMembership, Disclosure, SharedItem


def viewer_for(who: Any) -> Viewer:
    """The :class:`Viewer` for a user (any object with ``is_authenticated``), an
    :class:`Organisation` as a whole (a feed token of that organisation), or
    None (anyone: CLEAR only)."""
    if isinstance(who, Organisation):
        organisations = frozenset({who.pk})
        user = None
    elif who is None or not getattr(who, "is_authenticated", False):
        return Viewer()
    else:
        user = who.pk
        organisations = frozenset(
            Membership.objects.filter(user=who).values_list("organisation_id", flat=True)
        )
    communities = frozenset(
        CommunityMembership.objects.filter(organisation__in=organisations).values_list(
            "community_id", flat=True
        )
    )
    return Viewer(user=user, organisations=organisations, communities=communities)


def visible_q(viewer: Viewer) -> Q:
    """The filter selecting exactly the items ``viewer`` may see (see may_see)."""
    q = Q(tlp=TLP.CLEAR.value)
    if viewer.user is not None:
        q |= Q(tlp=TLP.RED.value) & (Q(author=viewer.user) | Q(recipient_users=viewer.user))
    if viewer.organisations:
        not_red = ~Q(tlp=TLP.RED.value)
        q |= not_red & Q(owner__in=viewer.organisations)
        q |= Q(tlp=TLP.AMBER.value) & Q(recipient_organisations__in=viewer.organisations)
    if viewer.communities:
        q |= Q(tlp=TLP.GREEN.value) & Q(community__in=viewer.communities)
    return q


def visible_items(who: Any) -> QuerySet[SharedItem]:
    """Every item ``who`` (a user, an organisation, or None) may see, and nothing else.

    The joins over recipients can repeat a row, so the ids are selected
    first and the items once each: counts and pages are exact.
    """
    viewer = who if isinstance(who, Viewer) else viewer_for(who)
    ids = SharedItem.objects.filter(visible_q(viewer)).values("pk")
    return SharedItem.objects.filter(pk__in=ids).select_related("owner", "community")


def holding_of(item: SharedItem) -> Holding:
    """The facts the disclosure rule needs of a stored item."""
    return Holding(
        tlp=item.tlp_enum,
        owner=item.owner_id,
        author=item.author_id,
        community=item.community_id,
        recipient_organisations=frozenset(
            item.recipient_organisations.values_list("pk", flat=True)
        ),
        recipient_users=frozenset(item.recipient_users.values_list("pk", flat=True)),
    )


def record_disclosures(items: Iterable[SharedItem], who: Any, channel: Channel) -> int:
    """Log each of ``items`` shown to ``who`` outside its owner; the number logged.

    Call it with exactly what was shown (the page of a list, the objects of
    a feed response), after selecting it with :func:`visible_items`.
    """
    viewer = who if isinstance(who, Viewer) else viewer_for(who)
    user = who if viewer.user is not None and not isinstance(who, Viewer) else None
    if isinstance(who, Organisation):
        name = f"{who.name} (feed)"
    elif viewer.user is not None:
        name = getattr(who, "username", str(viewer.user))
    else:
        name = "anoniem"
    organisations = ", ".join(
        Organisation.objects.filter(pk__in=viewer.organisations)
        .order_by("name")
        .values_list("name", flat=True)
    )[:500]
    rows = [
        Disclosure(
            item=item,
            user=user,
            who=name[:200],
            organisations=organisations,
            channel=channel,
            tlp=item.tlp,
        )
        for item in items
        if is_disclosure(Holding(tlp=item.tlp_enum, owner=item.owner_id), viewer)
    ]
    Disclosure.objects.bulk_create(rows)
    return len(rows)
