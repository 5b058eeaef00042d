"""Which keys the map format defines where, and the located error for any other.

A misspelled key must never be dropped silently: ``requries:`` would lose a
node's requirements and ``likelyhood:`` a scenario's risk, and the map would
still pass. :func:`unknown_keys` walks the data once, before the structure
is validated, and names every key the format does not define with the
nearest one it does (``difflib``). The keys come from the pydantic models of
:mod:`weerbaar.model.schema`, so a key added there is known here at once.

Examples
--------
>>> [(p, m) for p, m in unknown_keys({"weerbaar": 1, "nodes": [{"id": "a", "requries": ["b"]}]})]
[(('nodes', 0, 'requries'), "unknown key 'requries' — did you mean 'requires'?")]
>>> unknown_keys({"weerbaar": 1, "x-eigenaar": "Jan"})
[]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from weerbaar.i18n import _
from weerbaar.model import schema as s
from weerbaar.model.yamlsource import Path_


@dataclass(frozen=True)
class Level:
    """A kind of mapping in the file: its keys, and the levels below them.

    ``children`` maps a key to the level of its value and whether that value
    is a list of such mappings. ``open`` levels take any key (the criterion
    ids of an impact step).
    """

    name: str
    model: type[BaseModel]
    children: Mapping[str, tuple[Level, bool]] = field(default_factory=dict)
    extensible: bool = False
    open: bool = False

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.alias or name for name, f in self.model.model_fields.items())

    @cached_property
    def key_set(self) -> frozenset[str]:
        return frozenset(self.keys)

    def walk(self) -> Iterator[tuple[Level, tuple[str, ...]]]:
        """Every level below this one (itself included) and the keys leading there."""
        yield self, ()
        for key, (child, _many) in self.children.items():
            for level, path in child.walk():
                yield level, (key, *path)


_STEP = Level("impact step", s.ImpactStepEntry, open=True)
_IMPACT = Level("impact", s.ImpactEntry, {"steps": (_STEP, True)})
_LOCATION = Level("location", s.LocationEntry)
_REQUIREMENT = Level("requirement", s.RequirementEntry)
_NODE_CHILDREN = {
    "requires": (_REQUIREMENT, True),
    "location": (_LOCATION, False),
    "impact": (_IMPACT, False),
    "products": (Level("product", s.ProductEntry), True),
}
_ADDED_NODE = Level("node", s.NodeEntry, _NODE_CHILDREN, extensible=True)
_CHANGE = Level(
    "change",
    s.ChangeEntry,
    {
        "add_node": (_ADDED_NODE, False),
        "add_alternative": (Level("add_alternative", s.AddAlternativeEntry), False),
        "add_tolerance": (Level("add_tolerance", s.AddToleranceEntry), False),
        "restart": (Level("restart", s.RestartEntry), False),
        "scenario_duration": (Level("scenario_duration", s.ScenarioDurationEntry), False),
        "likelihood": (Level("likelihood", s.LikelihoodEntry), False),
    },
)
#: The whole file, level by level.
MAP = Level(
    "map",
    s.MapFile,
    {
        "parties": (Level("party", s.PartyEntry, extensible=True), True),
        "nodes": (Level("node", s.NodeEntry, _NODE_CHILDREN, extensible=True), True),
        "scenarios": (
            Level(
                "scenario",
                s.ScenarioEntry,
                {"failures": (Level("failure", s.FailureEntry), True)},
                extensible=True,
            ),
            True,
        ),
        "measures": (
            Level("measure", s.MeasureEntry, {"changes": (_CHANGE, True)}, extensible=True),
            True,
        ),
        "merged": (Level("merged", s.MergedEntry), True),
    },
    extensible=True,
)


def unknown_key(key: str, level: Level) -> str | None:
    """The message for ``key`` in a mapping of ``level``, None when the key is fine."""
    keys = level.keys
    if level.open or key in level.key_set:
        return None
    if key.startswith(s.EXTENSION):
        if level.extensible:
            return None
        return _(
            "unknown key {key!r}: extension keys (x-...) belong on the map, a party, "
            "a node, a scenario or a measure, not in a {level}"
        ).format(key=key, level=level.name)
    near = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
    if near:
        return _("unknown key {key!r} — did you mean {near!r}?").format(key=key, near=near[0])
    return _("unknown key {key!r} (the keys here are: {keys})").format(
        key=key, keys=", ".join(keys)
    )


def unknown_keys(data: Any, level: Level = MAP, path: Path_ = ()) -> list[tuple[Path_, str]]:
    """Every key of ``data`` the format does not define, as ``(path, message)``.

    Values of the wrong type are left to the schema, which names them.
    """
    out: list[tuple[Path_, str]] = []
    if not isinstance(data, dict):
        return out
    if not level.open and not data.keys() <= level.key_set:
        for key in data.keys() - level.key_set:
            message = unknown_key(key, level)
            if message is not None:
                out.append(((*path, key), message))
    for key, (child, many) in level.children.items():
        value = data.get(key)
        if many and isinstance(value, list):
            # A leaf whose keys are all known needs no call: a large map has
            # a hundred thousand requirements, each such a leaf.
            leaf = None if child.children or child.open else child.key_set
            for i, item in enumerate(value):
                if isinstance(item, dict) and (leaf is None or not item.keys() <= leaf):
                    out += unknown_keys(item, child, (*path, key, i))
        elif isinstance(value, dict):
            out += unknown_keys(value, child, (*path, key))
    return out
