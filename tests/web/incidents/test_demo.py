"""The demo's incidents: an open one with a forecast, a closed one with lessons and actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from weerbaar.model import load_map, to_data
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.incidents import demo
from weerbaar.web.maps import service

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "examples" / "gemeente-voorbeeld.yaml"


def test_it_loads_an_open_incident_with_a_forecast_and_a_closed_one(
    login: Any, django_user_model: Any
) -> None:
    m = load_map(SAMPLE)
    org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld")
    record = service.create_map(org, to_data(m), None, "test")
    assert "loaded" in demo.load(record, m, timezone.now())
    assert "already" in demo.load(record, m, timezone.now())
    open_one = record.incidents.exclude(phase="closed").get()
    closed = record.incidents.get(phase="closed")
    assert any(r.expected.startswith("tri(") for r in open_one.affected.all())
    assert (
        closed.lessons
        and ActionRecord.objects.filter(source=Source.INCIDENT, source_ref=closed.reference).count()
        == 2
    )
    user = django_user_model.objects.create_user(username="crisis", password="x")
    Membership.objects.create(user=user, organisation=org, role=Role.CRISISCOORDINATOR)
    url = reverse("incidents:forecast", kwargs={"map_id": record.pk, "incident_id": open_one.pk})
    response = login(user).get(url)
    assert response.status_code == 200
    f = response.context["forecast"]
    assert f.samples == 1000 and any(p.p_breach for p in f.processes)


def test_it_shows_a_changed_contact_and_a_calendar_address(django_user_model: Any) -> None:
    from django.test import Client

    m = load_map(SAMPLE)
    org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld")
    record = service.create_map(org, to_data(m), None, "test")
    user = django_user_model.objects.create_user(username="crisis", password="x")
    Membership.objects.create(user=user, organisation=org, role=Role.CRISISCOORDINATOR)
    line = demo.load(record, m, timezone.now())
    open_one = record.incidents.exclude(phase="closed").get()
    changed = open_one.log.get(text="Contact gewijzigd: Piket IBD")
    assert changed.before["reach"] != changed.after["reach"]
    address = line.split("shown only now): ")[1].strip()
    calendar = Client().get(address)
    assert calendar.status_code == 200 and open_one.reference.encode() in calendar.content
