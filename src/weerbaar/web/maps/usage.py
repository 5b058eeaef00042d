"""Where an object of the map is still used, so that deleting it is refused in time.

The loader would refuse the delete anyway (an unknown node in a requirement),
but only with a message about the *other* object; the delete page lists the
users up front so the user knows what to change first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from weerbaar.web.maps import mapdata
from weerbaar.web.maps.models import ObjectKind, RiskMapRecord, Share

_REFERENCE_KINDS = {"node": ObjectKind.NODE, "scenario": ObjectKind.SCENARIO}


@dataclass(frozen=True)
class Use:
    """One place that refers to the object: an object of the map, or a share."""

    kind: ObjectKind | None
    object_id: str
    #: For a use outside the map (a share with a partner organisation).
    note: str = ""


def uses(
    data: dict[str, Any], kind: ObjectKind, object_id: str, record: RiskMapRecord | None = None
) -> list[Use]:
    """Everything in ``data`` (and the map's shares) that still refers to the object."""
    if kind is ObjectKind.NODE:
        found = []
        for ref in mapdata.references(data, object_id):
            what, _sep, ref_id = ref.partition(" ")
            found.append(Use(_REFERENCE_KINDS.get(what), ref_id))
        return found + _measures_using(data, ("node", "requirement", "alternative"), object_id)
    if kind is ObjectKind.SCENARIO:
        return _measures_using(data, ("scenario",), object_id)
    if kind is ObjectKind.PARTY:
        found = [
            Use(ObjectKind.NODE, node["id"])
            for node in data.get("nodes", [])
            if node.get("party") == object_id
        ]
        found += _measures_using(data, ("party",), object_id)
        if record is not None:
            shares = Share.objects.filter(riskmap=record, party_id=object_id)
            found += [
                Use(None, share.organisation.name, note="share")
                for share in shares.select_related("organisation")
            ]
        return found
    return []


def _measures_using(data: dict[str, Any], keys: tuple[str, ...], object_id: str) -> list[Use]:
    found = []
    for measure in data.get("measures", []):
        for change in measure.get("changes", []):
            if any(_refers(body, keys, object_id) for body in change.values()):
                found.append(Use(ObjectKind.MEASURE, measure.get("id", "")))
                break
    return found


def _refers(body: Any, keys: tuple[str, ...], object_id: str) -> bool:
    if not isinstance(body, dict):
        return False
    if any(body.get(key) == object_id for key in keys):
        return True
    # An added node (add_node) refers through its own requirements.
    for req in body.get("requires", []) if "node" in keys else []:
        members = [req] if isinstance(req, str) else [req.get("node"), *req.get("any", [])]
        if object_id in members:
            return True
    return False


def rename_scenario(data: dict[str, Any], old: str, new: str) -> None:
    """Point the measures that change scenario ``old`` at ``new`` (in place).

    ``mapdata.put`` renames references to nodes and parties; measures are the
    only place that refers to a scenario.
    """
    for measure in data.get("measures", []):
        for change in measure.get("changes", []):
            for body in change.values():
                if isinstance(body, dict) and body.get("scenario") == old:
                    body["scenario"] = new
