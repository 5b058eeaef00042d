"""What of a map's data an API caller may read, and what a partner may point at.

The rules are the gate's (weerbaar.web.maps.access): a ketenpartner with whom
the municipality did not share the whole map sees its own nodes and its own
party only; no other nodes, parties, scenarios or measures. The other roles
(and partners with ``whole_map``) read everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from weerbaar.model.loader import unknown_node
from weerbaar.web.api.problems import InvalidParam, json_path
from weerbaar.web.maps.access import Access


def restricted(access: Access) -> bool:
    """Does this caller see only part of the map?"""
    return access.restricted


def visible_content(access: Access, data: Mapping[str, Any]) -> dict[str, Any]:
    """The map data as far as the caller may read it (:meth:`Access.visible_data`)."""
    return access.visible_data(data)


def visible_nodes(access: Access, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [dict(n) for n in data.get("nodes", []) if access.sees_node(n)]


def hidden_requirements(
    access: Access,
    data: Mapping[str, Any],
    node: Mapping[str, Any],
    before: Mapping[str, Any] | None,
) -> list[InvalidParam]:
    """The loader's own "unknown node" for each requirement on a node hidden from the caller."""
    return [
        InvalidParam(json_path(("requires", j)), unknown_node(member))
        for j, member in access.hidden_members(data, node, before)
    ]


def hidden_id(
    access: Access, data: Mapping[str, Any], node: Mapping[str, Any]
) -> list[InvalidParam]:
    """A taken id for a new node, refused in the same words whether or not the caller sees it."""
    if access.restricted and any(n.get("id") == node.get("id") for n in data.get("nodes", [])):
        return [InvalidParam("$.id", "this id cannot be used; choose another one")]
    return []
