"""`weerbaar exercise`, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from exercise_map import MAP
from weerbaar.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SAMPLE = EXAMPLES / "gemeente-voorbeeld.yaml"


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "klein.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def test_it_generates_checks_and_shows_an_exercise(map_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "oefening.yaml"
    code, stdout, _ = run(
        "exercise", "generate", map_file, "--scenario", "ransom", "--seed", 5, "-o", out
    )
    assert code == 0 and "injects" in stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["seed"] == 5 and len(data["map"]["sha256"]) == 64
    code, stdout, _ = run("exercise", "check", out, "--map", map_file)
    assert code == 0 and "ok" in stdout
    code, stdout, _ = run("exercise", "show", out, "--role", "communicatie")
    assert code == 0 and "pers" in stdout


def test_the_same_seed_writes_the_same_file(map_file: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    run("exercise", "generate", map_file, "--scenario", "stroom", "--seed", 9, "-o", a)
    run("exercise", "generate", map_file, "--scenario", "stroom", "--seed", 9, "-o", b)
    assert a.read_bytes() == b.read_bytes()


def test_it_exits_2_on_bad_input_and_writes_nothing(map_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.yaml"
    code, _, err = run("exercise", "generate", map_file, "--scenario", "nope", "-o", out)
    assert code == 2 and "unknown scenario 'nope'" in err and not out.exists()
    run("exercise", "generate", map_file, "--scenario", "stroom", "-o", out)
    bad = tmp_path / "bad.yaml"
    bad.write_text(out.read_text(encoding="utf-8").replace("seed: 0", "sede: 0"), encoding="utf-8")
    code, stdout, err = run("exercise", "check", bad)
    assert code == 2
    assert f"{bad}:" in err and "did you mean 'seed'?" in err
    assert "Traceback" not in stdout + err


def test_a_decision_re_times_the_rest(map_file: Path, tmp_path: Path) -> None:
    out, after = tmp_path / "o.yaml", tmp_path / "na.yaml"
    run("exercise", "generate", map_file, "--scenario", "ransom", "-o", out)
    code, stdout, err = run(
        "exercise", "decide", out, "--map", map_file, "--at", "15m", "--by", "it",
        "--text", "Reservesuite in gebruik", "--change", "measure", "--measure", "reserve",
        "-o", after,
    )  # fmt: skip
    assert code == 0, err
    assert "dropped" in stdout
    code, _, err = run(
        "exercise", "decide", out, "--map", map_file, "--at", "15m", "--by", "it",
        "--text", "x", "--change", "restore", "--node", "loket", "-o", after,
    )  # fmt: skip
    assert code == 2 and "because of what it needs" in err


def test_the_sheet_goes_out_and_comes_back(map_file: Path, tmp_path: Path) -> None:
    out, sheet, back = tmp_path / "o.yaml", tmp_path / "d.xlsx", tmp_path / "terug.yaml"
    run("exercise", "generate", map_file, "--scenario", "ransom", "-o", out)
    assert run("exercise", "to-sheet", out, "-o", sheet)[0] == 0
    assert run("exercise", "from-sheet", out, sheet, "-o", back)[0] == 0
    assert back.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_it_prints_a_valid_json_schema() -> None:
    code, stdout, _ = run("exercise", "schema")
    assert code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(stdout))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("oefening-*.yaml")), ids=lambda p: p.name)
def test_the_shipped_exercises_are_valid_against_the_sample(path: Path) -> None:
    code, _, err = run("exercise", "check", path, "--map", SAMPLE)
    assert code == 0, err
