"""The council report as tagged PDF (read back with pdftotext) and as Word; the budget page."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from accountability_data import budget_done
from django.core.management import call_command
from django.urls import reverse

from weerbaar.web.accountability.models import ActionRecord, CouncilStatement
from weerbaar.web.accounts.models import Role
from weerbaar.web.analyses import cache as analyses_cache
from weerbaar.web.analyses.insight import analysis_of
from weerbaar.web.jobs.models import Job, JobKind, JobStatus

pytestmark = pytest.mark.django_db


def engine_reduction(world: dict[str, Any]) -> float:
    """What the second internet line takes away, as the engine computes it for the map."""
    version = world["map_a"].current()
    effect = next(r for r in analysis_of(version).measures if r.id == "tweede-internet")
    return float(effect.reduction)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF back"
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def pdf_info(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "i.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()


def test_it_writes_the_council_report_as_tagged_pdf(
    world: dict[str, Any], account: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    budget_done(world)
    client = login(world["users"][Role.BESTUURDER])
    url = reverse("accountability:report_pdf", kwargs={"map_id": world["map_a"].pk})
    response = client.get(url + "?jaar=2026&budget=20000")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Jaarverantwoording digitale veiligheid 2026" in text
    assert "Gemeente A" in text and "peildatum 2026-12-31" in text
    assert "Collegeverklaring" in text and "Het college van burgemeester en wethouders" in text
    assert "Ransomware bij de hoster" in text  # a top risk of the map
    assert "Uitkeringen: " in text  # its single points of failure
    assert "8 Technologische beheersmaatregelen" in text
    assert "Tweede lijn aanleggen" in text  # the improvement plan
    assert "Neemt risico per jaar weg" in text
    assert "€ 12.000" in text
    assert "Risicogestuurd budget" in text and "Binnen een budget van € 20.000" in text
    info = pdf_info(response.content, tmp_path)
    assert "Tagged:          yes" in info


def test_it_writes_the_council_report_as_an_editable_word_document(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    CouncilStatement.objects.create(riskmap=world["map_a"], year=2026, text="Eigen verklaring.")
    budget_done(world)
    client = login(world["users"][Role.BESTUURDER])
    url = reverse("accountability:report_docx", kwargs={"map_id": world["map_a"].pk})
    response = client.get(url + "?jaar=2026")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Collegeverklaring" in headings and "Verbeterplan" in headings
    assert "Eigen verklaring." in paragraphs
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Tweede lijn aanleggen" in cells and "Ransomware bij de hoster" in cells
    assert "Neemt risico per jaar weg" in cells
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Actie")
    line = next(r for r in plan.rows if r.cells[0].text == "Tweede lijn aanleggen")
    assert line.cells[-1].text == f"{engine_reduction(world):.4f}"  # what it buys
    # The frontier chart as a picture, with its alternative text for a screen reader.
    pictures = document.inline_shapes
    assert len(pictures) == 1
    properties = pictures[0]._inline.docPr
    assert "combinaties op de grens" in properties.get("descr")
    embed = pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert document.part.related_parts[embed].blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_ciso_edits_the_statement_and_the_bestuurder_cannot(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    url = reverse("accountability:statement_text", kwargs={"map_id": world["map_a"].pk})
    bestuurder = login(world["users"][Role.BESTUURDER])
    assert bestuurder.post(url, {"jaar": "2026", "text": "x"}).status_code == 403
    ciso = login(account["ciso"])
    ciso.post(url, {"jaar": "2026", "text": "Het college verklaart ..."})
    assert CouncilStatement.objects.get(year=2026).text == "Het college verklaart ..."
    page = ciso.get(
        reverse("accountability:report", kwargs={"map_id": world["map_a"].pk}) + "?jaar=2026"
    )
    assert "Het college verklaart ..." in page.content.decode()


def test_it_writes_the_statement_of_applicability_as_tagged_pdf(
    world: dict[str, Any], account: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    client = login(world["users"][Role.BESTUURDER])
    url = reverse(
        "accountability:statement_pdf",
        kwargs={"map_id": world["map_a"].pk, "catalogue_id": account["catalogue"].pk, "year": 2026},
    )
    response = client.get(url)
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Verklaring van Toepasselijkheid" in text
    assert "8.91.01" in text and "contract.pdf" in text and "niet beoordeeld" in text
    assert "Tagged:          yes" in pdf_info(response.content, tmp_path)


def test_it_shows_the_frontier_and_the_best_choice_within_the_budget(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.BESTUURDER])
    url = reverse("accountability:budget", kwargs={"map_id": world["map_a"].pk})
    page = client.get(url + "?budget=20000").content.decode()
    assert "De efficiënte grens wordt berekend" in page and 'id="wb-job"' in page
    job = Job.objects.get(kind=JobKind.BUDGET)
    assert client.get(url + "?budget=5000").status_code == 200
    assert Job.objects.filter(kind=JobKind.BUDGET).count() == 1  # one job serves every amount
    call_command("worker", "--once")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress_done == job.progress_total > 0
    analyses_cache.clear()  # read back from the job, not from this process
    page = client.get(url + "?budget=20000").content.decode()
    assert "Beste keuze binnen het budget" in page
    assert "<svg" in page and "Efficiënte grens: risico tegen kosten" in page
    assert "Exact berekend met" in page
    low = client.get(url + "?budget=100").content.decode()
    assert "Maatregelen voor € 0 per jaar" in low
    bad = client.get(url + "?budget=-5")
    assert bad.status_code == 400


def test_the_council_report_does_not_wait_for_the_budget(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.BESTUURDER])
    page = client.get(reverse("accountability:report", kwargs={"map_id": world["map_a"].pk}))
    assert "Het risicogestuurd budget wordt nog berekend" in page.content.decode()
    assert Job.objects.get(kind=JobKind.BUDGET).status == JobStatus.QUEUED


def test_the_plan_shows_the_risk_each_action_takes_away(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    ActionRecord.objects.create(
        riskmap=world["map_a"], title="Draaiboek oefenen", source="exercise"
    )
    client = login(world["users"][Role.BESTUURDER])
    page = client.get(
        reverse("accountability:plan", kwargs={"map_id": world["map_a"].pk})
    ).content.decode()
    assert "Neemt verwacht risico per jaar weg" in page

    def last_cell(title: str) -> str:
        row = page[page.index(title) :].split("</tr>")[0]
        return row.split('wb-num">')[-1].split("</td>")[0]

    assert last_cell("Tweede lijn aanleggen") == f"{engine_reduction(world):.4f}".replace(".", ",")
    assert last_cell("Draaiboek oefenen") == "—"  # no measure of the map: nothing computed


def test_a_long_budget_job_runs_on_worker_processes_with_the_same_answer(
    world: dict[str, Any], monkeypatch: Any
) -> None:
    from weerbaar.web.analyses import budget as budgets
    from weerbaar.web.maps import service

    _version, m = service.current(world["map_a"])
    steps: list[tuple[int, int]] = []
    alone = budgets.compute(m, {}, lambda d, t: None)
    monkeypatch.setattr(budgets, "POOL_ABOVE", 0)
    monkeypatch.setattr(budgets, "PROCESSES", 2)
    pooled = budgets.compute(m, {}, lambda d, t: steps.append((d, t)))
    assert pooled == alone
    assert steps[-1][0] == steps[-1][1] == alone["simulations"]
