"""Assessing a control with evidence; the audit trail; the statement of applicability."""

from __future__ import annotations

import io
from typing import Any

import pytest
from accountability_data import PDF
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from weerbaar.web.accountability.models import AssessmentRecord, Evidence
from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db


def control_url(
    world: dict[str, Any], account: dict[str, Any], control: str, year: int = 2026
) -> str:
    return reverse(
        "accountability:control",
        kwargs={
            "map_id": world["map_a"].pk,
            "catalogue_id": account["catalogue"].pk,
            "year": year,
            "control_id": control,
        },
    )


def test_it_assesses_a_control_and_keeps_the_change(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(account["ciso"])
    url = control_url(world, account, "5.90.01")
    response = client.post(
        url,
        {
            "applicable": "ja",
            "level": "2",
            "owner": "CISO",
            "last_review": "2026-03-01",
            "next_review": "2027-03-01",
            "nodes": ["suite", "uitkeringen"],
            "links": "https://intranet.example/beleid",
        },
    )
    assert response.status_code == 302
    a = AssessmentRecord.objects.get(control_id="5.90.01")
    assert (a.applicable, a.level, a.nodes, a.links) == (
        True,
        2,
        ["suite", "uitkeringen"],
        ["https://intranet.example/beleid"],
    )
    change = a.changes.get()
    assert change.author == account["ciso"] and change.before is None and change.after["level"] == 2
    client.post(url, {"applicable": "ja", "level": "1", "owner": "CISO"})
    assert a.changes.count() == 2
    page = client.get(url).content.decode()
    assert "Beoordeling gewijzigd" in page


def test_it_asks_a_reason_when_a_control_does_not_apply(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(account["ciso"])
    response = client.post(control_url(world, account, "7.90.01"), {"applicable": "nee"})
    assert response.status_code == 400
    assert "Geef de reden" in response.content.decode()
    assert not AssessmentRecord.objects.filter(control_id="7.90.01").exists()
    bad = client.post(
        control_url(world, account, "7.90.01"), {"applicable": "ja", "links": "geen url"}
    )
    assert bad.status_code == 400 and "is geen webadres" in bad.content.decode()


def test_it_stores_checked_evidence_and_serves_it_only_through_the_gate(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(account["ciso"])
    add = control_url(world, account, "8.91.01") + "bewijs/"
    good = client.post(add, {"file": SimpleUploadedFile("../../offerte.pdf", PDF)}, follow=True)
    assert "offerte.pdf bewaard" in good.content.decode()
    stored = Evidence.objects.get(name="offerte.pdf")
    assert ".." not in stored.file.name and "offerte" not in stored.file.name
    fake = client.post(
        add, {"file": SimpleUploadedFile("echt.pdf", b"MZ\x90\x00 binary")}, follow=True
    )
    assert "past niet bij .pdf" in fake.content.decode()
    exe = client.post(add, {"file": SimpleUploadedFile("tool.exe", b"MZ")}, follow=True)
    assert "wordt niet bewaard" in exe.content.decode()
    assert Evidence.objects.count() == 2  # the fixture's and the good one
    url = reverse(
        "accountability:evidence", kwargs={"map_id": world["map_a"].pk, "evidence_id": stored.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert 'attachment; filename="offerte.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "Bewijsstuk offerte.pdf toegevoegd"
        in client.get(control_url(world, account, "8.91.01")).content.decode()
    )


def test_it_limits_the_size_of_evidence(
    world: dict[str, Any], account: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = 100
    client = login(account["ciso"])
    add = control_url(world, account, "8.91.01") + "bewijs/"
    response = client.post(
        add, {"file": SimpleUploadedFile("groot.pdf", PDF + b"x" * 200)}, follow=True
    )
    assert "hoogstens 100" in response.content.decode()
    assert not Evidence.objects.filter(name="groot.pdf").exists()


def test_it_exports_the_statement_of_applicability(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.BESTUURDER])
    url = reverse(
        "accountability:statement_xlsx",
        kwargs={"map_id": world["map_a"].pk, "catalogue_id": account["catalogue"].pk, "year": 2026},
    )
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["VvT"].iter_rows(values_only=True))
    assert rows[0][0] == "nummer" and len(rows) == 1 + 17
    row = next(r for r in rows if r[0] == "8.91.01")
    assert (row[3], row[5], row[6], row[7]) == ("ja", "deels", "I-adviseur", "contract.pdf")
    assert dict(book["toelichting"].iter_rows(values_only=True))["peildatum"] == "2026-12-31"


def test_a_bestuurder_reads_the_assessment_but_cannot_change_it(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.BESTUURDER])
    url = control_url(world, account, "8.91.01")
    page = client.get(url).content.decode()
    assert "contract.pdf" in page and "Beoordeling bewaren" not in page
    assert client.post(url, {"applicable": "nee", "reason": "x"}).status_code == 403
    assert AssessmentRecord.objects.get(control_id="8.91.01").applicable is True


def test_it_begins_a_new_reporting_year_from_the_last(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(account["ciso"])
    url = reverse(
        "accountability:start_year",
        kwargs={"map_id": world["map_a"].pk, "catalogue_id": account["catalogue"].pk},
    )
    client.post(url, {"jaar": "2027"})
    copy = AssessmentRecord.objects.get(year=2027)
    assert (copy.control_id, copy.level) == ("8.91.01", 1)
    assert [e.name for e in copy.evidence.all()] == ["contract.pdf"]


def test_it_stores_evidence_where_the_setting_says_at_the_time_of_use(
    world: dict[str, Any], account: dict[str, Any], login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.EVIDENCE_DIR = tmp_path / "elders"
    client = login(account["ciso"])
    add = control_url(world, account, "8.91.01") + "bewijs/"
    client.post(add, {"file": SimpleUploadedFile("plan.pdf", PDF)})
    stored = Evidence.objects.get(name="plan.pdf")
    on_disk = tmp_path / "elders" / stored.file.name
    assert on_disk.read_bytes() == PDF


def test_deleting_evidence_removes_its_file_unless_a_copy_still_uses_it(
    world: dict[str, Any],
    account: dict[str, Any],
    login: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(account["ciso"])
    add = control_url(world, account, "8.91.01") + "bewijs/"
    client.post(add, {"file": SimpleUploadedFile("weg.pdf", PDF)})
    client.post(
        reverse(
            "accountability:start_year",
            kwargs={"map_id": world["map_a"].pk, "catalogue_id": account["catalogue"].pk},
        ),
        {"jaar": "2027"},
    )
    old, copy = Evidence.objects.filter(name="weg.pdf").order_by("assessment__year")
    path = settings.EVIDENCE_DIR / old.file.name
    assert copy.file.name == old.file.name and path.exists()

    def delete(e: Evidence) -> None:
        url = reverse(
            "accountability:evidence_delete",
            kwargs={"map_id": world["map_a"].pk, "evidence_id": e.pk},
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 302

    delete(old)
    assert path.exists()  # the 2027 copy still refers to it
    delete(copy)
    assert not path.exists()
    assert not Evidence.objects.filter(name="weg.pdf").exists()
