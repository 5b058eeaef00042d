"""The `weerbaar` command line, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from weerbaar.cli import main

MAP = """\
weerbaar: 1
name: Gemeente Klein
horizon: 5d
parties:
  - {id: gemeente, name: Gemeente Klein, kind: gemeente}
  - {id: isp, name: Internet BV, kind: telecomaanbieder, maturity: 2}
nodes:
  - {id: power, kind: infrastructure, name: Stroom}
  - {id: internet, kind: service, party: isp, requires: [{node: power, tolerance: 2h}]}
  - id: app
    kind: system
    restart: 4h
    requires: [internet]
  - id: uitkeringen
    kind: process
    name: Uitkeringen
    vital: true
    mtpd: 1d
    impact:
      per_day: {costs: 100000}
      steps:
        - {after: 12h, daily_life: 500}
    requires: [app]
scenarios:
  - id: stroom
    name: Stroomstoring
    likelihood: C
    failures: [{node: power, duration: 1d}]
measures:
  - id: accu
    name: Accu voor de internetverbinding
    cost: 5000
    changes:
      - add_tolerance: {node: internet, requirement: power, tolerance: 2d}
"""


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "klein.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_it_checks_a_good_map(map_file: Path) -> None:
    code, out, _ = run("check", map_file)
    assert code == 0
    assert "4 nodes (1 vital process), 2 parties, 1 scenario, 1 measure" in out


def test_it_exits_2_with_a_located_error(map_file: Path) -> None:
    map_file.write_text(MAP.replace("requires: [app]", "requires: [ap]"), encoding="utf-8")
    code, out, err = run("check", map_file)
    assert code == 2
    assert err.strip() == f"{map_file}:23: unknown node 'ap'"
    assert "Traceback" not in out + err


def test_it_exits_2_on_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    for command in ("check", "criticality", "riskmap"):
        extra = ["-o", str(tmp_path / "r.html")] if command == "riskmap" else []
        code, _, err = run(command, path, *extra)
        assert code == 2
        assert err.startswith(f"{path}:1: not a text file")


def test_it_exits_2_on_an_unknown_scenario(map_file: Path) -> None:
    code, _, err = run("simulate", map_file, "--scenario", "meteoriet")
    assert code == 2
    assert "unknown scenario 'meteoriet' (known: stroom)" in err


def test_it_prints_the_json_contract(map_file: Path) -> None:
    code, out, _ = run("simulate", map_file, "--scenario", "stroom", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == "stroom"
    assert data["horizon"] == 120
    assert data["down"] == {
        "power": [[0, 24]],
        "internet": [[2, 24]],
        "app": [[2, 28]],
        "uitkeringen": [[2, 28]],
    }
    assert data["deadlock"] == []
    assert data["mtpd_breaches"][0]["node"] == "uitkeringen"
    assert data["impact"]["criteria"]["daily_life"]["quantity"] == 500


def test_it_prints_a_readable_timeline(map_file: Path) -> None:
    code, out, _ = run("simulate", map_file, "--scenario", "stroom")
    assert code == 0
    assert "Stroomstoring" in out
    assert "T+2h" in out and "T+1d 4h" in out
    assert "MTPD breached" in out


def test_it_overrides_the_horizon(map_file: Path) -> None:
    code, out, _ = run("simulate", map_file, "--scenario", "stroom", "--horizon", "3h", "--json")
    assert code == 0
    assert json.loads(out)["down"]["app"] == [[2, None]]
    code, _, err = run("simulate", map_file, "--scenario", "stroom", "--horizon", "soon")
    assert code == 2
    assert "not a duration" in err


def test_it_prints_structural_criticality(map_file: Path) -> None:
    code, out, _ = run("criticality", map_file, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["fails"] == {
        "power": ["app", "internet", "uitkeringen"],
        "internet": ["app", "uitkeringen"],
        "app": ["uitkeringen"],
        "uitkeringen": [],
    }
    assert data["single_points"] == {"uitkeringen": ["app", "internet", "power"]}
    code, out, _ = run("criticality", map_file)
    assert code == 0
    assert "Single points of failure" in out


def test_it_counts_instead_of_listing_on_a_large_map(monkeypatch: pytest.MonkeyPatch) -> None:
    # The example map stands in for a large one: both paths must agree.
    example = Path(__file__).parents[1] / "examples" / "gemeente-voorbeeld.yaml"
    code, out, _ = run("criticality", example, "--json")
    full = json.loads(out)
    monkeypatch.setattr("weerbaar.commands.criticality.LARGE_MAP", 10)
    code, out, _ = run("criticality", example, "--json")
    assert code == 0
    counted = json.loads(out)
    assert "fails" not in counted
    assert counted["ranking"] == full["ranking"]
    assert counted["single_points"] == full["single_points"]
    code, out, _ = run("criticality", example, "--top", "3")
    assert code == 0 and "Single points of failure" in out


def test_it_prints_time_aware_criticality(map_file: Path) -> None:
    code, out, _ = run("criticality", map_file, "--duration", "1h", "--json")
    assert code == 0
    data = json.loads(out)
    # One hour without power is covered by the two-hour tolerance.
    assert data["fails"]["power"] == []
    assert data["fails"]["internet"] == ["app", "uitkeringen"]
    assert data["duration"] == 1


def test_it_compares_a_measure(map_file: Path) -> None:
    code, out, _ = run("compare", map_file, "--measure", "accu", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["reduction"] > 0
    code, out, _ = run("compare", map_file, "--measure", "accu")
    assert code == 0
    assert "Accu voor de internetverbinding" in out
    code, _, err = run("compare", map_file, "--measure", "nope")
    assert code == 2 and "unknown measure 'nope'" in err


def test_it_writes_the_report(map_file: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "sub" / "report.html"
    code, _, _ = run("riskmap", map_file, "-o", out_file)
    assert code == 0
    html = out_file.read_text(encoding="utf-8")
    assert "Stroomstoring" in html
    assert "http://" not in html and "https://" not in html


def test_it_prints_a_schema_that_validates_the_example(map_file: Path) -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(MAP), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"weerbaar": 1, "nodes": [{"id": "a", "kind": "x"}]}, schema)


def test_it_round_trips_through_excel(map_file: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "bia.xlsx"
    back = tmp_path / "back.yaml"
    assert run("export-xlsx", map_file, "-o", xlsx)[0] == 0
    assert run("import-xlsx", xlsx, "-o", back)[0] == 0
    code, out, _ = run("criticality", back, "--json")
    assert code == 0 and json.loads(out)["fails"]["power"] == ["app", "internet", "uitkeringen"]


def test_it_exits_2_on_a_bad_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    code, _, err = run("import-xlsx", bad, "-o", tmp_path / "x.yaml")
    assert code == 2
    assert str(bad) in err
    assert not (tmp_path / "x.yaml").exists()


def test_it_prints_the_profile() -> None:
    code, out, _ = run("profile")
    assert code == 0
    assert "daily" in out.lower() or "dagelijks" in out.lower()
