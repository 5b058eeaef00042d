"""Who may open which sharing page: the items through visible_items, communities through membership.

An item the user may not see answers exactly as an id that does not exist
(404), on every page and for every method; so does a community none of the
user's organisations is a member of. Someone who sees an item but asks for
an owner's page (change the label, the audit trail) gets 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from weerbaar.sharing.disclosure import Viewer, may_relabel
from weerbaar.web.accounts.models import Action, Membership, Organisation, Role
from weerbaar.web.sharing.models import Community, CommunityMembership, SharedItem
from weerbaar.web.sharing.visibility import holding_of, viewer_for, visible_items


def sharing_organisations(user: Any) -> list[Organisation]:
    """The organisations ``user`` may share for (its role there allows Action.SHARE)."""
    roles = [r for r in Role if r.can(Action.SHARE)]
    return [
        m.organisation
        for m in Membership.objects.filter(user=user, role__in=roles)
        .select_related("organisation")
        .order_by("organisation__name")
    ]


def shares_for(user: Any, organisation_id: int) -> bool:
    return any(o.pk == organisation_id for o in sharing_organisations(user))


@dataclass(frozen=True)
class ItemSeat:
    item: SharedItem
    viewer: Viewer
    owner: bool

    @property
    def own_organisation(self) -> bool:
        return self.item.owner_id in self.viewer.organisations


def item_view(
    owner: bool = False,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking ``(request, seat, ...)`` from a URL with ``item_id`` (a uuid).

    ``owner``: the page is the owner's (403 for anyone else who sees the item).
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(
            request: HttpRequest, item_id: uuid.UUID, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            viewer = viewer_for(request.user)
            item = visible_items(viewer).filter(stix_id=item_id).first()
            if item is None:
                raise Http404("no such item")
            is_owner = may_relabel(
                holding_of(item), viewer, shares_for_owner=shares_for(request.user, item.owner_id)
            )
            if owner and not is_owner:
                raise PermissionDenied
            return view(request, ItemSeat(item, viewer, is_owner), *args, **kwargs)

        return wrapped

    return decorate


@dataclass(frozen=True)
class CommunitySeat:
    community: Community
    viewer: Viewer
    #: The user's organisations' memberships of this community.
    memberships: tuple[CommunityMembership, ...]
    #: Those the user may set the sharing policy of (its role may share).
    manageable: tuple[CommunityMembership, ...]


def community_view(
    manage: bool = False,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking ``(request, seat, ...)`` from a URL with ``slug``.

    404 unless one of the user's organisations is a member; with ``manage``,
    403 unless the user may share for one of them.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            viewer = viewer_for(request.user)
            community = Community.objects.filter(slug=slug, pk__in=viewer.communities).first()
            if community is None:
                raise Http404("no such community")
            mine = tuple(
                community.memberships.filter(organisation__in=viewer.organisations)
                .select_related("organisation", "riskmap")
                .order_by("organisation__name")
            )
            sharers = {o.pk for o in sharing_organisations(request.user)}
            manageable = tuple(m for m in mine if m.organisation_id in sharers)
            if manage and not manageable:
                raise PermissionDenied
            return view(
                request, CommunitySeat(community, viewer, mine, manageable), *args, **kwargs
            )

        return wrapped

    return decorate
