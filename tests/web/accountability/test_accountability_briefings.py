"""Role briefings: a page and a tagged PDF per role, from live data, in Dutch and English."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from accountability_data import budget_done
from django.urls import reverse

from weerbaar.accountability.briefing import BriefingRole
from weerbaar.web.accountability.models import ActionRecord
from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db


def page_url(world: dict[str, Any], role: str, name: str = "briefing") -> str:
    return reverse(f"accountability:{name}", kwargs={"map_id": world["map_a"].pk, "role": role})


def words(html: str) -> str:
    return " ".join(html.split())


def test_every_role_has_a_page_from_live_data(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    budget_done(world)
    client = login(world["users"][Role.BESTUURDER])
    index = client.get(reverse("accountability:briefings", kwargs={"map_id": world["map_a"].pk}))
    assert index.status_code == 200
    for role in BriefingRole:
        assert page_url(world, role.value) in index.content.decode()
        page = words(client.get(page_url(world, role.value)).content.decode())
        assert "Briefing voor de" in page, role
        assert "Ransomware bij de hoster" in page, role  # the top risk of the map
    mayor = words(client.get(page_url(world, "burgemeester")).content.decode())
    # Ransomware breaches the MTPD of uitkeringen: GRIP 3, the mayor's policy team.
    assert "na 24 uur: opschalen naar GRIP 3 (GBT) — u zit het team voor en besluit" in mayor
    ciso = words(client.get(page_url(world, "ciso")).content.decode())
    assert "Stroomstoring, meteen: opschalen naar GRIP 1 (CoPI) — u adviseert wie besluit" in ciso
    assert "Tweede lijn aanleggen" in ciso  # open action without a date: due
    assert "Enkelvoudige faalpunten van vitale processen" in ciso
    council = words(client.get(page_url(world, "raad")).content.decode())
    assert "Stand van de BIO" in council and "Binnen € " in council  # the budget, from the job
    assert "Besluiten die bij u komen te liggen" not in council


def test_what_is_due_puts_the_roles_own_actions_first(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    ActionRecord.objects.filter(pk=account["action"].pk).update(owner="Team ICT")
    ActionRecord.objects.create(
        riskmap=world["map_a"],
        title="Crisisplan bijwerken",
        source="exercise",
        owner="Adviseur OOV",
    )
    client = login(world["users"][Role.CISO])
    oov = words(client.get(page_url(world, "adviseur-oov")).content.decode())
    assert oov.index("Crisisplan bijwerken") < oov.index("Tweede lijn aanleggen")
    ciso = words(client.get(page_url(world, "ciso")).content.decode())
    assert ciso.index("Tweede lijn aanleggen") < ciso.index("Crisisplan bijwerken")


def test_it_writes_a_briefing_as_tagged_pdf(
    world: dict[str, Any], account: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF back"
    client = login(world["users"][Role.BESTUURDER])
    response = client.get(page_url(world, "burgemeester", "briefing_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "b.pdf"
    path.write_bytes(response.content)
    text = words(subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout.decode())
    assert "Briefing voor de Burgemeester" in text and "Gemeente A" in text
    assert "Ransomware bij de hoster" in text and "GRIP 3" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True).stdout.decode()
    assert "Tagged:          yes" in info


def test_a_briefing_reads_in_english_too(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.BESTUURDER])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = words(client.get(page_url(world, "burgemeester")).content.decode())
    assert "Briefing for the Mayor" in page
    assert "after 24 hours: scale up to GRIP 3 (GBT) — you chair the team and decide" in page
    assert "Briefing voor de" not in page


def test_an_unknown_role_is_not_found(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.BESTUURDER])
    assert client.get(page_url(world, "koning")).status_code == 404
    assert client.get(page_url(world, "koning", "briefing_pdf")).status_code == 404


def test_it_keeps_a_briefing_to_one_printed_page(
    world: dict[str, Any], account: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    # Twelve open actions without a date are all due; a page lists five and counts the rest.
    for i in range(12):
        ActionRecord.objects.create(
            riskmap=world["map_a"], title=f"Actie nummer {i:02d}", source="exercise", owner="ICT"
        )
    client = login(world["users"][Role.CISO])
    page = words(client.get(page_url(world, "ciso")).content.decode())
    assert page.count("Actie nummer") == 5
    assert "En nog 8 acties die binnenkort af moeten: zie het verbeterplan." in page
    for role in ("burgemeester", "ciso"):
        path = tmp_path / f"{role}.pdf"
        path.write_bytes(client.get(page_url(world, role, "briefing_pdf")).content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True).stdout.decode()
        assert "Pages:           1" in info, role
