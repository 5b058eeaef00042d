"""The council report and the briefings stay readable on a map with many single points of failure.

A generated map of two municipalities (299 nodes, 42 vital processes with 8
to 55 single points of failure each, 184 nodes in all) stands in for the
300-municipality one: its list per process is too long to print whole, so the report gives the
counts, the most critical by the ranking and the most exposed processes cut
short, and says where the full list is. The sample-sized map of the other
tests keeps its whole list (test_accountability_council_report.py).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from weerbaar.accountability.council import (
    CHANGE_LINES,
    LINE_NAMES,
    PROCESS_LINES,
    SHORT_LINES,
    SHORT_NAMES,
    TOP_POINTS,
    single_points,
)
from weerbaar.model import to_data
from weerbaar.scale.generate import generate_map
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.analyses.insight import analysis_of
from weerbaar.web.maps import service
from weerbaar.web.maps.models import ObjectKind

pytestmark = pytest.mark.django_db

#: Pages the council report of the generated map may take (it has no plan or catalogue).
MAX_PAGES = 5


def text_of(pdf: bytes, tmp_path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF back"
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def pages_of(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout
    line = next(x for x in info.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


@pytest.fixture
def region(db: Any) -> dict[str, Any]:
    m = generate_map(2, 1)
    org = Organisation.objects.create(name="Regio", slug="regio")
    user = get_user_model().objects.create_user("ciso-regio")
    Membership.objects.create(user=user, organisation=org, role=Role.CISO)
    record = service.create_map(org, to_data(m), user, "gegenereerd")
    c = analysis_of(record.current()).structural
    exposed = [p for p, nodes in c.single_points.items() if nodes]
    # The map is what the test needs: too many processes to list whole, and
    # the most exposed with more names than a shortened line shows.
    assert len(exposed) > PROCESS_LINES
    counts = sorted((len(c.single_points[p]) for p in exposed), reverse=True)
    assert counts[SHORT_LINES - 1] > SHORT_NAMES
    distinct = {x for nodes in c.single_points.values() for x in nodes}
    return {"m": m, "record": record, "user": user, "exposed": exposed, "distinct": distinct}


def test_it_keeps_a_short_list_whole_and_cuts_a_long_one() -> None:
    def label(x: str) -> str:
        return x.upper()

    short = {f"p{i}": [f"n{j}" for j in range(LINE_NAMES)] for i in range(PROCESS_LINES)}
    order = [f"n{j}" for j in range(LINE_NAMES)] + list(short)
    s = single_points(short, order, label, lambda x: "")
    assert s.complete and len(s.lines) == PROCESS_LINES
    assert all(len(p.nodes) == p.count == LINE_NAMES for p in s.lines)
    many = {f"p{i}": [f"n{j}" for j in range(i % 50 + 1)] for i in range(10_000)}
    order = [f"n{j}" for j in range(50)] + list(many)
    s = single_points(many, order, label, lambda x: "")
    assert not s.complete
    assert (s.processes, s.exposed, s.nodes) == (10_000, 10_000, 50)
    assert len(s.lines) == SHORT_LINES and all(len(p.nodes) == SHORT_NAMES for p in s.lines)
    assert [p.count for p in s.lines] == [50] * SHORT_LINES  # the most exposed first
    assert s.lines[0].more == 50 - SHORT_NAMES
    # The most critical by the ranking given, with the processes each stops alone.
    assert [t.label for t in s.top] == [f"N{j}" for j in range(TOP_POINTS)]
    assert s.top[0].processes == 10_000 and s.top[1].processes == 10_000 - 200


def test_the_council_pdf_of_a_map_with_many_single_points_is_bounded(
    region: dict[str, Any], client: Any, tmp_path: Path
) -> None:
    client.force_login(region["user"])
    url = reverse("accountability:report_pdf", kwargs={"map_id": region["record"].pk})
    response = client.get(url)
    assert response.status_code == 200
    text = text_of(response.content, tmp_path)
    n = len(region["exposed"])
    assert f"{n} van de {n} vitale processen hebben een enkelvoudig faalpunt" in text
    assert f"{len(region['distinct'])} onderdelen zijn een enkelvoudig faalpunt" in text
    assert "De enkelvoudige faalpunten die de meeste vitale processen stilleggen" in text
    assert f"De {SHORT_LINES} vitale processen met de meeste enkelvoudige faalpunten" in text
    assert "De volledige lijst staat in Weerbaar onder Criticaliteit" in text
    # Every listed process is cut short, its other names counted.
    assert text.count(" andere") == SHORT_LINES
    listed = [p.label for p in region["m"].vital_processes if f"{p.label}: " in text]
    assert len(listed) == SHORT_LINES
    assert pages_of(response.content, tmp_path) <= MAX_PAGES


def test_the_council_word_file_of_a_map_with_many_single_points_is_bounded(
    region: dict[str, Any], client: Any
) -> None:
    client.force_login(region["user"])
    url = reverse("accountability:report_docx", kwargs={"map_id": region["record"].pk})
    document = docx.Document(io.BytesIO(client.get(url).content))
    paragraphs = document.paragraphs
    start = next(
        i for i, p in enumerate(paragraphs) if p.text.startswith("Enkelvoudige faalpunten")
    )
    end = next(i for i, p in enumerate(paragraphs) if p.text == "Wat veranderde in het jaar")
    section = paragraphs[start:end]
    bullets = [p.text for p in section if p.style.name == "List Bullet"]
    assert len(bullets) == SHORT_LINES and all(" andere" in b for b in bullets)
    n = len(region["exposed"])
    assert any(p.text.startswith(f"{n} van de {n} vitale processen") for p in section)
    top = next(t for t in document.tables if t.rows[0].cells[0].text == "Onderdeel")
    assert len(top.rows) == 1 + TOP_POINTS


def test_a_briefing_names_the_most_critical_and_where_the_rest_is(
    region: dict[str, Any], client: Any, tmp_path: Path
) -> None:
    client.force_login(region["user"])
    kwargs = {"map_id": region["record"].pk, "role": "ciso"}
    pdf = client.get(reverse("accountability:briefing_pdf", kwargs=kwargs)).content
    text = text_of(pdf, tmp_path)
    assert "De enkelvoudige faalpunten die de meeste vitale processen stilleggen:" in text
    assert "De volledige lijst staat in Weerbaar onder Criticaliteit." in text
    assert not [p.label for p in region["m"].vital_processes if f"{p.label}: " in text]
    assert pages_of(pdf, tmp_path) <= 2
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = " ".join(client.get(reverse("accountability:briefing", kwargs=kwargs)).content.decode()
                    .split())  # fmt: skip
    n = len(region["exposed"])
    assert f"{n} of the {n} vital processes have a single point of failure" in page
    criticality = reverse("insight:criticality", kwargs={"map_id": region["record"].pk})
    assert f'href="{criticality}">All single points of failure per vital process' in page


def test_the_report_lists_the_last_changes_of_the_year_and_counts_them(
    region: dict[str, Any], client: Any, tmp_path: Path
) -> None:
    record = region["record"]
    data = record.current().data
    for i in range(CHANGE_LINES + 4):
        service.save(record, data, author=None, summary=f"wijziging {i:02}", kind=ObjectKind.MAP)
    client.force_login(region["user"])
    year = timezone.localdate().year
    url = reverse("accountability:report_pdf", kwargs={"map_id": record.pk}) + f"?jaar={year}"
    text = text_of(client.get(url).content, tmp_path)
    total = CHANGE_LINES + 5  # and the first version
    said = f"De kaart is in {year} {total} keer gewijzigd; hieronder de laatste {CHANGE_LINES}"
    assert said in text
    assert "wijziging 03" not in text and "wijziging 04" in text and "wijziging 23" in text
