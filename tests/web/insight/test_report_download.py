"""Downloading the self-contained HTML report of the current map."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import service
from weerbaar.web.maps.models import ObjectKind, RiskMapRecord

pytestmark = pytest.mark.django_db


def url(record: RiskMapRecord) -> str:
    return reverse("insight:report", kwargs={"map_id": record.pk})


def test_it_downloads_the_report_as_an_attachment(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="risicorapport-gemeente-a-v1.html"'
    )
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert "Ransomware bij de hoster" in html


def test_it_holds_no_external_urls(world: dict[str, Any], login: Any) -> None:
    html = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"])).content.decode()
    assert not re.search(r"(https?:)?//[\w.-]", html)
    assert not re.search(r'(src|href)="(?!#)', html)


def test_it_names_the_current_version(world: dict[str, Any], login: Any) -> None:
    record = world["map_a"]
    data = copy.deepcopy(record.current().data)
    data["scenarios"][0]["likelihood"] = "D"
    service.save(record, data, author=None, summary="kans", kind=ObjectKind.SCENARIO)
    response = login(world["users"][Role.BESTUURDER]).get(url(record))
    assert "risicorapport-gemeente-a-v2.html" in response["Content-Disposition"]


def test_it_refuses_a_map_it_cannot_score(world: dict[str, Any], login: Any) -> None:
    # Stored before the profile check existed, say: the page explains instead.
    record = world["map_a"]
    version = record.current()
    version.data["nodes"][-1]["impact"]["per_day"] = {"kosten": 1}
    version.save()
    response = login(world["users"][Role.BESTUURDER]).get(url(record))
    assert response.status_code == 409
    assert "&#x27;kosten&#x27; is not a criterion" in response.content.decode()
