"""`weerbaar forecast MAP --down NODE@TIME[=RESTORE] ...`, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from weerbaar.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gemeente-voorbeeld.yaml"
NOW = "2026-12-05T13:00+01:00"


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def forecast(*downs: str, samples: int = 0) -> dict:
    args = ["forecast", SAMPLE, "--now", NOW, "--samples", samples, "--seed", 1, "--json"]
    for d in downs:
        args += ["--down", d]
    code, stdout, stderr = run(*args)
    assert code == 0, stderr
    return json.loads(stdout)


def test_it_forecasts_the_vital_processes_from_the_failed_nodes() -> None:
    out = forecast("suite-sociaal-domein@2026-12-05T08:00+01:00=3d")
    jeugdzorg = next(p for p in out["processes"] if p["node"] == "jeugdzorg")
    # Jeugdzorg copes 12 hours without the suite, restarts in 4 hours, has an MTPD of 2 days.
    assert jeugdzorg["down"] == "2026-12-05T20:00:00+01:00"
    assert jeugdzorg["up"] == "2026-12-08T12:00:00+01:00"
    assert jeugdzorg["mtpd_breach"] == "2026-12-07T20:00:00+01:00"
    assert out["restore_order"] == [{"node": "suite-sociaal-domein", "prevents": ["jeugdzorg"]}]
    fallback = out["helps"][0]
    assert (fallback["kind"], fallback["id"], fallback["runs_out"]) == (
        "fallback",
        "jeugdzorg",
        "2026-12-05T20:00:00+01:00",
    )
    assert out["samples"] == 0 and jeugdzorg["p_mtpd_breach"] is None


def test_it_changes_the_forecast_when_a_node_is_back() -> None:
    before = forecast("suite-sociaal-domein@2026-12-05T08:00+01:00=3d")
    after = forecast("suite-sociaal-domein@2026-12-05T08:00+01:00=2026-12-05T12:00+01:00")
    assert any(p["mtpd_breach"] for p in before["processes"])
    assert not any(p["mtpd_breach"] for p in after["processes"])
    assert after["restore_order"] == []


def test_it_gives_probabilities_over_an_uncertain_restore() -> None:
    out = forecast("suite-sociaal-domein@-5h=tri(1d, 3d, 1w)", samples=500)
    jeugdzorg = next(p for p in out["processes"] if p["node"] == "jeugdzorg")
    assert out["samples"] == 500
    assert 0.5 < jeugdzorg["p_mtpd_breach"] < 1


def test_it_prints_a_table_and_the_restore_order() -> None:
    code, stdout, _ = run(
        "forecast", SAMPLE, "--now", NOW, "--samples", 100, "--down", "suite-sociaal-domein@-5h=3d"
    )
    assert code == 0
    assert "Jeugdhulp en veiligheid jeugdigen" in stdout and "1. " in stdout


@pytest.mark.parametrize(
    ("down", "message"),
    [
        ("suite-sociaal-domein", "--down #1 (suite-sociaal-domein): expected NODE@TIME"),
        ("suite-sociaal-domein@gisteren", "--down #1 (suite-sociaal-domein@gisteren): TIME:"),
        ("suite-sociaal-domein@-5h=tri(3d, 1d, 1w)", "RESTORE: tri(3d, 1d, 1w)"),
        ("geen-knooppunt@-5h", "gemeente-voorbeeld.yaml: geen-knooppunt: no such node"),
        ("suite-sociaal-domein@2099-01-01T00:00", "went down after now"),
    ],
)
def test_it_exits_2_with_a_located_message_on_bad_input(down: str, message: str) -> None:
    code, stdout, stderr = run("forecast", SAMPLE, "--now", NOW, "--down", down)
    assert code == 2 and stdout == ""
    assert message in stderr and "Traceback" not in stderr


def test_it_refuses_a_bad_now() -> None:
    code, _, stderr = run("forecast", SAMPLE, "--now", "morgen", "--down", "zaaksysteem@-1h")
    assert code == 2 and "--now" in stderr
