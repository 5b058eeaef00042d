"""The engine at scale: the level-vectorised criticality and the vectorised event
loop agree with the plain definitions, on random and on generated maps."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference import failures, reference_fails, reference_simulation, small_maps
from weerbaar.engine import build_graph, closure, simulate, structural
from weerbaar.engine.bitprop import plan, propagate
from weerbaar.engine.bitrows import set_bits
from weerbaar.model import Failure, Node, Requirement, RiskMap
from weerbaar.scale.criticality import criticality
from weerbaar.scale.generate import generate_map


def _random_map(n: int, seed: int, vital_share: float = 0.3) -> RiskMap:
    """Cycles, plain and k-of-n requirements, tolerances and restarts; some vital nodes."""
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
        restart = float(rng.choice([0, 0, 1, 3]))
        vital = bool(rng.random() < vital_share)
        nodes.append(Node(ids[i], requires=tuple(requires), restart=restart, vital=vital))
    return RiskMap(nodes=tuple(nodes))


def _with_vital(m: RiskMap, mask: list[bool]) -> RiskMap:
    return replace(
        m, nodes=tuple(replace(v, vital=keep) for v, keep in zip(m.nodes, mask, strict=True))
    )


def _assert_same_criticality(m: RiskMap, width: int = 1, budget: int = 1 << 29) -> None:
    s = structural(m)
    c = criticality(m, width=width, budget=budget)
    vital = np.array([n.vital for n in m.nodes])
    assert c.down.tolist() == s.counts().tolist()
    assert c.vital_down.tolist() == s.counts(vital).tolist()
    for node in m.nodes:
        if node.vital:
            assert c.single_points(node.id) == s.single_points(node.id)


# -- the propagation of one sweep ------------------------------------------------


@given(small_maps(max_nodes=12), st.data())
def test_it_finds_every_fails_set_from_any_split_of_the_sources(
    m: RiskMap, data: st.DataObject
) -> None:
    g = build_graph(m)
    order = data.draw(st.permutations(range(g.n)))
    cuts = sorted(data.draw(st.sets(st.integers(1, g.n - 1), max_size=4)))
    blocks = [np.array(b, dtype=np.int64) for b in np.split(np.array(order), cuts)]
    reached = propagate(plan(g), blocks, width=1)
    chunks = list(reached.pairs(blocks, rows=data.draw(st.integers(1, 8))))
    v = np.concatenate([c[0] for c in chunks])
    x = np.concatenate([c[1] for c in chunks])
    got = {g.ids[i]: sorted(g.ids[j] for j in v[x == i].tolist() if j != i) for i in range(g.n)}
    assert got == reference_fails(m)


@given(st.integers(1, 5), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_it_finds_every_set_bit(rows: int, width: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2**64, size=(rows, width), dtype=np.uint64)
    bits &= rng.integers(0, 2**64, size=(rows, width), dtype=np.uint64)  # sparser
    r, b = set_bits(bits)
    dense = np.unpackbits(bits.astype("<u8").view(np.uint8), axis=1, bitorder="little")
    assert sorted(zip(r.tolist(), b.tolist(), strict=True)) == [
        (int(i), int(j)) for i, j in zip(*np.nonzero(dense), strict=True)
    ]


@given(small_maps(max_nodes=12))
def test_it_puts_every_member_below_its_owner_unless_they_share_a_cycle(m: RiskMap) -> None:
    g = build_graph(m)
    lv = g.levels()
    _, labels = g.components()
    owner = np.repeat(g.owner, g.size)
    level_owner, level_member = lv.level[owner], lv.level[g.members]
    same = labels[owner] == labels[g.members]
    assert (level_member[~same] < level_owner[~same]).all()
    assert (level_member[same] == level_owner[same]).all()
    assert lv.cyclic[owner[same]].all()
    assert lv.depth == (int(lv.level.max()) + 1 if g.n else 0)


# -- counts and single points of failure without the matrix ----------------------


@given(small_maps(max_nodes=12), st.data())
def test_it_counts_like_the_bit_matrix(m: RiskMap, data: st.DataObject) -> None:
    mask = data.draw(st.lists(st.booleans(), min_size=len(m.nodes), max_size=len(m.nodes)))
    _assert_same_criticality(_with_vital(m, mask))


@pytest.mark.parametrize(
    ("n", "seed", "width", "budget"),
    [(300, 1, 1, 1 << 29), (300, 2, 1, 1), (700, 3, 2, 4096), (700, 4, 4, 1 << 29)],
)
def test_it_counts_like_the_bit_matrix_on_large_maps(
    n: int, seed: int, width: int, budget: int
) -> None:
    # A budget of a few bytes forces one block per group: many sweeps.
    m = _random_map(n, seed)
    _assert_same_criticality(m, width, budget)
    # Guard against a map so sparse that it tests nothing.
    assert int(criticality(m).down.max()) >= 5


def test_it_names_every_single_point_of_failure_when_every_node_is_vital() -> None:
    m = _with_vital(_random_map(400, 5), [True] * 400)
    c = criticality(m, width=1, budget=1 << 12)
    fails = {x: closure(m, [x]) for x in (node.id for node in m.nodes)}
    for v in (node.id for node in m.nodes):
        assert c.single_points(v) == sorted(x for x, down in fails.items() if v in down and x != v)


def test_it_counts_like_the_bit_matrix_on_a_generated_map() -> None:
    _assert_same_criticality(generate_map(3, seed=11), width=1, budget=1 << 14)


def test_it_refuses_single_points_of_a_node_that_is_not_vital() -> None:
    m = _random_map(20, 6, vital_share=0.0)
    with pytest.raises(KeyError):
        criticality(m).single_points("v0")


# -- the event loop on many cascades at once --------------------------------------


def _copies(m: RiskMap, k: int) -> RiskMap:
    """``k`` disjoint copies of ``m``; copy c renames node ``x`` to ``c.x``."""
    nodes = [
        replace(
            node,
            id=f"{c}.{node.id}",
            requires=tuple(
                replace(r, members=tuple(f"{c}.{u}" for u in r.members)) for r in node.requires
            ),
        )
        for c in range(k)
        for node in m.nodes
    ]
    return RiskMap(nodes=tuple(nodes))


@given(small_maps(), st.data())
def test_it_runs_many_independent_cascades_like_one(m: RiskMap, data: st.DataObject) -> None:
    # Each copy gets its own failures, so the event loop handles frontiers,
    # restarts and tolerance expiries of many cascades at the same instants;
    # every copy must still come out as the brute-force reference says.
    copies = 12
    cases = [data.draw(failures(m)) for _ in range(copies)]
    horizon = data.draw(st.integers(10, 40))
    big = _copies(m, copies)
    initiating = [
        Failure(f"{c}.{f.node}", f.at, f.duration) for c, fs in enumerate(cases) for f in fs
    ]
    got = simulate(big, initiating, horizon).to_json()
    down, deadlock = got["down"], got["deadlock"]
    assert isinstance(down, dict) and isinstance(deadlock, list)
    for c, fs in enumerate(cases):
        expected = reference_simulation(m, fs, horizon)
        prefix = f"{c}."
        mine = {v[len(prefix) :]: ivs for v, ivs in down.items() if v.startswith(prefix)}
        assert mine == expected["down"]
        assert [v[len(prefix) :] for v in deadlock if v.startswith(prefix)] == expected["deadlock"]


@pytest.mark.parametrize("seed", [7, 8])
def test_it_leaves_exactly_the_closure_down_after_a_permanent_failure_on_a_large_map(
    seed: int,
) -> None:
    m = _random_map(300, seed)
    g = build_graph(m)
    horizon = float(g.tolerance.sum() + 2)
    rng = np.random.default_rng(seed)
    for x in rng.choice(g.ids, size=25, replace=False).tolist():
        result = simulate(g, [Failure(x)], horizon)
        still = sorted(v for v, ivs in result.down.items() if ivs[-1][1] is None)
        assert still == closure(m, [x])
        assert result.deadlock == []
