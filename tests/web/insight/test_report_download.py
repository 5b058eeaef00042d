"""Downloading the self-contained HTML report of the current map."""

from __future__ import annotations

import copy
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
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
    assert "&#x27;kosten&#x27; is geen criterium" in response.content.decode()


def test_it_has_the_worker_make_the_report_of_a_large_map(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    inline = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"])).content
    settings.INLINE_NODE_LIMIT = 3
    client = login(world["users"][Role.BESTUURDER])
    queued = client.get(url(world["map_a"]))
    assert queued.status_code == 202
    job = queued.context["job"]
    assert job.kind == JobKind.REPORT and job.status == JobStatus.QUEUED
    job_url = reverse("jobs:job", kwargs={"map_id": world["map_a"].pk, "job_id": job.pk})
    assert job_url in queued.content.decode()
    # Asking again waits for the same job.
    assert client.get(url(world["map_a"])).context["job"] == job
    call_command("worker", "--once", stdout=StringIO())
    done = client.get(url(world["map_a"]))
    assert done.status_code == 200
    assert done["Content-Disposition"] == 'attachment; filename="risicorapport-gemeente-a-v1.html"'
    assert done.content == inline
    assert Job.objects.filter(kind=JobKind.REPORT).count() == 1
    # The job's page offers the download.
    assert url(world["map_a"]) in client.get(job_url).content.decode()
