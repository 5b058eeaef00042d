"""The demo imports the example advisories, matched to Gemeente Voorbeeld's systems."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from weerbaar.web.advisories.models import AdvisoryRecord
from weerbaar.web.maps.models import RiskMapRecord

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "gemeente-voorbeeld.yaml"


def test_the_demo_has_the_example_advisories_ranked(client: Any) -> None:
    call_command("loaddemo", "--map", str(EXAMPLE), stdout=io.StringIO())
    assert AdvisoryRecord.objects.count() == 6
    call_command("loaddemo", "--map", str(EXAMPLE), stdout=io.StringIO())
    assert AdvisoryRecord.objects.count() == 6
    client.force_login(get_user_model().objects.get(username="ciso"))
    record = RiskMapRecord.objects.get(organisation__slug="gemeente-voorbeeld")
    page = client.get(reverse("advisories:list", kwargs={"map_id": record.pk})).content.decode()
    assert page.index("NCSC-2026-0412") < page.index("NCSC-2026-0405")
    assert "Uitkeringen Participatiewet" in page


def test_the_demo_shows_an_advisory_under_investigation(client: Any) -> None:
    call_command("loaddemo", "--map", str(EXAMPLE), stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="ciso"))
    record = RiskMapRecord.objects.get(organisation__slug="gemeente-voorbeeld")
    advisory = AdvisoryRecord.objects.get(tracking_id="NCSC-2026-0437")
    url = reverse("advisories:detail", kwargs={"map_id": record.pk, "advisory_id": advisory.pk})
    page = client.get(url).content.decode()
    assert "in onderzoek: mogelijk kwetsbaar" in page and "Burgerzaken" in page
