"""Advisories on the web: upload, the ranked list, the detail, an improvement action."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advisory_docs import document
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.accounts.models import Role
from weerbaar.web.advisories.models import AdvisoryRecord
from weerbaar.web.maps import service
from weerbaar.web.maps.models import ObjectKind

pytestmark = pytest.mark.django_db


def with_gateway(world: dict[str, Any]) -> None:
    """Map A's suite runs NetScaler ADC 13.1-49.15 (affected by the test advisory)."""
    record = world["map_a"]
    data = copy.deepcopy(record.current().data)
    for node in data["nodes"]:
        if node["id"] == "suite":
            node["products"] = [{"cpe": "cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:*:*:*:*"}]
    service.save(record, data, author=None, summary="test", kind=ObjectKind.NODE)


def upload(client: Any, map_id: int, *docs: tuple[str, object]) -> Any:
    files = [
        SimpleUploadedFile(name, json.dumps(d).encode(), content_type="application/json")
        for name, d in docs
    ]
    url = reverse("advisories:import", kwargs={"map_id": map_id})
    return client.post(url, {"documents": files})


def test_it_imports_ranks_and_shows_what_hangs_on_it(world: dict[str, Any], login: Any) -> None:
    with_gateway(world)
    client = login(world["users"][Role.CISO])
    m = world["map_a"].pk
    response = upload(client, m, ("a.json", document()))
    assert response.status_code == 302
    page = client.get(reverse("advisories:list", kwargs={"map_id": m})).content.decode()
    assert "NCSC-2099-0001" in page and "Suite sociaal domein" in page
    assert "Uitkeringen" in page  # the vital process hanging on the suite
    record = AdvisoryRecord.objects.get()
    assert (record.label, record.cvss) == ("urgent", 9.8)
    url = reverse("advisories:detail", kwargs={"map_id": m, "advisory_id": record.pk})
    detail = client.get(url).content.decode()
    assert "kwetsbaar" in detail and "ADC 13.1 oud" in detail
    assert "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" in detail


def test_a_bad_document_imports_nothing_and_says_where(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    m = world["map_a"].pk
    bad = document(vulnerabilities__0__product_status={"known_affected": ["P9"]})
    response = upload(client, m, ("goed.json", document()), ("slecht.json", bad))
    assert response.status_code == 400
    page = response.content.decode()
    assert "slecht.json: $.vulnerabilities[0].product_status.known_affected[0]" in page
    assert AdvisoryRecord.objects.count() == 0


def test_it_refuses_files_that_are_no_json_or_too_large(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    client = login(world["users"][Role.CISO])
    m = world["map_a"].pk
    assert upload(client, m, ("a.txt", document())).status_code == 400
    settings.ADVISORY_MAX_BYTES = 100
    response = upload(client, m, ("a.json", document()))
    assert response.status_code == 400 and "hoogstens" in response.content.decode()
    assert AdvisoryRecord.objects.count() == 0


def test_a_new_version_replaces_the_old_one(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    m = world["map_a"].pk
    upload(client, m, ("a.json", document()))
    upload(client, m, ("a.json", document(document__title="Bijgewerkt")))
    assert list(AdvisoryRecord.objects.values_list("title", flat=True)) == ["Bijgewerkt"]


def test_it_opens_one_improvement_action_per_advisory(world: dict[str, Any], login: Any) -> None:
    with_gateway(world)
    client = login(world["users"][Role.CISO])
    m = world["map_a"].pk
    upload(client, m, ("a.json", document()))
    record = AdvisoryRecord.objects.get()
    url = reverse("advisories:action", kwargs={"map_id": m, "advisory_id": record.pk})
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    (action,) = ActionRecord.objects.all()
    assert (action.source, action.source_ref) == (Source.ADVISORY, "NCSC-2099-0001")
    assert "Suite sociaal domein" in action.title


def test_it_opens_an_incident_once_with_the_affected_nodes_named(
    world: dict[str, Any], login: Any
) -> None:
    from weerbaar.web.incidents.models import Incident

    with_gateway(world)
    client = login(world["users"][Role.CRISISCOORDINATOR])
    m = world["map_a"].pk
    upload(client, m, ("a.json", document()))
    record = AdvisoryRecord.objects.get()
    url = reverse("advisories:incident", kwargs={"map_id": m, "advisory_id": record.pk})
    first = client.post(url)
    assert client.post(url)["Location"] == first["Location"]
    (incident,) = Incident.objects.all()
    assert incident.title.startswith("NCSC-2099-0001: ") and incident.severity == "high"
    assert "Suite sociaal domein" in incident.description
    assert "Uitkeringen" in incident.description
    detail = reverse("advisories:detail", kwargs={"map_id": m, "advisory_id": record.pk})
    assert incident.reference in client.get(detail).content.decode()
