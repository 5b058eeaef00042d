"""A CISO imports a catalogue, assesses a control with evidence, downloads the council report.

Also axe-core on every accountability page, filled with the demo's data.
"""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from weerbaar.web.accountability import demo as accountability_demo
from weerbaar.web.accountability.models import AssessmentRecord, CatalogueRecord

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "voorbeeldcatalogus.md"


@pytest.fixture(autouse=True)
def evidence_dir(settings: Any, tmp_path: Path) -> None:
    settings.EVIDENCE_DIR = tmp_path / "evidence"


def test_it_walks_a_ciso_through_import_assessment_and_statement(
    page: Page, demo: Any, logged_in: Any, problems: Any, tmp_path: Path
) -> None:
    logged_in(page, demo.ciso)
    page.goto(demo.url("accountability:index"))
    page.get_by_label("Bestand").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("17 maatregelen geïmporteerd")).to_be_visible()

    page.get_by_role("link", name="Alle maatregelen en hun beoordeling").click()
    page.get_by_role("link", name="8.91.01", exact=False).click()
    page.get_by_label("Van toepassing").select_option("ja")
    page.get_by_label("Implementatie").select_option(label="deels")
    page.get_by_label("Eigenaar").fill("Team ICT")
    page.get_by_label("Beschermt deze knooppunten").select_option(["internet-kabelnet"])
    page.get_by_role("button", name="Beoordeling bewaren").click()
    expect(page.get_by_text("De beoordeling van 8.91.01 is bewaard.")).to_be_visible()

    evidence = tmp_path / "offerte-tweede-lijn.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% offerte\n")
    page.get_by_label("Bewijsstuk").set_input_files(str(evidence))
    page.get_by_role("button", name="Bewijsstuk toevoegen").click()
    expect(page.get_by_role("link", name="offerte-tweede-lijn.pdf")).to_be_visible()
    expect(page.get_by_text("Bewijsstuk offerte-tweede-lijn.pdf toegevoegd")).to_be_visible()

    page.get_by_role("link", name="verslagjaar", exact=False).first.click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Verklaring van Toepasselijkheid (Excel)").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    row = next(r for r in book["VvT"].iter_rows(values_only=True) if r[0] == "8.91.01")
    assert (row[3], row[5], row[6], row[7]) == (
        "ja",
        "deels",
        "Team ICT",
        "offerte-tweede-lijn.pdf",
    )
    assert AssessmentRecord.objects.get().control_id == "8.91.01"

    page.get_by_role("link", name="Terug naar het overzicht").click()
    page.get_by_role("link", name="Jaarverantwoording aan de raad").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Jaarverantwoording (PDF)").click()
    pdf = tmp_path / "raad.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    words = " ".join(text.decode().split())
    assert "Jaarverantwoording digitale veiligheid" in words and "Collegeverklaring" in words
    assert "8 Technologische beheersmaatregelen" in words
    with page.expect_download() as info:
        page.get_by_role("link", name="Jaarverantwoording (Word, bewerkbaar)").click()
    document = docx.Document(str(info.value.path()))
    assert any(p.text == "Collegeverklaring" for p in document.paragraphs)
    assert not problems.errors and not problems.csp


PAGES = [
    "index", "controls", "control", "plan", "action_add", "report", "budget", "briefings",
    "briefing", "briefing_ciso",
]  # fmt: skip


@pytest.mark.parametrize("key", PAGES)
def test_accountability_pages_have_no_serious_accessibility_violations(
    key: str, page: Page, demo: Any, signed_in: Any, axe: Any, problems: Any
) -> None:
    today = date.today()
    accountability_demo.load(demo.record, demo.ciso, None, today)
    catalogue = CatalogueRecord.objects.get()
    year = {"catalogue_id": catalogue.pk, "year": today.year}
    paths = {
        "index": demo.url("accountability:index"),
        "controls": demo.url("accountability:controls", **year),
        "control": demo.url("accountability:control", **year, control_id="5.90.01"),
        "plan": demo.url("accountability:plan"),
        "action_add": demo.url("accountability:action_add"),
        "report": demo.url("accountability:report"),
        "budget": demo.url("accountability:budget") + "?budget=30000",
        "briefings": demo.url("accountability:briefings"),
        "briefing": demo.url("accountability:briefing", role="burgemeester"),
        # With the single points of failure (the burgemeester's page has none).
        "briefing_ciso": demo.url("accountability:briefing", role="ciso"),
    }
    signed_in(page, demo.ciso)
    response = page.goto(paths[key])
    assert response is not None and response.status == 200
    serious = [str(v) for v in axe(page) if v.blocking]
    assert not serious, f"axe-core on {key}:\n" + "\n".join(serious)
    assert not problems.csp and not problems.errors
