"""The loader's fast path gives exactly the node the schema gives, or leaves it to the schema."""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from weerbaar.model import MapError, from_data, parse_map
from weerbaar.model.fastpath import fast_node
from weerbaar.model.loader import _node
from weerbaar.model.schema import NodeEntry
from weerbaar.model.yamlsource import load_yaml

# Plain values and the near misses the schema treats differently: text with
# spaces, numbers as text, booleans for numbers, None, out-of-bounds values.
_ids = st.sampled_from(["a", "b-1", "c.d", " a", "a ", "", "-x", "a b", 7, None, True])
_durations = st.sampled_from(
    [0, 1, 2.5, "4h", "2d", " 3h", "tri(1h, 2h, 3h)", "lognormal(2h, 0.5)", "x", -1, None, True]
) | st.sampled_from([1e-320, 1e308, "nan", float("nan")])
_amounts = st.sampled_from([0, 1, 10.5, 0.001, 1e13, -1, True, "5", None, float("inf")])
_requirement = st.one_of(
    _ids,
    st.fixed_dictionaries(
        {},
        optional={
            "node": _ids,
            "any": st.lists(_ids, max_size=3) | st.none() | st.just("a"),
            "need": st.sampled_from([1, 2, 0, 5, True, 1.0, None, "2"]),
            "tolerance": _durations,
            "x-y": st.just(1),
        },
    ),
)
_step = st.fixed_dictionaries(
    {},
    optional={
        "after": _durations,
        "costs": _amounts,
        "deaths": _amounts,
        "daily": st.sampled_from(["A", "c", "CC"]),
    },
)
_node_data = st.fixed_dictionaries(
    {"id": _ids},
    optional={
        "kind": st.sampled_from(["process", "system", "people", "proces", " system", None, 1]),
        "name": st.sampled_from(["Naam", " Naam", "", None, 5]),
        "description": st.sampled_from(["tekst", "tekst\n", None]),
        "party": _ids,
        "restart": _durations,
        "requires": st.lists(_requirement, max_size=3) | st.none() | st.just("a"),
        "vital": st.sampled_from([True, False, 1, "yes", None]),
        "mtpd": _durations,
        "rto": _durations,
        "bbn": st.sampled_from([1, 3, 4, 2.0, True, None, "2"]),
        "served": st.sampled_from([0, 10, 10**10, -1, 5.0, None]),
        "owner": st.sampled_from(["ciso", "wethouder", None, ["ciso"]]),
        "gemeente": _ids,
        "shared": st.sampled_from([True, False, None, "ja"]),
        "location": st.sampled_from(
            [{"lat": 52, "lon": 6.5}, {"lat": 91, "lon": 0}, {"lat": 1}, None]
        ),
        "impact": st.fixed_dictionaries(
            {},
            optional={
                "per_day": st.dictionaries(
                    st.sampled_from(["costs", " x", "y"]), _amounts, max_size=2
                ),
                "steps": st.lists(_step, max_size=2),
            },
        )
        | st.none(),
        "x-eigen": st.just("ja"),
    },
)


@given(_node_data)
def test_it_gives_the_node_of_the_schema_or_none(data: dict[str, Any]) -> None:
    fast = fast_node(data)
    try:
        entry = NodeEntry.model_validate(data)
    except ValidationError:
        assert fast is None
        return
    if fast is not None:
        assert fast == _node(entry)
        assert fast.extra == _node(entry).extra


@given(st.lists(_node_data, min_size=1, max_size=3))
def test_it_locates_problems_of_slow_nodes_at_their_place_in_the_file(
    nodes: list[dict[str, Any]],
) -> None:
    plain = [{"id": f"ok{i}"} for i in range(len(nodes))]
    mixed = [n for pair in zip(plain, nodes, strict=True) for n in pair]
    try:
        from_data({"weerbaar": 1, "nodes": mixed})
    except MapError as exc:
        for problem in exc.problems:
            path = problem.path
            if path[:1] == ("nodes",) and len(path) > 1:
                assert path[1] % 2 == 1  # never one of the plain nodes


def test_it_reads_plain_and_extended_nodes_side_by_side() -> None:
    text = (
        "weerbaar: 1\nnodes:\n  - {id: a, restart: 4h}\n  - id: b\n"
        '    requires: [a, {any: [a, c], need: 1, tolerance: "tri(1h, 2h, 3h)"}]\n  - {id: c}\n'
        "  - {id: d, x-eigen: ja, requires: [a]}\n"
    )
    m = parse_map(text)
    assert m.node("b").requires[1].tolerance == 2.0 and m.node("d").extra == {"x-eigen": "ja"}


def test_it_never_takes_a_remembered_requirement_for_one_of_another_type() -> None:
    # 1 == 1.0 == True: the requirements remembered by value must tell them apart.
    plain = fast_node({"id": "a", "requires": [{"any": ["b", "c"], "need": 1}]})
    assert plain is not None and plain.requires[0].need == 1
    assert fast_node({"id": "a", "requires": [{"any": ["b", "c"], "need": True}]}) is None
    assert fast_node({"id": "a", "requires": [{"node": "b", "tolerance": True}]}) is None


def test_it_finds_the_lines_of_a_file_when_asked_and_keeps_them_in_a_pickle() -> None:
    text = "weerbaar: 1\nnodes:\n  - id: a\n  - id: b\n    requires: [a]\n"
    _data, lines = load_yaml(text, "m.yaml")
    assert lines[("nodes", 1, "requires", 0)] == 5
    assert pickle.loads(pickle.dumps(lines)) == dict(lines)
    m = parse_map(text, "m.yaml")
    assert m.where("nodes", 1, "requires") == "m.yaml:5"
    assert pickle.loads(pickle.dumps(m)).where("nodes", 1) == "m.yaml:4"
