"""Who may see and change which map: the one gate every page and API call uses.

Isolation between municipalities is enforced here and nowhere else: a map is
reachable only through :func:`maps_for` and :func:`access_for`, and a map the
user may not see is reported as not found (404), so its existence does not
leak.

Within a map, a chain partner the municipality did not share the whole map
with (:attr:`Access.restricted`) sees its own party and that party's nodes
only. Everything else is hidden, and a hidden object answers exactly as one
that does not exist (:meth:`Access.found`); a requirement may name only nodes
the user can see (:meth:`Access.hidden_members`). docs/security.md states the
rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from weerbaar.web.accounts.models import Action, Membership, Organisation, Role
from weerbaar.web.maps.mapdata import members
from weerbaar.web.maps.models import RiskMapRecord, Share

P = ParamSpec("P")
T = TypeVar("T", bound=Mapping[str, Any])
#: What a view answers: a page, JSON, or a streamed file.
R = TypeVar("R", bound=HttpResponseBase)

#: What a user is told who may not use an id: the same whether or not a node
#: hidden from the user has it, so that refusing does not say which.
ID_NOT_AVAILABLE = _("Dit id kan niet gebruikt worden; kies een ander.")
#: The map file's lists of objects; all other keys are the map's header.
COLLECTIONS = ("parties", "nodes", "scenarios", "measures")


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
    def incidents(self) -> bool:
        """For templates: may this user see the organisation's incidents?"""
        return self.can(Action.INCIDENTS)

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

    @property
    def restricted(self) -> bool:
        """Does this user see only part of the map (a partner without the whole map)?"""
        return self.is_partner and not self.whole_map

    def sees_node(self, node: Mapping[str, Any]) -> bool:
        return not self.restricted or node.get("party") == self.party_id

    def sees_party(self, party_id: str | None) -> bool:
        return not self.restricted or party_id == self.party_id

    def sees(self, kind: str, item: Mapping[str, Any] | None) -> bool:
        """May the user see this object of the map? ``kind`` is an ObjectKind value.

        A restricted partner sees its own party and its nodes; scenarios and
        measures are about the whole map, so it sees none of them.
        """
        if item is None:
            return False
        if kind == "node":
            return self.sees_node(item)
        if kind == "party":
            return self.sees_party(item.get("id"))
        return not self.restricted

    def visible_data(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The map data as far as the user may read it.

        The header (name, description, horizon, extension keys) and, for a
        restricted partner, its own party and that party's nodes only.
        """
        if not self.restricted:
            return dict(data)
        out = {key: value for key, value in data.items() if key not in COLLECTIONS}
        out["parties"] = [p for p in data.get("parties", []) if self.sees("party", p)]
        out["nodes"] = [dict(n) for n in data.get("nodes", []) if self.sees_node(n)]
        return out

    def found(self, kind: str, item: T | None) -> T:
        """``item`` when the user may see it; else 404, exactly as for an id that does not exist."""
        if item is None or not self.sees(kind, item):
            raise Http404("no such object")
        return item

    def visible_node_ids(self, data: Mapping[str, Any]) -> set[str]:
        return {n.get("id") for n in data.get("nodes", []) if self.sees_node(n)}

    def hidden_members(
        self,
        data: Mapping[str, Any],
        node: Mapping[str, Any],
        before: Mapping[str, Any] | None,
    ) -> list[tuple[int, str]]:
        """``(requirement index, node id)`` of each requirement on a node hidden from the user.

        Without this, whether saving ``requires: [x]`` fails would tell a
        partner whether a hidden node ``x`` exists; callers answer with the
        loader's own "unknown node" either way. Requirements the node already
        had (set by the municipality) stay allowed, so a partner can save its
        node unchanged.
        """
        if not self.restricted:
            return []
        allowed = self.visible_node_ids(data)
        allowed |= {m for req in (before or {}).get("requires", []) for m in members(req)}
        requires = node.get("requires", [])
        return [
            (j, member)
            for j, req in enumerate(requires if isinstance(requires, list) else [])
            for member in members(req)
            if member not in allowed
        ]

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
    [Callable[Concatenate[HttpRequest, Access, P], R]],
    Callable[..., R],
]:
    """Decorate a view taking ``(request, access, ...)`` from a URL with ``map_id``.

    Not found (404) when the user may not see the map at all; forbidden (403)
    when the user sees it but the role does not allow ``action``.
    """

    def decorate(
        view: Callable[Concatenate[HttpRequest, Access, P], R],
    ) -> Callable[..., R]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, map_id: int, *args: Any, **kwargs: Any) -> R:
            record = RiskMapRecord.objects.select_related("organisation").filter(pk=map_id).first()
            access = access_for(request.user, record) if record is not None else None
            if access is None:
                raise Http404("no such map")
            if not access.can(action):
                raise PermissionDenied
            return view(request, access, *args, **kwargs)

        return wrapped

    return decorate
