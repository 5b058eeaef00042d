"""The map format is strict: every key it does not define is a located error.

The regression test below misspells every key the format defines, at every
level of the file, and expects the line and the nearest valid key. The keys
and levels come from the schema (:mod:`weerbaar.model.keys` reads the
pydantic models), so a key added later is covered without touching this file.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from weerbaar.model import MapError, dump_yaml, parse_map
from weerbaar.model.keys import MAP, Level
from weerbaar.model.schema import json_schema
from weerbaar.model.yamlsource import load_yaml

#: A map with every level of the format in it.
FULL: dict[str, Any] = {
    "weerbaar": 1,
    "name": "Proef",
    "description": "alles",
    "horizon": "30d",
    "merged": [{"prefix": "a", "name": "A"}],
    "parties": [{"id": "p", "name": "P", "kind": "leverancier", "maturity": 3, "owner": "ciso"}],
    "nodes": [
        {"id": "a", "kind": "infrastructure"},
        {"id": "b"},
        {
            "id": "c",
            "kind": "process",
            "name": "C",
            "description": "c",
            "party": "p",
            "restart": "4h",
            "location": {"lat": 52.0, "lon": 6.0},
            "vital": True,
            "mtpd": "3d",
            "rto": "1d",
            "rpo": "4h",
            "bbn": 2,
            "served": 100,
            "owner": "proceseigenaar",
            "gemeente": "g1",
            "shared": False,
            "impact": {"per_day": {"costs": 10}, "steps": [{"after": "1d", "daily_life": 5}]},
            "products": [
                {
                    "cpe": "cpe:2.3:a:citrix:netscaler_adc:13.1:*:*:*:*:*:*:*",
                    "purl": "pkg:generic/citrix/netscaler-adc@13.1",
                    "vendor": "Citrix",
                    "product": "NetScaler ADC",
                    "version": "13.1",
                }
            ],
            "requires": [{"node": "a", "tolerance": "1h"}, {"any": ["a", "b"], "need": 1}],
        },
    ],
    "scenarios": [
        {
            "id": "s",
            "name": "S",
            "theme": "ransomware",
            "likelihood": "C",
            "horizon": "10d",
            "description": "s",
            "failures": [{"node": "a", "at": "1h", "duration": "2h"}],
        }
    ],
    "measures": [
        {
            "id": "m",
            "name": "M",
            "cost": 10,
            "description": "m",
            "changes": [
                {
                    "add_node": {
                        "id": "d",
                        "requires": [{"node": "a"}],
                        "location": {"lat": 52.0, "lon": 6.0},
                        "impact": {"steps": [{"after": "1h", "deaths": 0}]},
                        "products": [{"product": "Reserve"}],
                    }
                },
                {"add_alternative": {"node": "c", "requirement": "a", "alternative": "d"}},
                {"add_tolerance": {"node": "c", "requirement": "a", "tolerance": "2h"}},
                {"restart": {"node": "c", "restart": "1h"}},
                {"scenario_duration": {"scenario": "s", "node": "a", "duration": "1h"}},
                {"likelihood": {"scenario": "s", "class": "B"}},
            ],
        }
    ],
}


def instances(data: Any, path: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every mapping of ``data`` reached through the keys of ``path`` (lists walked)."""
    found = [data]
    for key in path:
        step = []
        for item in found:
            value = item.get(key) if isinstance(item, dict) else None
            step += value if isinstance(value, list) else [value]
        found = [v for v in step if isinstance(v, dict)]
    return found


def misspell(key: str, level: Level) -> str:
    for bad in (key + "s", key[:-1] + key[-1] * 2, key + "x"):
        if bad not in level.keys:
            return bad
    raise AssertionError(key)


CASES = [
    pytest.param(level, path, key, id=".".join((*path, key)) or key)
    for level, path in MAP.walk()
    if not level.open
    for key in level.keys
]


def test_the_full_map_is_valid() -> None:
    parse_map(yaml.safe_dump(FULL, sort_keys=False))


def test_every_level_is_in_the_full_map() -> None:
    assert all(instances(FULL, path) for level, path in MAP.walk())


def test_every_model_of_the_schema_is_a_level() -> None:
    models = {level.model.__name__ for level, _path in MAP.walk()}
    objects = {k for k, v in json_schema()["$defs"].items() if v.get("type") == "object"}
    assert objects <= models


@pytest.mark.parametrize(("level", "path", "key"), CASES)
def test_it_locates_every_misspelled_key(level: Level, path: tuple[str, ...], key: str) -> None:
    data = copy.deepcopy(FULL)
    found = instances(data, path)
    target = next((d for d in found if key in d), found[0])
    bad = misspell(key, level)
    target[bad] = target.pop(key) if key in target else "x"
    text = yaml.safe_dump(data, sort_keys=False)
    _data, lines = load_yaml(text, "kaart.yaml")
    (line,) = [
        n
        for p, n in lines.items()
        if p and p[-1] == bad and tuple(k for k in p[:-1] if isinstance(k, str)) == path
    ]
    with pytest.raises(MapError) as info:
        parse_map(text, "kaart.yaml")
    expected = f"kaart.yaml:{line}: unknown key {bad!r} — did you mean {key!r}?"
    assert expected in [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("level", "path"), [(lvl, p) for lvl, p in MAP.walk() if not lvl.open])
def test_it_keeps_extension_keys_only_where_the_format_allows_them(
    level: Level, path: tuple[str, ...]
) -> None:
    data = copy.deepcopy(FULL)
    instances(data, path)[0]["x-notitie"] = {"door": "Jan"}
    text = yaml.safe_dump(data, sort_keys=False)
    if level.extensible:
        m = parse_map(text)
        assert parse_map(dump_yaml(m)) == m
        assert "x-notitie: {door: Jan}" in dump_yaml(m) or "x-notitie:\n" in dump_yaml(m)
    else:
        with pytest.raises(MapError, match="unknown key 'x-notitie': extension keys"):
            parse_map(text)


def test_the_json_schema_allows_no_other_keys() -> None:
    schema = json_schema()
    objects = [schema, *schema["$defs"].values()]
    for entry in objects:
        if entry.get("type") != "object":
            continue
        if entry.get("title") == "ImpactStepEntry":
            assert isinstance(entry["additionalProperties"], dict)  # criterion ids
            continue
        assert entry["additionalProperties"] is False, entry.get("title")
    assert "^x-" in schema["patternProperties"]
    assert "^x-" in schema["$defs"]["NodeEntry"]["patternProperties"]
    assert "patternProperties" not in schema["$defs"]["RequirementEntry"]


def test_it_says_which_owner_roles_there_are() -> None:
    data = copy.deepcopy(FULL)
    data["nodes"][2]["owner"] = "wethouder"
    with pytest.raises(MapError) as info:
        parse_map(yaml.safe_dump(data, sort_keys=False), "kaart.yaml")
    (problem,) = info.value.problems
    assert "nodes.2.owner: 'wethouder' is not one of: 'burgemeester', 'ciso'" in str(problem)
    assert "'ketenpartner'" in str(problem)


def test_it_keeps_owners_on_a_round_trip() -> None:
    m = parse_map(yaml.safe_dump(FULL, sort_keys=False))
    assert m.node("c").owner == "proceseigenaar" and m.party("p").owner == "ciso"
    assert parse_map(dump_yaml(m)) == m
