"""What of a map's data a caller may read, and what a partner may point at.

A ketenpartner with whom the municipality did not share the whole map sees
its own nodes and its own party only: no other nodes, parties, scenarios or
measures. The other roles (and partners with ``whole_map``) read everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from weerbaar.web.api.problems import InvalidParam, json_path
from weerbaar.web.maps.access import Access

#: The map file's lists of objects; all other keys are the map's header.
_COLLECTIONS = ("parties", "nodes", "scenarios", "measures")


def restricted(access: Access) -> bool:
    """Does this caller see only part of the map?"""
    return access.is_partner and not access.whole_map


def visible_content(access: Access, data: Mapping[str, Any]) -> dict[str, Any]:
    """The map data as far as the caller may read it."""
    if not restricted(access):
        return dict(data)
    out = {key: value for key, value in data.items() if key not in _COLLECTIONS}
    out["parties"] = [p for p in data.get("parties", []) if p.get("id") == access.party_id]
    out["nodes"] = visible_nodes(access, data)
    return out


def visible_nodes(access: Access, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [dict(n) for n in data.get("nodes", []) if access.sees_node(n)]


def hidden_requirements(
    access: Access,
    data: Mapping[str, Any],
    node: Mapping[str, Any],
    before: Mapping[str, Any] | None,
) -> list[InvalidParam]:
    """Requirements a restricted partner may not add: nodes it cannot see.

    Without this, whether saving ``requires: [x]`` fails would tell the
    partner whether a hidden node ``x`` exists; the answer is the loader's
    own "unknown node" either way. Requirements the node already had (set by
    the municipality) stay allowed, so a partner can save its node unchanged.
    """
    if not restricted(access):
        return []
    allowed = {n.get("id") for n in visible_nodes(access, data)}
    allowed |= {m for req in (before or {}).get("requires", []) for m in _members(req)}
    out = []
    requires = node.get("requires", [])
    for j, req in enumerate(requires if isinstance(requires, list) else []):
        for member in _members(req):
            if member not in allowed:
                out.append(InvalidParam(json_path(("requires", j)), f"unknown node {member!r}"))
    return out


def _members(req: Any) -> list[Any]:
    if isinstance(req, str):
        return [req]
    if not isinstance(req, Mapping):
        return []
    if "node" in req:
        return [req["node"]]
    members = req.get("any", [])
    return list(members) if isinstance(members, list) else []
