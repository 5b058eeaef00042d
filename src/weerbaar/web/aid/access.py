"""Who may see and do what in mutual aid: the one gate of the aid pages.

Mutual aid is between organisations, not about one map, so the map gate
(:mod:`weerbaar.web.maps.access`) does not apply; this gate uses the same
roles (:class:`~weerbaar.web.accounts.models.Role`). A person acts for the
organisation of which they are a member in their own right; a chain
partner's account (role ketenpartner) is refused (403): the response
network is the municipalities'. Reading needs ``Action.VIEW``, asking,
offering and agreeing ``Action.SHARE``. A request of a network the
organisation is not in answers 404, exactly as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from weerbaar.web.accounts.models import Action, Membership, Organisation, Role
from weerbaar.web.aid.models import AidOffer, AidRequest
from weerbaar.web.sharing.models import Community, CommunityKind

P = ParamSpec("P")


@dataclass(frozen=True)
class Seat:
    """One person acting for their organisation in mutual aid."""

    user: Any
    organisation: Organisation
    role: Role

    def can(self, action: Action) -> bool:
        return self.role.can(action)

    @property
    def share(self) -> bool:
        """For templates: may this person ask, offer and agree?"""
        return self.can(Action.SHARE)

    def networks(self) -> QuerySet[Community]:
        """The response networks (GRN) the organisation is a member of."""
        return Community.objects.filter(
            kind=CommunityKind.GRN, memberships__organisation=self.organisation
        ).distinct()

    def requests(self) -> QuerySet[AidRequest]:
        """Every request this organisation may open: its own, and its networks'."""
        return AidRequest.objects.filter(
            Q(organisation=self.organisation) | Q(network__in=self.networks())
        ).distinct()

    def request(self, request_id: int) -> AidRequest:
        found = self.requests().select_related("organisation", "network").filter(pk=request_id)
        request = found.first()
        if request is None:
            raise Http404("no such request")
        return request

    def offer(self, offer_id: int) -> AidOffer:
        """An offer this organisation made or received; 404 for any other."""
        found = AidOffer.objects.select_related("request", "organisation").filter(
            Q(organisation=self.organisation) | Q(request__organisation=self.organisation),
            pk=offer_id,
        )
        offer = found.first()
        if offer is None:
            raise Http404("no such offer")
        return offer


def seat_for(user: Any) -> Seat | None:
    """The user's own organisation and role (a partner's account has none)."""
    membership = (
        Membership.objects.filter(user=user)
        .exclude(role=Role.KETENPARTNER)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return None
    return Seat(user, membership.organisation, membership.role_enum)


def aid_view(
    action: Action,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Seat, P], HttpResponse]], Callable[..., HttpResponse]
]:
    """Decorate a view taking ``(request, seat, ...)``: 403 without an own organisation
    or without ``action``."""

    def decorate(
        view: Callable[Concatenate[HttpRequest, Seat, P], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            seat = seat_for(request.user)
            if seat is None or not seat.can(action):
                raise PermissionDenied
            return view(request, seat, *args, **kwargs)

        return wrapped

    return decorate
