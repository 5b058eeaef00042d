"""The API's side of the one gate: the same answers as the pages give.

Maps are reached only through :func:`~weerbaar.web.maps.access.maps_for` and
:func:`~weerbaar.web.maps.access.access_for`: a map the caller may not see is
not found (404), so its existence does not leak; a role without the action is
forbidden (403). Node writes add the partner rule: a ketenpartner changes only
the nodes of its own party, and a node hidden from it is not found (404), as
on the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request

from weerbaar.web.accounts.models import Action
from weerbaar.web.maps.access import Access, access_for, maps_for


def map_access(request: Request, map_id: int, action: Action) -> Access:
    """The caller's access to map ``map_id``, if it may do ``action`` there."""
    record = maps_for(request.user).filter(pk=map_id).first()
    access = access_for(request.user, record) if record is not None else None
    if access is None:
        raise NotFound("There is no map with this id.")
    if not access.can(action):
        raise PermissionDenied("Your role may not do this on this map.")
    return access


def may_write_nodes(access: Access) -> None:
    """Forbid node writes to roles that change nothing (the bestuurder)."""
    if not (access.role.can(Action.EDIT_MAP) or access.role.can(Action.EDIT_OWN_NODES)):
        raise PermissionDenied("Your role may not change this map.")


def may_write_node(
    access: Access, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> None:
    """Forbid a change of a node the caller may not edit, before or after it.

    Checking both sides stops a partner from taking over another party's node
    and from giving its own node away to a party it cannot edit.
    """
    may_write_nodes(access)
    for node in (before, after):
        if node is not None and not access.can_edit_node(node):
            raise PermissionDenied("You may change only the nodes of your own organisation.")


def writable_node(access: Access, node: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The existing node ``node`` if the caller may change it.

    A node the caller cannot see is not found, exactly like a missing one, so
    writes cannot probe for hidden nodes; one it sees but may not change is
    forbidden.
    """
    may_write_nodes(access)
    visible_node(access, node)
    may_write_node(access, node, None)
    return node  # type: ignore[return-value]


def visible_node(access: Access, node: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The node if the caller may see it; otherwise not found, like a missing one."""
    if node is None or not access.sees_node(node):
        raise NotFound("There is no node with this id in this map.")
    return node
