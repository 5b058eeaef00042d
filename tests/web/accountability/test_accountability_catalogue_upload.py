"""Importing a catalogue in the web app: whole, located errors, a newer version."""

from __future__ import annotations

from typing import Any

import pytest
from accountability_data import example_text
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weerbaar.web.accountability.models import AssessmentRecord, CatalogueRecord, ControlRecord
from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db


def upload(
    client: Any, world: dict[str, Any], text: str, name: str = "bio.md", **extra: str
) -> Any:
    url = reverse("accountability:import", kwargs={"map_id": world["map_a"].pk})
    data = {
        "file": SimpleUploadedFile(name, text.encode()),
        "scale": "niet-deels-volledig",
        **extra,
    }
    return client.post(url, data, follow=True)


def test_it_imports_a_catalogue_and_shows_its_coverage(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    response = upload(client, world, example_text())
    assert response.status_code == 200
    record = CatalogueRecord.objects.get()
    assert (record.name, record.version, record.organisation) == (
        "Voorbeeldcatalogus Weerbaar — geen officiële tekst",
        "0.1",
        world["org_a"],
    )
    assert record.controls.count() == 18
    page = response.content.decode()
    assert "17 maatregelen geïmporteerd" in page
    assert "Dekking per hoofdstuk" in page and "Technologische beheersmaatregelen" in page


def test_it_imports_nothing_from_a_broken_file_and_says_where(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    broken = example_text().replace("## 6.90.01\n", "## 6.9.1\n")
    response = upload(client, world, broken)
    assert response.status_code == 400
    assert "bio.md:35" in response.content.decode()
    assert "is geen maatregelnummer x.yy.zz" in response.content.decode()
    assert not CatalogueRecord.objects.exists() and not ControlRecord.objects.exists()
    client.cookies["django_language"] = "en"
    english = upload(client, world, broken)
    assert "is not a measure number x.yy.zz" in english.content.decode()


def test_it_refuses_the_same_version_twice(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    upload(client, world, example_text())
    response = upload(client, world, example_text())
    assert response.status_code == 400
    assert "is al geïmporteerd" in response.content.decode()
    assert CatalogueRecord.objects.count() == 1


def test_a_newer_version_shows_the_changes_and_carries_assessments_over(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    upload(client, world, example_text())
    old = CatalogueRecord.objects.get()
    AssessmentRecord.objects.create(
        riskmap=world["map_a"],
        catalogue=old,
        year=2026,
        control_id="8.94.01",
        applicable=True,
        level=2,
    )
    newer = example_text().replace("versie 0.1 van 1 maart 2026", "versie 0.2 van 1 maart 2027")
    newer = newer.replace(
        "## 8.94.01\nKwetsbaarheden",
        "## 8.94.01\nVerplaatst naar 8.95.01.\n\n## 8.95.01\nKwetsbaarheden",
    )
    response = upload(client, world, newer)
    page = response.content.decode()
    assert "1 verplaatst" in page and "1 beoordelingen overgenomen" in page
    new = CatalogueRecord.objects.get(version="0.2")
    carried = AssessmentRecord.objects.get(catalogue=new)
    assert (carried.control_id, carried.level, carried.year) == ("8.95.01", 2, 2026)
    assert carried.changes.get().summary.startswith("Overgenomen uit")


def test_a_bestuurder_may_not_import(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.BESTUURDER])
    response = upload(client, world, example_text())
    assert response.status_code == 403
    assert not CatalogueRecord.objects.exists()
