"""Who may see and change which map: the one gate every page and API call uses.

Isolation between municipalities is enforced here and nowhere else: a map is
reachable only through :func:`maps_for` and :func:`access_for`, and a map the
user may not see is reported as not found (404), so its existence does not
leak.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from weerbaar.web.accounts.models import Action, Membership, Organisation, Role
from weerbaar.web.maps.models import RiskMapRecord, Share

P = ParamSpec("P")


@dataclass(frozen=True)
class Access:
    """What one user may do on one map."""

    record: RiskMapRecord
    organisation: Organisation
    role: Role
    party_id: str | None = None
    whole_map: bool = True

    @property
    def is_partner(self) -> bool:
        return self.role is Role.KETENPARTNER

    @property
    def analyse(self) -> bool:
        """For templates: may this user see whole-map analyses?"""
        return self.can(Action.ANALYSE)

    @property
    def edit(self) -> bool:
        """For templates: may this user change the map (beyond own nodes)?"""
        return self.can(Action.EDIT_MAP)

    @property
    def account(self) -> bool:
        """For templates: may this user see the accountability pages?"""
        return self.can(Action.ACCOUNT)

    @property
    def run(self) -> bool:
        """For templates: may this user run scenarios and criticality?"""
        return self.can(Action.RUN)

    def can(self, action: Action) -> bool:
        if action is Action.ANALYSE and self.is_partner and not self.whole_map:
            # A partner the municipality did not share the whole map with sees
            # its own nodes only; whole-map analyses would reveal the rest.
            return False
        return self.role.can(action)

    def sees_node(self, node: Mapping[str, Any]) -> bool:
        return not self.is_partner or self.whole_map or node.get("party") == self.party_id

    def can_edit_node(self, node: Mapping[str, Any]) -> bool:
        if self.role.can(Action.EDIT_MAP):
            return True
        return (
            self.role.can(Action.EDIT_OWN_NODES)
            and self.party_id is not None
            and node.get("party") == self.party_id
        )


def _own_memberships(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).exclude(role=Role.KETENPARTNER)


def maps_for(user: Any) -> QuerySet[RiskMapRecord]:
    """Every map the user may open: of its own organisations, or shared with them."""
    if not user.is_authenticated:
        return RiskMapRecord.objects.none()
    own = _own_memberships(user).values("organisation")
    partner_orgs = Membership.objects.filter(user=user).values("organisation")
    return (
        RiskMapRecord.objects.filter(
            Q(organisation__in=own) | Q(shares__organisation__in=partner_orgs)
        )
        .distinct()
        .select_related("organisation")
    )


def access_for(user: Any, record: RiskMapRecord) -> Access | None:
    if not user.is_authenticated:
        return None
    own = _own_memberships(user).filter(organisation=record.organisation_id).first()
    if own is not None:
        return Access(record, record.organisation, own.role_enum)
    share = (
        Share.objects.filter(riskmap=record, organisation__memberships__user=user)
        .select_related("organisation")
        .first()
    )
    if share is not None:
        return Access(
            record, share.organisation, Role.KETENPARTNER, share.party_id, share.whole_map
        )
    return None


def map_view(
    action: Action,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Access, P], HttpResponse]],
    Callable[..., HttpResponse],
]:
    """Decorate a view taking ``(request, access, ...)`` from a URL with ``map_id``.

    Not found (404) when the user may not see the map at all; forbidden (403)
    when the user sees it but the role does not allow ``action``.
    """

    def decorate(
        view: Callable[Concatenate[HttpRequest, Access, P], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, map_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            record = RiskMapRecord.objects.select_related("organisation").filter(pk=map_id).first()
            access = access_for(request.user, record) if record is not None else None
            if access is None:
                raise Http404("no such map")
            if not access.can(action):
                raise PermissionDenied
            return view(request, access, *args, **kwargs)

        return wrapped

    return decorate
