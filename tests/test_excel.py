"""Excel import and export: a lossless round trip, and located problems in hand-filled sheets."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weerbaar.model import MapError, RiskMap, from_data, load_map, parse_map
from weerbaar.model.durations import MAX_HOURS, MIN_HOURS
from weerbaar.model.excel import export_xlsx, import_xlsx
from weerbaar.model.roles import OwnerRole
from weerbaar.model.schema import (
    MAX_PEOPLE,
    MapFile,
    MeasureEntry,
    NodeEntry,
    PartyEntry,
    ScenarioEntry,
)

EXAMPLE = Path(__file__).parents[1] / "examples" / "gemeente-voorbeeld.yaml"

RICH = """\
weerbaar: 1
name: Gemeente Proef
description: "=geen formule: tekst die met een is-teken begint"
horizon: 36h
x-contact: {naam: Jan, telefoon: '0612345678', sinds: 2024-03-01}
x-versie: 3
x-gewicht: 1.5
parties:
  - id: gemeente
    name: Gemeente Proef
    kind: gemeente
    maturity: 3
    description: Eigen organisatie
    x-afdeling: I&A
    owner: ciso
  - id: hosting
    kind: leverancier
nodes:
  - id: stroom
    kind: infrastructure
    name: Stroom stadhuis
    party: hosting
    restart: 30m
    location: {lat: 52.16, lon: 6.41}
  - id: internet-a
    kind: service
    requires: [stroom]
  - id: internet-b
    kind: service
  - {id: dc-1}
  - {id: dc-2}
  - {id: dc-3}
  - id: "112"
    kind: service
    name: "12"
  - id: suite
    party: hosting
    restart: 1.25h
    requires:
      - any: [dc-1, dc-2, dc-3]
        need: 2
        tolerance: 0.5
  - id: zaaksysteem
    restart: tri(0h, 30m, 1.25h)
    requires:
      - node: suite
        tolerance: lognormal(23m, 0.75)
      - any: [internet-a, internet-b]
        tolerance: tri(1h, 1h, 1d)
  - id: uitkeringen
    kind: process
    name: Uitbetalen uitkeringen
    party: gemeente
    restart: 4h
    location: {lat: 52.1601, lon: -6.4102}
    description: |
      Twee regels
      tekst
    vital: true
    mtpd: 3d
    rto: 1d
    rpo: 4h
    bbn: 2
    served: 2400
    x-eigenaar: {naam: Piet, teams: [a, b]}
    x-lat: 12
    owner: proceseigenaar
    impact:
      per_day: {costs: 15000.5}
      steps:
        - after: 2d
          daily_life: 2400
        - after: 5d
          primary_needs: 300
          social_psychological: C
        - after: 5d
    requires:
      - suite
      - node: "112"
        tolerance: 36h
      - any: [internet-a, internet-b]
  - id: archief
    kind: people
    impact: {}
scenarios:
  - id: ransomware
    name: Ransomware bij de leverancier
    theme: ransomware
    likelihood: C
    horizon: 14d
    description: tekst
    x-bron: NCSC
    failures:
      - {node: suite, at: 2h, duration: 14d}
      - {node: stroom}
      - {node: zaaksysteem, at: 1h, duration: "lognormal(2d, 1.5)"}
  - id: stroomstoring
    failures: [{node: stroom, duration: 4h}]
measures:
  - id: tweede-internet
    name: Tweede internet
    cost: 18000
    description: tekst
    x-eigenaar: CIO
    changes:
      - add_node:
          id: internet-c
          kind: service
          name: Internet C
          party: hosting
          restart: 1h
          x-extra: {geneste: sleutel}
          requires: [stroom, {any: [dc-1, dc-2], tolerance: 2h}]
          impact: {per_day: {costs: 10}, steps: [{after: 1d, deaths: 0}]}
      - add_alternative: {node: uitkeringen, requirement: internet-b, alternative: internet-c}
      - add_tolerance: {node: uitkeringen, requirement: suite, tolerance: 2d}
      - restart: {node: suite, restart: 8h}
      - scenario_duration: {scenario: ransomware, node: suite, duration: 3d}
      - scenario_duration: {scenario: stroomstoring, duration: 1h}
      - likelihood: {scenario: ransomware, class: B}
  - id: ander-internet
    cost: 0.30000000000000004
    changes:
      - add_node: {id: internet-c, name: Ander internet C}
      - restart: {node: stroom, restart: 0.1}
"""


def rich() -> RiskMap:
    return parse_map(RICH, "rich.yaml")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "BIA.xlsx"
    export_xlsx(rich(), path, language="en")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(MapError) as info:
        import_xlsx(path)
    return [str(p) for p in info.value.problems]


def edit(path: Path, sheet: str, row: int, column: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row, header.index(column) + 1, value)
    wb.save(path)


def row_of(path: Path, sheet: str, **match: object) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in ws[1]]
    for line, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(values[header.index(k)] == v for k, v in match.items()):
            return line
    raise AssertionError(f"no row {match} in {sheet}")


# -- round trip ---------------------------------------------------------------


def test_it_round_trips_a_map_using_every_feature(book: Path) -> None:
    m = import_xlsx(book)
    assert m == rich()
    assert m.source == str(book)
    assert m.measure("ander-internet").cost == 0.30000000000000004
    assert m.description.startswith("=geen formule")


def test_it_writes_readable_sheets_keyed_like_the_yaml(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    nodes = wb["nodes"]
    header = [c.value for c in nodes[1]]
    assert header[:4] == ["id", "kind", "name", "party"]
    assert nodes["A1"].font.b and nodes.freeze_panes == "A2"
    row = next(r for r in nodes.values if r[0] == "uitkeringen")
    uitkeringen = dict(zip(header, row, strict=True))
    assert uitkeringen["mtpd"] == "3d" and uitkeringen["restart"] == "4h"
    assert uitkeringen["served"] == 2400 and uitkeringen["lat"] == 52.1601
    assert uitkeringen["extra"] == "{x-eigenaar: {naam: Piet, teams: [a, b]}, x-lat: 12}"
    assert uitkeringen["owner"] == "proceseigenaar"
    requirements = list(wb["requirements"].values)
    assert ("suite", "dc-1, dc-2, dc-3", 2, "30m") in requirements
    impact = list(wb["impact"].values)
    assert impact[0][:2] == ("node", "after") and "social_psychological" in impact[0]
    assert [r[1] for r in impact if r[0] == "uitkeringen"] == [None, "2d", "5d", "5d"]
    changes = [r[:3] for r in wb["changes"].values]
    assert ("ander-internet", "add_node", "internet-c") in changes
    assert len(list(wb["measure_nodes"].values)) == 3  # header and both measures' node


def test_it_writes_an_empty_map_as_a_template(tmp_path: Path) -> None:
    m = parse_map("weerbaar: 1\n")
    export_xlsx(m, tmp_path / "leeg.xlsx")
    assert import_xlsx(tmp_path / "leeg.xlsx") == m
    wb = openpyxl.load_workbook(tmp_path / "leeg.xlsx")
    assert [c.value for c in wb["uitval"][1]] == ["scenario", "knooppunt", "begin", "duur"]


@pytest.mark.skipif(not EXAMPLE.exists(), reason="no example map")
def test_it_round_trips_the_example_map(tmp_path: Path) -> None:
    m = load_map(EXAMPLE)
    export_xlsx(m, tmp_path / "voorbeeld.xlsx")
    assert import_xlsx(tmp_path / "voorbeeld.xlsx") == m


# -- random maps ---------------------------------------------------------------

_ids = st.from_regex(r"\A[a-z0-9][a-z0-9_.\-]{0,5}\Z")
# Text a cell can hold: XML has no control characters, and it reads "\r" as "\n".
_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cn"), include_characters="\n\t"), max_size=8
)
# Durations are 0 or between a millisecond and 100 years.
_h = st.just(0.0) | st.floats(min_value=MIN_HOURS, max_value=MAX_HOURS)
_hours = st.one_of(st.sampled_from([0, 0.5, 1.25, 36, "36h", "2d", "30m", "23m", "1w"]), _h)
# Uncertain durations as the file writes them; the bounds keep MIN <= MODE <= MAX.
_spread = st.one_of(
    st.builds(
        lambda xs: f"tri({xs[0]}h, {xs[1]}h, {xs[2]}h)",
        st.lists(_h, min_size=3, max_size=3).map(sorted),
    ),
    st.builds(
        lambda median, sigma: f"lognormal({median!r}h, {sigma!r})",
        st.floats(1e-3, MAX_HOURS),
        st.floats(1e-3, 10),
    ),
    st.sampled_from(["tri(0h, 0h, 0h)", "tri(23m, 1d, 1w)", "lognormal(2d, 0.5)"]),
)
_uncertain = _hours | _spread
# Amounts are 0 or between a cent and 10^12.
_number = st.one_of(st.just(0), st.integers(1, 10**12), st.floats(min_value=0.01, max_value=1e12))
_criteria = st.sampled_from(["costs", "deaths", "daily_life", "social_psychological", "x.1"])
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), _text, st.dates()
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=6,
)


def _extra(model: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    # Any extension key (x-...), as the format allows on these entries.
    keys = st.text(min_size=1, max_size=6).map(lambda k: f"x-{k}")
    if model is MapFile:
        keys = _text.map(lambda k: f"x-{k}")
    return st.dictionaries(keys, _values, max_size=2)


def _optional(draw: st.DrawFn, out: dict[str, Any], key: str, values: Any) -> None:
    if draw(st.booleans()):
        out[key] = draw(values)


@st.composite
def _node(draw: st.DrawFn, node_id: str, others: list[str], parties: list[str]) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, **draw(_extra(NodeEntry))}
    _optional(draw, node, "kind", st.sampled_from(["process", "system", "people"]))
    _optional(draw, node, "name", _text)
    _optional(draw, node, "description", _text)
    if parties:
        _optional(draw, node, "party", st.sampled_from(parties))
    _optional(draw, node, "restart", _uncertain)
    for key in ("mtpd", "rto", "rpo"):
        _optional(draw, node, key, _hours)
    _optional(draw, node, "vital", st.booleans())
    _optional(draw, node, "bbn", st.integers(1, 3))
    _optional(draw, node, "served", st.integers(0, MAX_PEOPLE))
    _optional(draw, node, "owner", st.sampled_from(list(OwnerRole)).map(str))
    lat, lon = st.floats(-90, 90), st.floats(-180, 180)
    _optional(draw, node, "location", st.fixed_dictionaries({"lat": lat, "lon": lon}))
    value = _number | st.sampled_from("ABCDE")
    step = st.fixed_dictionaries({"after": _hours}) | st.builds(
        lambda after, v: {"after": after, **v}, _hours, st.dictionaries(_criteria, value)
    )
    impact = st.fixed_dictionaries(
        {}, optional={"per_day": st.dictionaries(_criteria, _number), "steps": st.lists(step)}
    )
    _optional(draw, node, "impact", impact)
    requires = []
    for _ in range(draw(st.integers(0, 3)) if others else 0):
        members = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
        req: dict[str, Any] = {"any": members, "tolerance": draw(_uncertain)}
        _optional(draw, req, "need", st.integers(1, len(members)))
        requires.append(req)
    node["requires"] = requires
    return node


@st.composite
def maps(draw: st.DrawFn) -> RiskMap:
    data: dict[str, Any] = {"weerbaar": 1, **draw(_extra(MapFile))}
    _optional(draw, data, "name", _text)
    _optional(draw, data, "horizon", st.sampled_from([1, "36h", 0.5, 1e-05]))
    parties = draw(st.lists(_ids, max_size=2, unique=True))
    data["parties"] = [{"id": p, **draw(_extra(PartyEntry))} for p in parties]
    ids = draw(st.lists(_ids, max_size=5, unique=True))
    data["nodes"] = [draw(_node(n, [o for o in ids if o != n], parties)) for n in ids]
    scenario_ids = draw(st.lists(_ids, max_size=2, unique=True)) if ids else []
    failure = st.fixed_dictionaries(
        {"node": st.sampled_from(ids or ["-"])}, optional={"at": _hours, "duration": _uncertain}
    )
    data["scenarios"] = [
        {
            "id": sc,
            "failures": draw(st.lists(failure, min_size=1, max_size=3)),
            **draw(_extra(ScenarioEntry)),
            **draw(st.fixed_dictionaries({}, optional={"likelihood": st.sampled_from("ABCDE")})),
        }
        for sc in scenario_ids
    ]
    changes = [{"add_node": draw(_node("nieuw", ids, parties))}]
    changes += [{"restart": {"node": n, "restart": draw(_hours)}} for n in ids[:1]]
    changes += [
        {"scenario_duration": {"scenario": sc, "duration": draw(_hours)}} for sc in scenario_ids
    ]
    data["measures"] = [
        {"id": "m", "cost": draw(_number), "changes": changes, **draw(_extra(MeasureEntry))}
    ]
    return from_data(data)


# Each example writes and reads a whole workbook (a tenth of a second), so a
# third of the profile's examples keeps the default run fast.
@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(maps())
def test_it_round_trips_random_maps(m: RiskMap) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kaart.xlsx"
        export_xlsx(m, path)
        assert import_xlsx(path) == m


# -- what people type ----------------------------------------------------------


def test_it_reads_a_sheet_filled_in_by_hand(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "map"
    ws.append(["key", "value"])
    ws.append(["weerbaar", 1])
    ws.append(["horizon", 48])
    nodes = wb.create_sheet("nodes")
    nodes.append(["id", "soort", "vital", "mtpd", "served"])
    nodes.append([112, "service", "ja", dt.timedelta(hours=6), 1200.0])
    nodes.append(["meldkamer", None, "nee"])
    nodes.append(["a"])
    requirements = wb.create_sheet("requirements")
    requirements.append(["node", "members", "need"])
    requirements.append(["meldkamer", "112; a", 1])
    wb.save(tmp_path / "hand.xlsx")
    m = import_xlsx(tmp_path / "hand.xlsx")
    assert m.horizon == 48.0
    assert m.node("112").vital and m.node("112").mtpd == 6.0 and m.node("112").served == 1200
    assert m.node("meldkamer").requires[0].members == ("112", "a")


# -- located problems ------------------------------------------------------------


def test_it_locates_text_in_a_number_column(book: Path) -> None:
    line = row_of(book, "nodes", id="uitkeringen")
    edit(book, "nodes", line, "bbn", "twee")
    assert problems(book) == [f"{book}[nodes]:{line}: bbn: expected a number, got text 'twee'"]


def test_it_locates_a_date_in_a_duration_column(book: Path) -> None:
    line = row_of(book, "failures", scenario="stroomstoring")
    edit(book, "failures", line, "duration", dt.datetime(2024, 1, 1, 4))
    [problem] = problems(book)
    assert problem.startswith(f"{book}[failures]:{line}: duration: expected a duration")


def test_it_locates_an_unknown_member_in_the_requirements_sheet(book: Path) -> None:
    line = row_of(book, "requirements", node="uitkeringen", members="internet-a, internet-b")
    edit(book, "requirements", line, "members", "internet-x, internet-b")
    assert problems(book) == [f"{book}[requirements]:{line}: unknown node 'internet-x'"]


def test_it_locates_a_requirement_of_an_unknown_node(book: Path) -> None:
    line = row_of(book, "requirements", node="suite")
    edit(book, "requirements", line, "node", "suiet")
    assert problems(book) == [
        f"{book}[requirements]:{line}: node 'suiet' is not in the nodes sheet"
    ]


@pytest.mark.parametrize(
    ("sheet", "match", "column", "value", "message"),
    [
        ("nodes", {"id": "suite"}, "party", "nobody", "unknown party 'nobody'"),
        ("nodes", {"id": "stroom"}, "mtpd", "drie dagen", "nodes.0.mtpd: 'drie dagen' is not"),
        ("failures", {"duration": "4h"}, "node", "x", "unknown node 'x'"),
        ("impact", {"after": "2d"}, "daily_life", "Z", "daily_life: expected a quantity from 0"),
        ("changes", {"kind": "restart"}, "node", "y", "unknown node 'y'"),
        ("measure_requirements", {"node": "internet-c"}, "members", "stroom, stroom", "twice"),
    ],
)
def test_it_locates_what_the_loader_finds_in_each_sheet(
    book: Path, sheet: str, match: dict[str, str], column: str, value: str, message: str
) -> None:
    line = row_of(book, sheet, **match)
    edit(book, sheet, line, column, value)
    [problem] = problems(book)
    assert problem.startswith(f"{book}[{sheet}]:{line}: ")
    assert message in problem


def test_it_locates_a_scenario_without_failures(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb["failures"]
    line = row_of(book, "failures", scenario="stroomstoring")
    ws.delete_rows(line)
    wb.save(book)
    [problem] = problems(book)
    assert problem.startswith(f"{book}[scenarios]:{row_of(book, 'scenarios', id='stroomstoring')}:")


def test_it_locates_an_add_node_change_without_its_node(book: Path) -> None:
    line = row_of(book, "changes", measure="ander-internet", kind="add_node")
    edit(book, "changes", line, "node", "internet-d")
    node_line = row_of(book, "measure_nodes", measure="ander-internet")
    assert problems(book) == [
        f"{book}[changes]:{line}: an add_node change names only its `node`, the id of a row "
        "for measure 'ander-internet' in the measure_nodes sheet",
        f"{book}[measure_nodes]:{node_line}: no add_node change of measure 'ander-internet' "
        "adds node 'internet-c'",
    ]


def test_it_locates_an_extra_column_that_is_not_a_mapping(book: Path) -> None:
    line = row_of(book, "nodes", id="stroom")
    edit(book, "nodes", line, "extra", "{niet: af")
    [problem] = problems(book)
    assert problem.startswith(f"{book}[nodes]:{line}: extra: not valid YAML")


def test_it_locates_an_unknown_column_and_an_unknown_sheet(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    wb["parties"].cell(1, 10, "afdeling")
    wb.create_sheet("aantekeningen")
    wb.save(book)
    found = problems(book)
    assert found[0].startswith(f"{book}[aantekeningen]: unknown sheet")
    expected = f"{book}[parties]:1: unknown column 'afdeling' (expected: id, naam, "
    assert found[1].startswith(expected)


def test_it_locates_a_missing_sheet(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    del wb["nodes"]
    wb.save(book)
    assert problems(book) == [
        f"{book}[knooppunten]: the workbook has no sheet 'knooppunten' (or 'nodes')"
    ]


def test_it_locates_a_missing_column(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    wb["failures"].delete_cols(1)
    wb.save(book)
    assert problems(book) == [f"{book}[failures]:1: missing column 'scenario' (or 'scenario')"]


@pytest.mark.parametrize("column", ["id", "kind"])
def test_it_names_a_missing_node_column_once(book: Path, column: str) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb["nodes"]
    ws.delete_cols([c.value for c in ws[1]].index(column) + 1)
    wb.save(book)
    dutch = {"id": "id", "kind": "soort"}[column]
    assert problems(book) == [f"{book}[nodes]:1: missing column {dutch!r} (or {column!r})"]


def test_it_round_trips_in_dutch_and_in_english(tmp_path: Path) -> None:
    for language, sheet, column in (("nl", "knooppunten", "soort"), ("en", "nodes", "kind")):
        path = tmp_path / f"{language}.xlsx"
        export_xlsx(rich(), path, language=language)
        wb = openpyxl.load_workbook(path)
        assert sheet in wb.sheetnames and column in [c.value for c in wb[sheet][1]]
        assert import_xlsx(path) == rich()


def test_it_reads_dutch_and_english_names_mixed(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    wb["nodes"].title = "knooppunten"
    wb["knooppunten"].cell(1, 2, "soort")
    wb.save(book)
    assert import_xlsx(book) == rich()


def test_it_refuses_an_unknown_key_in_the_extra_column(book: Path) -> None:
    line = row_of(book, "nodes", id="stroom")
    edit(book, "nodes", line, "extra", "{eigenaar: Jan}")
    [problem] = problems(book)
    assert problem.startswith(f"{book}[nodes]:{line}: unknown key 'eigenaar'")


def test_it_says_a_file_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "BIA.xlsx"
    path.write_text("weerbaar: 1\n")
    assert problems(path) == [f"{path}: not an Excel workbook (.xlsx); save it from Excel as .xlsx"]
    assert problems(tmp_path / "weg.xlsx")[0].startswith(f"{tmp_path / 'weg.xlsx'}: cannot read")


def test_it_locates_an_unknown_kind_of_change(book: Path) -> None:
    line = row_of(book, "changes", kind="likelihood")
    edit(book, "changes", line, "kind", "waarschijnlijkheid")
    [problem] = problems(book)
    assert problem.startswith(f"{book}[changes]:{line}: kind: 'waarschijnlijkheid' is not one of")


def test_it_refuses_to_write_text_a_cell_cannot_hold(tmp_path: Path) -> None:
    m = parse_map('weerbaar: 1\nnodes: [{id: a, name: "bel\\x07"}]\n')
    with pytest.raises(ValueError, match="nodes row 2: a workbook cannot hold control"):
        export_xlsx(m, tmp_path / "BIA.xlsx", language="en")
