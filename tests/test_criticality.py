"""Structural and time-aware criticality, checked against naive definitions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference import reference_closure, reference_fails, reference_simulation, small_maps
from weerbaar.engine import closure, simulate, structural, time_aware
from weerbaar.model import Failure, Node, Requirement, RiskMap, parse_map

_MAP = parse_map("""
weerbaar: 1
nodes:
  - {id: power}
  - {id: isp-a, requires: [power]}
  - {id: isp-b}
  - {id: app, requires: [{any: [isp-a, isp-b]}]}
  - {id: proc, requires: [app, {node: power, tolerance: 4h}]}
  - {id: dc-1}
  - {id: dc-2}
  - {id: dc-3}
  - {id: storage, requires: [{any: [dc-1, dc-2, dc-3], need: 2}]}
  - {id: ctrl, requires: [telecom]}
  - {id: telecom, requires: [ctrl]}
""")


def test_it_lists_what_each_node_takes_down() -> None:
    assert structural(_MAP).fails() == {
        "power": ["isp-a", "proc"],
        "isp-a": [],
        "isp-b": [],
        "app": ["proc"],
        "proc": [],
        "dc-1": [],
        "dc-2": [],
        "dc-3": [],
        "storage": [],
        "ctrl": ["telecom"],
        "telecom": ["ctrl"],
    }


def test_it_lists_the_single_points_of_failure_of_a_node() -> None:
    s = structural(_MAP)
    assert s.single_points("proc") == ["app", "power"]
    assert s.single_points("app") == []
    assert s.single_points("telecom") == ["ctrl"]


def test_it_needs_more_than_the_slack_of_a_group_down_in_a_closure() -> None:
    assert closure(_MAP, ["dc-1"]) == ["dc-1"]
    assert closure(_MAP, ["dc-1", "dc-3"]) == ["dc-1", "dc-3", "storage"]
    assert closure(_MAP, ["isp-a", "isp-b"]) == ["app", "isp-a", "isp-b", "proc"]


# -- against the naive definition on random maps --------------------------------


@given(small_maps(max_nodes=12))
def test_it_agrees_with_the_naive_fixpoint(m: RiskMap) -> None:
    assert structural(m).fails() == reference_fails(m)


@given(small_maps(max_nodes=12))
def test_it_derives_single_points_and_counts_from_fails(m: RiskMap) -> None:
    s = structural(m)
    fails = s.fails()
    for v in (node.id for node in m.nodes):
        assert s.single_points(v) == sorted(x for x, down in fails.items() if v in down)
    assert s.counts().tolist() == [len(fails[node.id]) for node in m.nodes]


@given(small_maps(max_nodes=12), st.data())
def test_it_counts_only_the_nodes_asked_for(m: RiskMap, data: st.DataObject) -> None:
    among = np.array(
        data.draw(st.lists(st.booleans(), min_size=len(m.nodes), max_size=len(m.nodes)))
    )
    chosen = {node.id for node, keep in zip(m.nodes, among, strict=True) if keep}
    fails = reference_fails(m)
    expected = [len(chosen.intersection(fails[node.id])) for node in m.nodes]
    assert structural(m).counts(among).tolist() == expected


@given(small_maps(max_nodes=12))
def test_it_closes_a_single_seed_to_fails_and_the_seed(m: RiskMap) -> None:
    fails = structural(m).fails()
    for x in fails:
        assert closure(m, [x]) == sorted([*fails[x], x])


@given(small_maps(max_nodes=12), st.data())
def test_it_closes_several_seeds_like_the_naive_fixpoint(m: RiskMap, data: st.DataObject) -> None:
    ids = [node.id for node in m.nodes]
    seeds = data.draw(st.lists(st.sampled_from(ids), max_size=4))
    assert closure(m, seeds) == reference_closure(m, seeds)


@given(small_maps(max_nodes=12))
def test_it_leaves_exactly_fails_down_after_a_permanent_failure(m: RiskMap) -> None:
    # Every node of fails(x) is down at the latest when all tolerances on the
    # way have run out; nothing else can go down, and nothing can be a
    # deadlock because x itself is still forced down.
    horizon = sum(r.tolerance for node in m.nodes for r in node.requires) + 2
    fails = structural(m).fails()
    for x in fails:
        result = simulate(m, [Failure(x)], horizon)
        still_down = sorted(v for v, ivs in result.down.items() if ivs[-1][1] is None)
        assert still_down == sorted([*fails[x], x])
        assert result.deadlock == []


@given(small_maps(max_nodes=6), st.integers(1, 12))
def test_it_fails_each_node_in_turn_for_the_time_aware_view(m: RiskMap, duration: int) -> None:
    impacts = list(time_aware(m, float(duration), horizon=30))
    assert [i.node for i in impacts] == [node.id for node in m.nodes]
    for impact in impacts:
        ref = reference_simulation(m, [Failure(impact.node, 0.0, float(duration))], 30)
        down = ref["down"]
        assert isinstance(down, dict)
        assert impact.down == sorted(v for v in down if v != impact.node)


# -- a large map: the bit-parallel fixpoint against one closure per node ----------


def _random_map(n: int, seed: int) -> RiskMap:
    """A map with cycles, plain and k-of-n requirements, spanning several 64-bit words."""
    rng = np.random.default_rng(seed)
    ids = [f"v{i}" for i in range(n)]
    nodes = []
    for i in range(n):
        requires = []
        for _ in range(rng.integers(0, 4)):
            size = int(rng.integers(1, 4))
            others = rng.choice(n - 1, size=size, replace=False)
            members = tuple(ids[j + (j >= i)] for j in others.tolist())
            need = int(rng.integers(1, size + 1))
            requires.append(Requirement(members, need, float(rng.integers(0, 3))))
        nodes.append(Node(ids[i], requires=tuple(requires)))
    return RiskMap(nodes=tuple(nodes))


@pytest.mark.parametrize(("n", "seed"), [(64, 1), (65, 2), (300, 3), (300, 4)])
def test_it_agrees_with_one_closure_per_node_on_a_large_map(n: int, seed: int) -> None:
    m = _random_map(n, seed)
    fails = structural(m).fails()
    assert fails == {x: [v for v in closure(m, [x]) if v != x] for x in fails}
    # Guard against a map so sparse that it tests nothing.
    assert max(len(down) for down in fails.values()) >= 5
