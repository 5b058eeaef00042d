"""The realistic generator: determinism, realism, and the array path equal to the map path."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from weerbaar.cli import main
from weerbaar.engine import build_graph, simulate
from weerbaar.model import RiskMap, dump_yaml, from_data, load_map, to_data
from weerbaar.scale.generate import generate_graph, generate_map
from weerbaar.scale.generate.world import MEDIAN_RESIDENTS, draw_world

ARRAYS = (
    "restart",
    "owner",
    "need",
    "size",
    "tolerance",
    "member_ptr",
    "members",
    "use_ptr",
    "uses",
    "own_ptr",
    "own",
)


@pytest.fixture(scope="module")
def big() -> RiskMap:
    return generate_map(120, seed=11)


def test_it_generates_the_same_map_for_the_same_seed() -> None:
    assert dump_yaml(generate_map(2, seed=5)) == dump_yaml(generate_map(2, seed=5))


def test_it_generates_different_maps_for_different_seeds() -> None:
    assert dump_yaml(generate_map(2, seed=5)) != dump_yaml(generate_map(2, seed=6))


@pytest.mark.parametrize(("municipalities", "seed"), [(1, 0), (2, 3), (9, 4)])
def test_it_generates_maps_the_loader_accepts_unchanged(municipalities: int, seed: int) -> None:
    m = generate_map(municipalities, seed)
    assert from_data(to_data(m)) == m


@pytest.mark.parametrize(("municipalities", "seed"), [(1, 1), (3, 2), (30, 7)])
def test_it_builds_the_same_graph_from_arrays_as_from_the_map(
    municipalities: int, seed: int
) -> None:
    arrays = generate_graph(municipalities, seed)
    m = generate_map(municipalities, seed)
    expected = build_graph(m)
    assert arrays.graph.ids == expected.ids
    for name in ARRAYS:
        got, want = getattr(arrays.graph, name), getattr(expected, name)
        assert got.dtype == want.dtype, name
        assert np.array_equal(got, want), name
    assert arrays.vital.tolist() == [n.vital for n in m.nodes]
    assert [arrays.party_ids[p] for p in arrays.party] == [n.party for n in m.nodes]
    assert dict(arrays.scenarios) == {s.id: s.failures for s in m.scenarios}
    towns = [n.id[1:4] if n.id.startswith("g0") else None for n in m.nodes]
    assert [None if t < 0 else f"{t + 1:03d}" for t in arrays.municipality] == towns


def test_it_gives_every_municipality_a_dozen_vital_processes(big: RiskMap) -> None:
    per = Counter(n.extra["gemeente"] for n in big.vital_processes if "gemeente" in n.extra)
    assert len(per) == 120
    assert min(per.values()) >= 12


def test_it_concentrates_each_supplier_market(big: RiskMap) -> None:
    # The node each municipality has per category, and who runs it.
    products = {
        "suite-sociaal-domein": "sociaal domein",
        "brp-applicatie": "burgerzaken",
        "belastingapplicatie": "belastingen",
        "zaaksysteem": "zaaksysteem",
        "dc-rack-a": "hosting",
        "email-samenwerking": "cloud",
        "internet-a": "internet provider",
    }
    for key in products:
        parties = Counter(n.party for n in big.nodes if n.id.endswith(f"-{key}"))
        assert sum(parties.values()) == 120
        assert len(parties) >= 2, key
        assert max(parties.values()) > 0.3 * 120, key


def test_it_ties_power_and_telecom_in_cycles() -> None:
    g = generate_graph(3, seed=2).graph
    _, labels = g.components()
    same = labels[g.index["hoogspanningsnet"]] == labels[g.index["telecom-kern"]]
    assert same
    assert labels[g.index["vr01-stroomnet"]] == labels[g.index["vr01-telefooncentrale"]]


def test_it_sizes_municipalities_like_the_dutch_ones() -> None:
    w = draw_world(342, seed=3, templates=1)
    assert w.regions == 25
    assert 0.7 * MEDIAN_RESIDENTS < np.median(w.population) < 1.3 * MEDIAN_RESIDENTS
    assert w.population.max() > 8 * MEDIAN_RESIDENTS
    assert np.bincount(w.region_of).min() >= 1


def test_it_names_nodes_and_parties_readably() -> None:
    m = generate_map(12, seed=1)
    ids = {n.id for n in m.nodes}
    assert {"g001-uitkeringen", "g012-wmo", "vr01-stroomnet", "digid"} <= ids
    assert {"lev-suite-sd-1", "g001", "vr01", "logius"} <= {p.id for p in m.parties}
    assert m.node("g001-uitkeringen").party == "g001"
    assert m.node("g001-uitkeringen").served is not None


def test_it_gives_some_municipalities_redundancy_and_others_not(big: RiskMap) -> None:
    gateways = [n for n in big.nodes if n.id.endswith("-internetgateway")]
    sizes = Counter(len(n.requires[0].members) for n in gateways)
    assert set(sizes) == {1, 2}
    platforms = [n for n in big.nodes if n.id.endswith("-virtualisatieplatform")]
    groups = Counter((r.need, len(r.members)) for n in platforms for r in n.requires[:1])
    assert set(groups) == {(1, 2), (2, 3)}


def test_it_has_scenarios_whose_failures_take_down_vital_processes() -> None:
    m = generate_map(6, seed=4)
    assert len(m.scenarios) == 5
    assert all(s.likelihood for s in m.scenarios)
    vital = {n.id for n in m.vital_processes}
    for s in m.scenarios:
        result = simulate(m, s.id)
        assert vital & set(result.down), s.id
    typical = generate_graph(6, seed=4).scenario_failures
    assert tuple(typical) == m.scenario("stroomstoring-regio").failures


def test_it_has_about_five_requirement_members_per_node_at_300_municipalities() -> None:
    g = generate_graph(300, seed=1).graph
    assert 19_000 < g.n < 23_000
    assert 4.3 < len(g.members) / g.n < 5.5


def test_it_refuses_zero_municipalities() -> None:
    with pytest.raises(ValueError, match="at least one"):
        generate_graph(0, seed=1)


def test_it_writes_a_generated_map_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "map.yaml"
    runner = CliRunner()
    done = runner.invoke(main, ["generate", "-n", "2", "--seed", "8", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "nodes" in done.output
    assert load_map(out) == generate_map(2, 8)


def test_it_rejects_a_bad_municipality_count_on_the_command_line(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["generate", "-n", "0", "-o", str(tmp_path / "x.yaml")])
    assert done.exit_code == 2
    assert not (tmp_path / "x.yaml").exists()
