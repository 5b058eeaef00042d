"""Pure edits of map data (the file format's dicts), for forms and the API.

Each returns the new data plus the object before and after, which the audit
trail stores; the input is never modified.
"""

from __future__ import annotations

import copy
from typing import Any

from weerbaar.web.maps.models import ObjectKind

#: The map file's list for each kind of object.
COLLECTION = {
    ObjectKind.NODE: "nodes",
    ObjectKind.PARTY: "parties",
    ObjectKind.SCENARIO: "scenarios",
    ObjectKind.MEASURE: "measures",
}


def find(data: dict[str, Any], kind: ObjectKind, object_id: str) -> dict[str, Any] | None:
    for entry in data.get(COLLECTION[kind], []):
        if entry.get("id") == object_id:
            return dict(entry)
    return None


def put(
    data: dict[str, Any], kind: ObjectKind, entry: dict[str, Any], old_id: str | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Replace the object ``old_id`` (or add ``entry`` when it is None).

    Renaming a node (``entry["id"] != old_id``) also renames every reference
    to it, so a rename never breaks the map.
    """
    new = copy.deepcopy(data)
    items = new.setdefault(COLLECTION[kind], [])
    before = None
    if old_id is None:
        items.append(entry)
    else:
        for i, item in enumerate(items):
            if item.get("id") == old_id:
                before = item
                items[i] = entry
                break
        else:
            raise KeyError(old_id)
        if entry.get("id") != old_id:
            _rename(new, kind, old_id, entry["id"])
    return new, before


def remove(
    data: dict[str, Any], kind: ObjectKind, object_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    new = copy.deepcopy(data)
    items = new.get(COLLECTION[kind], [])
    for i, item in enumerate(items):
        if item.get("id") == object_id:
            return new, items.pop(i)
    raise KeyError(object_id)


def references(data: dict[str, Any], node_id: str) -> list[str]:
    """Where a node is used: requirements of other nodes, scenarios, measures."""
    used = []
    for node in data.get("nodes", []):
        for req in node.get("requires", []):
            if node_id in members(req):
                used.append(f"node {node['id']}")
    for scenario in data.get("scenarios", []):
        if any(f.get("node") == node_id for f in scenario.get("failures", [])):
            used.append(f"scenario {scenario['id']}")
    return used


def members(req: Any) -> list[str]:
    """The node ids one requirement names, whatever its form (tolerated bad input: none)."""
    if isinstance(req, str):
        return [req]
    if not isinstance(req, dict):
        return []
    if "node" in req:
        return [req["node"]]
    group = req.get("any", [])
    return list(group) if isinstance(group, list) else []


def _rename(data: dict[str, Any], kind: ObjectKind, old: str, new: str) -> None:
    if kind is ObjectKind.PARTY:
        for node in data.get("nodes", []):
            if node.get("party") == old:
                node["party"] = new
        return
    if kind is not ObjectKind.NODE:
        return
    for node in data.get("nodes", []):
        requires = node.get("requires", [])
        for i, req in enumerate(requires):
            if isinstance(req, str):
                requires[i] = new if req == old else req
            elif req.get("node") == old:
                req["node"] = new
            elif "any" in req:
                req["any"] = [new if m == old else m for m in req["any"]]
    for scenario in data.get("scenarios", []):
        for failure in scenario.get("failures", []):
            if failure.get("node") == old:
                failure["node"] = new
    for measure in data.get("measures", []):
        for change in measure.get("changes", []):
            for body in change.values():
                for key in ("node", "requirement", "alternative"):
                    if isinstance(body, dict) and body.get(key) == old:
                        body[key] = new
