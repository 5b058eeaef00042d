"""Merging municipal maps, and which party's failure hits the most municipalities."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from reference import reference_closure, small_maps
from weerbaar.cli import main
from weerbaar.engine import build_graph, closure
from weerbaar.model import MapError, RiskMap, apply_measure, load_map, parse_map
from weerbaar.scale.generate import generate_map
from weerbaar.scale.parties import closures, party_impact
from weerbaar.scale.regional import merge_maps
from weerbaar.scale.regional_parties import normalise_name

A = """\
weerbaar: 1
name: Gemeente Aa
parties:
  - {id: gemeente, name: Gemeente Aa, kind: gemeente}
  - {id: logius, name: Logius, kind: rijksoverheid}
  - {id: hosting, name: Hosting B.V., kind: leverancier}
  - {id: suite, name: Suite Sociaal Domein BV, kind: leverancier}
nodes:
  - {id: digid, kind: service, party: logius}
  - {id: dc, kind: infrastructure, party: hosting}
  - {id: suite-sd, party: suite, requires: [dc]}
  - {id: werkplekken, party: gemeente}
  - {id: uitkeringen, kind: process, party: gemeente, vital: true,
     requires: [suite-sd, werkplekken]}
  - {id: loket, kind: process, party: gemeente, vital: true,
     requires: [digid, {node: werkplekken, tolerance: 4h}]}
scenarios:
  - {id: ransomware, name: Ransomware bij de hoster, failures: [{node: dc, duration: 3d}]}
  - {id: ddos-digid, name: DDoS op DigiD, failures: [{node: digid, duration: 1d}]}
measures:
  - id: tweede-dc
    cost: 1000
    changes:
      - add_node: {id: dc-2, kind: infrastructure}
      - add_alternative: {node: suite-sd, requirement: dc, alternative: dc-2}
"""

B = """\
weerbaar: 1
name: Gemeente Bee
parties:
  - {id: gemeente, name: Gemeente Bee, kind: gemeente}
  - {id: logius}
  - {id: dc-leverancier, name: hosting bv, kind: leverancier}
  - {id: suite, name: Suite Sociaal Domein B.V., kind: leverancier}
nodes:
  - {id: digid, kind: service, party: logius}
  - {id: dc, kind: infrastructure, party: dc-leverancier}
  - {id: suite-sd, party: suite, requires: [dc]}
  - {id: werkplekken, party: gemeente}
  - {id: wmo, kind: process, party: gemeente, vital: true, requires: [suite-sd, werkplekken]}
  - {id: loket, kind: process, party: gemeente, vital: true, requires: [digid]}
scenarios:
  - {id: ddos-digid, name: DDoS op DigiD, failures: [{node: digid, duration: 1d}]}
"""


@pytest.fixture
def merged() -> RiskMap:
    return merge_maps([parse_map(A, "a.yaml"), parse_map(B, "b.yaml")])


def test_it_normalises_legal_forms_out_of_party_names() -> None:
    assert normalise_name("Hosting B.V.") == normalise_name("hosting bv") == "hosting"
    assert normalise_name("Betaalbank N.V.") == "betaalbank"
    assert normalise_name("Logius") != normalise_name("Logius Beheer")


def test_it_recognises_shared_parties_once(merged: RiskMap) -> None:
    ids = [p.id for p in merged.parties]
    assert ids.count("logius") == 1
    assert ids.count("suite") == 1
    # Same normalised name, different ids: one party, with the first id.
    assert "hosting" in ids
    assert "dc-leverancier" not in ids
    assert merged.node("dc").party == "hosting"


def test_it_keeps_each_municipality_own_party_apart(merged: RiskMap) -> None:
    own = {p.id: p.name for p in merged.parties if p.kind.value == "gemeente"}
    assert own == {"aa-gemeente": "Gemeente Aa", "bee-gemeente": "Gemeente Bee"}
    assert merged.node("bee-werkplekken").party == "bee-gemeente"


def test_it_keeps_a_shared_node_once_and_prefixes_the_rest(merged: RiskMap) -> None:
    ids = [n.id for n in merged.nodes]
    assert ids == [
        "digid",
        "dc",
        "suite-sd",
        "aa-werkplekken",
        "aa-uitkeringen",
        "aa-loket",
        "bee-werkplekken",
        "bee-wmo",
        "bee-loket",
    ]


def test_it_keeps_references_intact(merged: RiskMap) -> None:
    assert merged.node("aa-uitkeringen").requires[1].members == ("aa-werkplekken",)
    assert merged.node("aa-loket").requires[1].tolerance == 4.0
    assert merged.node("bee-loket").requires[0].members == ("digid",)
    assert merged.node("bee-wmo").extra["gemeente"] == "bee"
    assert [s.id for s in merged.scenarios] == ["aa-ransomware", "ddos-digid"]
    assert merged.scenario("aa-ransomware").failures[0].node == "dc"
    after = apply_measure(merged, "aa-tweede-dc")
    assert after.node("suite-sd").requires[0].members == ("dc", "aa-dc-2")


def test_it_shares_a_node_marked_shared_even_without_a_party() -> None:
    a = parse_map("weerbaar: 1\nname: A\nnodes: [{id: ix, shared: true}, {id: p, requires: [ix]}]")
    b = parse_map("weerbaar: 1\nname: B\nnodes: [{id: ix, shared: true}, {id: p, requires: [ix]}]")
    m = merge_maps([a, b])
    assert [n.id for n in m.nodes] == ["ix", "a-p", "b-p"]


def test_it_unites_the_requirements_of_a_shared_node() -> None:
    a = parse_map(
        "weerbaar: 1\nname: A\nparties: [{id: x}]\n"
        "nodes: [{id: s, party: x, requires: [l]}, {id: l}]"
    )
    b = parse_map("weerbaar: 1\nname: B\nparties: [{id: x}]\nnodes: [{id: s, party: x}]")
    m = merge_maps([b, a])
    assert m.node("s").requires[0].members == ("a-l",)


def test_it_locates_a_shared_node_with_two_kinds() -> None:
    b = B.replace("{id: digid, kind: service", "{id: digid, kind: system")
    with pytest.raises(MapError) as exc:
        merge_maps([parse_map(A, "a.yaml"), parse_map(b, "b.yaml")])
    (problem,) = exc.value.problems
    assert (problem.source, problem.line) == ("b.yaml", 9)
    assert "digid" in problem.message and "system" in problem.message


def test_it_locates_an_id_that_a_prefix_would_duplicate() -> None:
    a = parse_map("weerbaar: 1\nname: A\nnodes: [{id: x}]", "a.yaml")
    b = parse_map("weerbaar: 1\nname: B\nnodes: [{id: a-x, shared: true}]", "b.yaml")
    with pytest.raises(MapError) as exc:
        merge_maps([a, b])
    assert [p.source for p in exc.value.problems] == ["b.yaml"]
    assert "a-x" in exc.value.problems[0].message


def test_it_rejects_a_prefix_given_twice() -> None:
    a = parse_map("weerbaar: 1\nnodes: [{id: x}]", "a.yaml")
    with pytest.raises(MapError, match="more than one map"):
        merge_maps([a, a], prefixes=["p", "p"])


def test_it_names_unnamed_maps_after_their_files_and_keeps_prefixes_unique() -> None:
    a = parse_map("weerbaar: 1\nnodes: [{id: x}]", "dir/Noord Oost.yaml")
    m = merge_maps([a, a])
    assert [n.id for n in m.nodes] == ["noord-oost-x", "noord-oost-2-x"]


def test_it_merges_a_generated_map_with_a_municipal_one() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "gemeente-voorbeeld.yaml"
    m = merge_maps([load_map(example), generate_map(2, seed=1)], prefixes=["vb", "gen"])
    towns = {n.extra.get("gemeente") for n in m.vital_processes}
    assert {"vb", "gen-g001", "gen-g002"} <= towns
    assert "digid" in {n.id for n in m.nodes}
    # A party id is only prefixed when two different parties want it.
    assert m.node("gen-g001-uitkeringen").party == "g001"


def test_it_ranks_parties_by_municipalities_then_vital_processes(merged: RiskMap) -> None:
    ranking = party_impact(merged)
    top = [(r.party, len(r.municipalities), len(r.processes), r.nodes) for r in ranking]
    assert top == [
        ("hosting", 2, 2, 4),
        ("logius", 2, 2, 3),
        ("suite", 2, 2, 3),
        ("aa-gemeente", 1, 2, 3),
        ("bee-gemeente", 1, 2, 3),
    ]
    assert ranking[0].processes == ("aa-uitkeringen", "bee-wmo")
    assert ranking[0].municipalities == ("aa", "bee")


def test_it_counts_a_process_without_a_municipality_only_as_a_process() -> None:
    m = parse_map(
        "weerbaar: 1\nparties: [{id: net}, {id: ga, kind: gemeente}, {id: zh}]\nnodes:\n"
        "  - {id: power, party: net}\n"
        "  - {id: zorg, party: zh, vital: true, requires: [power]}\n"
        "  - {id: loket, party: ga, vital: true, requires: [power]}\n"
    )
    (net, *_) = party_impact(m)
    assert (net.party, net.municipalities, net.processes) == ("net", ("ga",), ("loket", "zorg"))


@st.composite
def grouped_maps(draw: st.DrawFn) -> tuple[RiskMap, list[int], int]:
    m = draw(small_maps())
    groups = draw(st.integers(1, 70))
    group = draw(
        st.lists(st.integers(-1, groups - 1), min_size=len(m.nodes), max_size=len(m.nodes))
    )
    return m, group, groups


@given(grouped_maps())
def test_it_computes_every_group_closure_like_the_reference(
    case: tuple[RiskMap, list[int], int],
) -> None:
    m, group, groups = case
    bits = closures(build_graph(m), np.array(group, dtype=np.int64), groups)
    for p in range(groups):
        seeds = [n.id for n, g in zip(m.nodes, group, strict=True) if g == p]
        got = [n.id for v, n in enumerate(m.nodes) if int(bits[v, p // 64]) >> (p % 64) & 1]
        assert got == sorted(reference_closure(m, seeds), key=[n.id for n in m.nodes].index)


def test_it_agrees_with_the_engine_closure_of_each_party_on_a_generated_map() -> None:
    m = generate_map(3, seed=9)
    vital = {n.id for n in m.vital_processes}
    g = build_graph(m)
    for r in party_impact(m):
        down = closure(g, [n.id for n in m.nodes if n.party == r.party])
        assert r.nodes == len(down)
        assert r.processes == tuple(sorted(vital & set(down)))


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_merges_maps_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "regio.yaml"
    a, b = _write(tmp_path, "a.yaml", A), _write(tmp_path, "b.yaml", B)
    done = CliRunner().invoke(main, ["merge", a, b, "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "3 shared" in done.output
    assert [n.id for n in load_map(out).nodes][:3] == ["digid", "dc", "suite-sd"]


@pytest.mark.parametrize(
    ("b_text", "expected"),
    [
        (B.replace("kind: service", "kind: system"), "b.yaml:9: shared node 'digid'"),
        (B.replace("requires: [digid]}", "requires: [nope]}"), "b.yaml:14: unknown node 'nope'"),
    ],
)
def test_it_fails_with_a_located_error_on_bad_input(
    tmp_path: Path, b_text: str, expected: str
) -> None:
    a, b = _write(tmp_path, "a.yaml", A), _write(tmp_path, "b.yaml", b_text)
    done = CliRunner().invoke(main, ["merge", a, b, "-o", str(tmp_path / "out.yaml")])
    assert done.exit_code == 2
    assert expected in done.output.replace(str(tmp_path) + "/", "")
    assert not (tmp_path / "out.yaml").exists()


def test_it_wants_one_prefix_per_map(tmp_path: Path) -> None:
    a, b = _write(tmp_path, "a.yaml", A), _write(tmp_path, "b.yaml", B)
    done = CliRunner().invoke(main, ["merge", a, b, "--prefix", "x", "-o", str(tmp_path / "o")])
    assert done.exit_code == 2
    assert "one per map" in done.output


def test_it_reports_the_parties_from_the_command_line(tmp_path: Path, merged: RiskMap) -> None:
    from weerbaar.model import dump_yaml

    path = _write(tmp_path, "regio.yaml", dump_yaml(merged))
    runner = CliRunner()
    done = runner.invoke(main, ["parties", path, "--json"])
    assert done.exit_code == 0, done.output
    out = json.loads(done.output)["parties"]
    assert [p["party"] for p in out[:2]] == ["hosting", "logius"]
    assert out[0]["municipalities"] == ["aa", "bee"]
    table = runner.invoke(main, ["parties", path, "--top", "1"])
    assert table.exit_code == 0
    assert "hosting" in table.output and "logius" not in table.output


def test_it_fails_the_party_report_on_a_bad_map(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.yaml", "weerbaar: 1\nnodes: [{id: a, requires: [b]}]\n")
    done = CliRunner().invoke(main, ["parties", path])
    assert done.exit_code == 2
    assert "bad.yaml:2" in done.output
