"""Every way a map file can be wrong gets a located message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from weerbaar.model import MapError, load_map, parse_map

GOOD = """\
weerbaar: 1
name: Test
parties:
  - id: gemeente
    kind: gemeente
nodes:
  - id: power
    kind: infrastructure
  - id: app
    party: gemeente
    requires: [power]
scenarios:
  - id: blackout
    failures: [{node: power, duration: 4h}]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(MapError) as info:
        parse_map(text, "map.yaml")
    return [str(p) for p in info.value.problems]


def test_it_accepts_the_good_map() -> None:
    m = parse_map(GOOD, "map.yaml")
    assert [n.id for n in m.nodes] == ["power", "app"]


def test_it_locates_an_unknown_reference() -> None:
    text = GOOD.replace("requires: [power]", "requires: [powr]")
    assert problems(text) == ["map.yaml:11: unknown node 'powr'"]


def test_it_locates_an_unknown_node_in_a_scenario() -> None:
    text = GOOD.replace("{node: power, duration", "{node: nope, duration")
    assert problems(text) == ["map.yaml:14: unknown node 'nope'"]


def test_it_locates_an_unknown_party() -> None:
    text = GOOD.replace("party: gemeente", "party: leverancier-x")
    assert problems(text) == ["map.yaml:10: unknown party 'leverancier-x'"]


def test_it_locates_a_duplicate_id() -> None:
    text = GOOD.replace("scenarios:", "  - id: app\nscenarios:")
    assert problems(text) == ["map.yaml:12: duplicate id 'app' in nodes"]


def test_it_locates_a_duplicate_key() -> None:
    text = GOOD.replace("name: Test\n", "name: Test\nname: Again\n")
    assert problems(text) == ["map.yaml:3: duplicate key 'name'"]


def test_it_locates_need_larger_than_the_group() -> None:
    text = GOOD.replace("requires: [power]", "requires: [{any: [power], need: 2}]")
    assert problems(text) == ["map.yaml:11: need 2 is larger than the group (1 members)"]


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("-4h", "duration '-4h' is negative"),
        ("4x", "unknown unit 'x'"),
        ("soon", "'soon' is not a duration"),
        ("-3", "duration -3 is negative"),
    ],
)
def test_it_locates_a_bad_duration(duration: str, message: str) -> None:
    text = GOOD.replace("duration: 4h", f"duration: {duration}")
    [problem] = problems(text)
    assert problem.startswith("map.yaml:14: scenarios.0.failures.0.duration: ")
    assert message in problem


def test_it_locates_an_unknown_kind() -> None:
    text = GOOD.replace("kind: infrastructure", "kind: infra")
    [problem] = problems(text)
    assert problem.startswith("map.yaml:8: nodes.0.kind: ")
    assert "'process'" in problem and "'infrastructure'" in problem


def test_it_locates_a_yaml_syntax_error() -> None:
    text = GOOD.replace("requires: [power]", "requires: [power")
    [problem] = problems(text)
    assert problem.startswith("map.yaml:12: YAML syntax error")


def test_it_says_a_list_is_not_a_map() -> None:
    assert problems("- a\n- b\n") == [
        "map.yaml:1: a map must be a mapping with keys such as `weerbaar:` and `nodes:`"
    ]


def test_it_says_the_version_is_missing() -> None:
    assert problems("nodes: []\n") == ["map.yaml:1: weerbaar: required key is missing"]


def test_it_says_an_empty_file_is_empty() -> None:
    assert problems("") == ["map.yaml:1: the file is empty"]


def test_it_rejects_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(MapError) as info:
        load_map(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:1: not a text file (binary data)"]


def test_it_rejects_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("Test", "Gemeente Súdwest").encode("latin-1"))
    with pytest.raises(MapError) as info:
        load_map(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:2: not UTF-8 text"]


def test_it_says_a_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(MapError, match="cannot read file"):
        load_map(tmp_path / "nope.yaml")


def test_it_rejects_a_self_requirement() -> None:
    text = GOOD.replace("requires: [power]", "requires: [app]")
    assert problems(text) == ["map.yaml:11: node 'app' cannot require itself"]


def test_it_rejects_a_requirement_with_node_and_any() -> None:
    text = GOOD.replace("requires: [power]", "requires: [{node: power, any: [power]}]")
    [problem] = problems(text)
    assert problem.startswith("map.yaml:11:")
    assert "either `node` or `any`" in problem


def test_it_reports_every_problem_not_only_the_first() -> None:
    text = GOOD.replace("requires: [power]", "requires: [x, y]").replace(
        "kind: gemeente", "kind: stad"
    )
    found = problems(text)
    assert len(found) == 1  # structure is checked before references
    assert "parties.0.kind" in found[0]
    text = GOOD.replace("requires: [power]", "requires: [x, y]")
    assert problems(text) == [
        "map.yaml:11: unknown node 'x'",
        "map.yaml:11: unknown node 'y'",
    ]


def test_it_locates_measure_problems() -> None:
    text = GOOD + (
        "measures:\n"
        "  - id: m1\n"
        "    cost: 1000\n"
        "    changes:\n"
        "      - add_alternative: {node: app, requirement: nope, alternative: power}\n"
        "      - restart: {node: ghost, restart: 1h}\n"
        "      - likelihood: {scenario: none, class: B}\n"
    )
    assert problems(text) == [
        "map.yaml:19: node 'app' has no requirement on 'nope'",
        "map.yaml:20: unknown node 'ghost'",
        "map.yaml:21: unknown scenario 'none'",
    ]


def test_it_allows_nodes_added_by_a_measure() -> None:
    text = GOOD + (
        "measures:\n"
        "  - id: m1\n"
        "    changes:\n"
        "      - add_node: {id: power-2, kind: infrastructure}\n"
        "      - add_alternative: {node: app, requirement: power, alternative: power-2}\n"
    )
    m = parse_map(text)
    assert m.measure("m1").changes[0].kind == "add_node"


def test_it_keeps_extension_keys() -> None:
    text = GOOD.replace("  - id: app\n", "  - id: app\n    x-eigenaar: Team ICT\n")
    assert parse_map(text).node("app").extra == {"x-eigenaar": "Team ICT"}


def test_it_refuses_an_unknown_key_with_the_nearest_valid_one() -> None:
    text = GOOD.replace("    requires: [power]\n", "    requries: [power]\n")
    assert problems(text) == ["map.yaml:11: unknown key 'requries' — did you mean 'requires'?"]


def test_it_refuses_an_extension_key_inside_a_requirement() -> None:
    text = GOOD.replace("    requires: [power]\n", "    requires: [{node: power, x-why: ja}]\n")
    (problem,) = problems(text)
    assert problem.startswith("map.yaml:11: unknown key 'x-why': extension keys")
