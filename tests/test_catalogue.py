"""Catalogues: the BIO2 Markdown, OSCAL and Excel readers, versions and their diff."""

from __future__ import annotations

import io
import json
import os
import time
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from weerbaar.accountability.bio2 import parse_bio2
from weerbaar.accountability.catalogue import CatalogueError, ControlKind, carry_over, diff
from weerbaar.accountability.formats import read_catalogue
from weerbaar.accountability.oscal import parse_oscal
from weerbaar.accountability.xlsx import parse_xlsx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "voorbeeldcatalogus.md"
# The ministry's text is never in the repository; this test reads it when a
# copy lies beside the work tree, or where WEERBAAR_BIO2_FILE says.
REFERENCE = Path(
    os.environ.get("WEERBAAR_BIO2_FILE")
    or ROOT.parent / "shared" / "reference" / "bio2-overheidsmaatregelen.md"
)


def example() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def test_it_reads_the_example_catalogue() -> None:
    cat = parse_bio2(example(), "voorbeeldcatalogus.md")
    assert cat.name == "Voorbeeldcatalogus Weerbaar — geen officiële tekst"
    assert (cat.version, cat.issued) == ("0.1", date(2026, 3, 1))
    kinds = {c.id: c.kind for c in cat.controls}
    assert kinds["5.91.02"] is ControlKind.MOVED
    assert cat.control("5.91.02").moved_to == "5.91.01"
    assert kinds["5.93.01"] is ControlKind.NO_MEASURE
    assert kinds["8.90.01"] is ControlKind.MEASURE
    assert len(cat.assessable) == len(cat.controls) - 1
    assert list(cat.chapters) == ["5", "6", "7", "8"]
    assert "niet onder de Cbw" in cat.notes
    assert cat.control("5.92.01").line == 22
    assert "jaarlijks getoetst" in cat.control("5.92.01").text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "versie 1 van 1 mei 2026\n## 5.1.1\nTekst.\n",
            ":2: heading '5.1.1' is not a measure number",
        ),
        (
            "versie 1 van 1 mei 2026\n## 5.01.01\n\n## 5.01.02\nTekst.\n",
            ":2: measure 5.01.01 has no text",
        ),
        (
            "versie 1 van 1 mei 2026\n## 5.01.01\nA.\n## 5.01.01\nB.\n",
            ":4: control 5.01.01 is given twice (first on line 2)",
        ),
        ("versie 1 van 1 mei 2026\nGeen koppen.\n", "f.md: no measures found"),
        ("## 5.01.01\nTekst.\n", "names no version"),
    ],
)
def test_it_locates_every_problem_in_bio2_markdown(text: str, message: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_bio2(text, "f.md")
    assert message in str(caught.value)


def test_it_reports_all_problems_at_once_and_imports_nothing() -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_bio2("## x\nA.\n## 5.01.01\n\n", "f.md")
    assert len(caught.value.problems) == 3  # bad heading, empty text, no version


def test_it_refuses_text_that_is_not_utf8() -> None:
    with pytest.raises(CatalogueError, match=r"f.md:2: this is not UTF-8"):
        parse_bio2(b"versie 1 van 1 mei 2026\n## 5.01.01 \xff\n", "f.md")


def test_it_warns_about_a_move_to_a_missing_id_but_imports() -> None:
    cat = parse_bio2("versie 1 van 1 mei 2026\n## 5.01.01\nVerplaatst naar 5.09.09.\n", "f.md")
    assert [str(w) for w in cat.warnings] == [
        "f.md:2: 5.01.01 moved to 5.09.09, which is not in the file"
    ]


def test_it_takes_version_and_date_from_the_caller() -> None:
    cat = parse_bio2("## 5.01.01\nA.\n", "f.md", version="2.0", issued=date(2027, 1, 1))
    assert (cat.version, cat.issued, cat.name) == ("2.0", date(2027, 1, 1), "Catalogus")


def newer() -> str:
    text = example().replace("versie 0.1 van 1 maart 2026", "versie 0.2 van 1 maart 2027")
    text = text.replace(
        "## 8.94.01\nKwetsbaarheden",
        "## 8.94.01\nVerplaatst naar 8.95.01.\n\n## 8.95.01\nKwetsbaarheden",
    )
    text = text.replace("eens per twee jaar", "jaarlijks")  # 5.90.01 reworded
    text = text.replace("## 7.90.01\nServerruimtes zijn", "## 7.90.09\nServerruimtes zijn")
    text = text.replace("## 6.91.01\n", "## 6.91.01\nNieuw: ")  # reworded too
    return text + "\n## 8.96.01\nLogbestanden worden centraal bewaard.\n"


def test_it_shows_what_a_newer_version_changed_and_carries_assessments_over() -> None:
    old = parse_bio2(example(), "v1.md")
    new = parse_bio2(newer(), "v2.md")
    changes = diff(old, new)
    assert changes.added == ("8.96.01",)
    assert changes.removed == ()
    assert set(changes.moved) == {("8.94.01", "8.95.01"), ("7.90.01", "7.90.09")}
    assert changes.reworded == ("5.90.01", "6.91.01")
    kept = carry_over(old, new)
    assert kept["8.94.01"] == "8.95.01" and kept["7.90.01"] == "7.90.09"
    assert kept["5.90.01"] == "5.90.01"
    assert diff(old, old).unchanged


def test_it_does_not_count_reflowed_text_as_reworded() -> None:
    old = parse_bio2("versie 1 van 1 mei 2026\n## 5.01.01\nEen  regel<br>tekst.\n", "a.md")
    new = parse_bio2("versie 2 van 1 mei 2027\n## 5.01.01\nEen regel\ntekst.\n", "b.md")
    assert diff(old, new).unchanged


OSCAL = {
    "catalog": {
        "uuid": "0b7f",
        "metadata": {"title": "Eigen normen", "version": "3", "published": "2026-05-01"},
        "groups": [
            {
                "id": "bestuur",
                "title": "Bestuur",
                "controls": [
                    {
                        "id": "b-1",
                        "title": "Beleid",
                        "parts": [
                            {"name": "statement", "prose": "Er is beleid.",
                             "parts": [{"name": "item", "prose": "Jaarlijks herzien."}]},
                            {"name": "guidance", "prose": "Niet in de tekst."},
                        ],
                        "controls": [{"id": "b-1.1", "title": "Uitbreiding",
                                      "parts": [{"name": "statement", "prose": "Meer."}]}],
                    },
                    {
                        "id": "b-2",
                        "title": "Oud",
                        "props": [{"name": "status", "value": "withdrawn"}],
                        "links": [{"rel": "moved-to", "href": "#b-1"}],
                    },
                ],
            }
        ],
    }
}  # fmt: skip


def test_it_reads_an_oscal_catalog() -> None:
    cat = parse_oscal(json.dumps(OSCAL), "eigen.json")
    assert (cat.name, cat.version, cat.issued) == ("Eigen normen", "3", date(2026, 5, 1))
    assert [(c.id, c.chapter, c.kind.value) for c in cat.controls] == [
        ("b-1", "bestuur", "measure"),
        ("b-1.1", "bestuur", "measure"),
        ("b-2", "bestuur", "moved"),
    ]
    assert cat.control("b-1").text == "Er is beleid.\nJaarlijks herzien."
    assert cat.chapter_name("bestuur") == "Bestuur"


def test_it_locates_problems_in_an_oscal_catalog() -> None:
    broken = json.loads(json.dumps(OSCAL))
    del broken["catalog"]["metadata"]["version"]
    broken["catalog"]["groups"][0]["controls"][0]["controls"][0].pop("id")
    with pytest.raises(CatalogueError) as caught:
        parse_oscal(json.dumps(broken), "e.json")
    text = str(caught.value)
    assert "e.json: catalog.groups[0].controls[0].controls[0]: control has no id" in text
    assert "e.json: catalog.metadata.version: is missing" in text
    with pytest.raises(CatalogueError, match=r"e.json:3: not JSON"):
        parse_oscal('{\n"catalog":\n}', "e.json")


def workbook(rows: list[list[object]], meta: list[list[object]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if meta is not None:
        info = book.create_sheet("catalogus")
        for row in meta:
            info.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_reads_a_municipalitys_own_list_from_excel() -> None:
    data = workbook(
        [["ID", "Titel", "Tekst", "Hoofdstuk"], ["G-1", "Beleid", "Er is beleid.", "Bestuur"],
         [None, None, None, None], ["G-2", "", "Back-ups.", "Techniek"]],
        [["naam", "Normen Voorbeeld"], ["versie", 4], ["datum", "2026-02-01"]],
    )  # fmt: skip
    cat = parse_xlsx(data, "eigen.xlsx")
    assert (cat.name, cat.version, cat.issued) == ("Normen Voorbeeld", "4", date(2026, 2, 1))
    assert [(c.id, c.chapter, c.line) for c in cat.controls] == [
        ("G-1", "Bestuur", 2),
        ("G-2", "Techniek", 4),
    ]


def test_it_locates_problems_in_excel() -> None:
    data = workbook([["id", "tekst", "kleur"], ["G-1", ""], [None, "Tekst zonder id"]])
    with pytest.raises(CatalogueError) as caught:
        parse_xlsx(data, "e.xlsx")
    text = str(caught.value)
    assert "e.xlsx:1: unknown column 'kleur'" in text
    assert "e.xlsx:2: control G-1 has no text" in text
    assert "e.xlsx:3: the row has no id" in text
    assert "no version" in text
    with pytest.raises(CatalogueError, match="not an Excel workbook"):
        parse_xlsx(b"not a zip", "e.xlsx")


def test_it_picks_the_reader_by_file_name() -> None:
    assert read_catalogue(example().encode(), "a.md").version == "0.1"
    assert read_catalogue(json.dumps(OSCAL).encode(), "a.json", version="9").version == "9"
    with pytest.raises(CatalogueError, match="unknown kind of file"):
        read_catalogue(b"", "a.pdf")


@pytest.mark.skipif(not REFERENCE.exists(), reason="no copy of the published BIO2")
def test_it_reads_the_published_bio2_when_a_copy_is_at_hand() -> None:
    path = REFERENCE
    started = time.perf_counter()
    cat = read_catalogue(path.read_bytes(), path.name)
    assert time.perf_counter() - started < 2.0
    assert cat.name == "BIO2 overheidsmaatregelen" and cat.version
    assert len(cat.controls) > 100
    assert {c.chapter for c in cat.controls} == {"5", "6", "7", "8"}
    assert any(c.kind is ControlKind.NO_MEASURE for c in cat.controls)
    moved = [c for c in cat.controls if c.kind is ControlKind.MOVED]
    assert moved and all(c.moved_to for c in moved)
    assert "Cbw" in cat.notes


def test_it_imports_on_the_command_line_and_shows_the_changes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from weerbaar.cli import main

    new = tmp_path / "v2.md"
    new.write_text(newer(), encoding="utf-8")
    done = CliRunner().invoke(main, ["catalogue", "import", str(new), "--previous", str(EXAMPLE)])
    assert done.exit_code == 0, done.output
    assert "version 0.2 of 2027-03-01" in done.output
    assert "added (1): 8.96.01" in done.output
    assert "8.94.01 → 8.95.01" in done.output
    assert "Assessments carried over: 17 of 17." in done.output
    as_json = CliRunner().invoke(main, ["catalogue", "import", str(EXAMPLE), "--json"])
    doc = json.loads(as_json.output)
    assert doc["version"] == "0.1" and len(doc["controls"]) == 18


def test_it_fails_on_the_command_line_with_located_errors(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from weerbaar.cli import main

    bad = tmp_path / "bad.md"
    bad.write_text("versie 1 van 1 mei 2026\n## 5.01.01\n\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["catalogue", "import", str(bad)])
    assert done.exit_code == 2
    assert f"{bad}:2: measure 5.01.01 has no text" in done.output
    missing = CliRunner().invoke(main, ["catalogue", "import", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2 and "No such file" in missing.output
