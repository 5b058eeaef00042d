"""``weerbaar catalogue soa``: the statement of applicability, filled in and read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from weerbaar.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "voorbeeldcatalogus.md"


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_it_writes_every_control_not_yet_assessed(tmp_path: Path) -> None:
    out = tmp_path / "vvt.csv"
    done = CliRunner().invoke(main, ["catalogue", "soa", str(EXAMPLE), "-o", str(out)])
    assert done.exit_code == 0, done.output
    rows = rows_of(out)
    assert rows[0][:4] == ["nummer", "hoofdstuk", "maatregel", "van toepassing"]
    assert len(rows) == 1 + 17  # every assessable control, none moved
    assert {r[3] for r in rows[1:]} == {"niet beoordeeld"}
    assert "17 controls, 0 assessed" in done.output


def test_it_makes_the_next_statement_from_a_filled_in_one(tmp_path: Path) -> None:
    blank = tmp_path / "leeg.csv"
    CliRunner().invoke(main, ["catalogue", "soa", str(EXAMPLE), "-o", str(blank)])
    rows = rows_of(blank)
    rows[1][3:8] = ["ja", "", "deels", "CISO", "beleid.pdf\nhttps://intranet.example/b"]
    rows[2][3:6] = ["nee", "Geen eigen rekencentrum.", "niet van toepassing"]
    filled = tmp_path / "ingevuld.csv"
    with filled.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    out = tmp_path / "vvt.xlsx"
    args = ["catalogue", "soa", str(EXAMPLE), "--assessments", str(filled), "--year", "2026"]
    done = CliRunner().invoke(main, [*args, "--organisation", "Gemeente X", "-o", str(out)])
    assert done.exit_code == 0, done.output
    book = load_workbook(out)
    sheet = [[c or "" for c in r] for r in book["VvT"].iter_rows(values_only=True)]
    assert sheet[1][3:8] == ["ja", "", "deels", "CISO", "beleid.pdf\nhttps://intranet.example/b"]
    assert sheet[2][3:6] == ["nee", "Geen eigen rekencentrum.", "niet van toepassing"]
    info = dict(book["toelichting"].iter_rows(values_only=True))
    assert (info["verslagjaar"], info["organisatie"]) == (2026, "Gemeente X")
    # The workbook reads back as well as the CSV: a lossless round trip.
    again = tmp_path / "opnieuw.csv"
    args = ["catalogue", "soa", str(EXAMPLE), "--assessments", str(out), "-o", str(again)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert rows_of(again)[1:3] == rows[1:3]


def test_it_locates_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "fout.csv"
    bad.write_text(
        "nummer,van toepassing,reden,status\n"
        "5.90.01,misschien,,deels\n"
        "9.99.99,ja,,deels\n"
        "5.90.02,nee,,niet van toepassing\n"
        "8.91.01,ja,,half\n",
        encoding="utf-8",
    )
    out = tmp_path / "vvt.xlsx"
    args = ["--lang", "nl", "catalogue", "soa", str(EXAMPLE), "--assessments", str(bad)]
    done = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert done.exit_code == 2
    lines = done.output.splitlines()
    assert any(x.startswith(f"{bad}:2: 'van toepassing' moet ja of nee zijn") for x in lines)
    assert any(x.startswith(f"{bad}:3: 9.99.99 is geen maatregel van") for x in lines)
    assert any(x.startswith(f"{bad}:4: een maatregel die niet van toepassing is") for x in lines)
    assert any(x.startswith(f"{bad}:5: status 'half' staat niet op de schaal") for x in lines)
    assert not out.exists()


def test_it_refuses_an_output_it_cannot_write(tmp_path: Path) -> None:
    done = CliRunner().invoke(
        main, ["catalogue", "soa", str(EXAMPLE), "-o", str(tmp_path / "vvt.pdf")]
    )
    assert done.exit_code == 2 and "ending in .xlsx or .csv" in done.output
