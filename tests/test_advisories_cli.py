"""``weerbaar advisories MAP FILE_OR_DIR... [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from advisory_docs import MAP, document
from weerbaar.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_it_ranks_the_example_advisories_on_the_sample() -> None:
    out = CliRunner().invoke(
        main,
        [
            "--lang",
            "en",
            "advisories",
            str(ROOT / "examples/gemeente-voorbeeld.yaml"),
            str(ROOT / "examples/advisories"),
            "--json",
        ],
    )
    assert out.exit_code == 0, out.output
    found = json.loads(out.output)["advisories"]
    assert [a["id"] for a in found][:2] == ["NCSC-2026-0412", "NCSC-2026-0431"]
    statuses = {(n["node"], n["status"]) for a in found for n in a["nodes"]}
    assert ("zaaksysteem", "fixed") in statuses
    assert ("virtualisatieplatform", "not_affected") in statuses
    assert "uitkeringen" in found[0]["vital"]
    investigated = next(a for a in found if a["id"] == "NCSC-2026-0437")
    assert investigated["under_investigation"] == ["brp-applicatie"] and not investigated["vital"]
    assert "burgerzaken-brp" in investigated["possibly_vital"]


def test_it_prints_a_table(tmp_path: Path) -> None:
    (tmp_path / "kaart.yaml").write_text(MAP)
    (tmp_path / "a.json").write_text(json.dumps(document()))
    out = CliRunner().invoke(
        main, ["--lang", "en", "advisories", str(tmp_path / "kaart.yaml"), str(tmp_path / "a.json")]
    )
    assert out.exit_code == 0, out.output
    assert "NCSC-2099-0001" in out.output and "urgent" in out.output
    assert "gateway-2 (fixed)" in out.output


def test_it_exits_2_with_located_errors(tmp_path: Path) -> None:
    (tmp_path / "kaart.yaml").write_text(MAP)
    (tmp_path / "a.json").write_text(json.dumps(document(document__tracking=None)))
    out = CliRunner().invoke(
        main, ["advisories", str(tmp_path / "kaart.yaml"), str(tmp_path / "a.json")]
    )
    assert out.exit_code == 2
    assert f"{tmp_path / 'a.json'}: $.document.tracking: required key is missing" in out.output
    assert "Traceback" not in out.output
