"""Reporting deadlines on the page, chosen per organisation, in a calendar, reminded by mail."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from weerbaar.model import from_data
from weerbaar.web.accounts.models import Role
from weerbaar.web.incidents.models import (
    DutyChange,
    DutySettings,
    Incident,
    ReminderSent,
    ReportMade,
)
from weerbaar.web.incidents.reminders import send_due
from weerbaar.web.incidents.store import open_incident

pytestmark = pytest.mark.django_db


def url(name: str, world: dict[str, Any], **kwargs: Any) -> str:
    return reverse(f"incidents:{name}", kwargs={"map_id": world["map_a"].pk, **kwargs})


def opened(world: dict[str, Any], hours_ago: float = 1, **kwargs: Any) -> Incident:
    record = world["map_a"]
    return open_incident(
        record,
        from_data(record.current().data),
        title="Datalek",
        nodes=["suite"],
        detected=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


def test_it_shows_each_applicable_deadline_with_a_countdown(
    world: dict[str, Any], login: Any
) -> None:
    incident = opened(world, personal_data=True, significant=True)
    page = login(world["users"][Role.CISO]).get(url("detail", world, incident_id=incident.pk))
    rows = {d["duty"]: d for d in page.context["deadlines"]}
    assert set(rows) == {
        "ap-datalek",
        "nis2-early-warning",
        "nis2-notification",
        "nis2-final-report",
        "ibd",
    }
    assert rows["ap-datalek"]["countdown"].startswith("2d 22:5")
    assert rows["ibd"]["state"] == "open"


def test_it_applies_only_the_duties_the_organisation_chose(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.BEHEERDER])
    response = client.post(
        url("duties", world), {"duties": ["ap-datalek"], "recipients": "crisis@gemeente-a.nl"}
    )
    assert response.status_code == 302
    incident = opened(world, personal_data=True, significant=True)
    page = client.get(url("detail", world, incident_id=incident.pk))
    assert [d["duty"] for d in page.context["deadlines"]] == ["ap-datalek"]


def test_it_keeps_who_changed_the_duties_and_what_they_were(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    client.post(url("duties", world), {"duties": ["ibd"], "recipients": "a@gemeente-a.nl"})
    client.post(url("duties", world), {"duties": ["ibd", "ap-datalek"], "recipients": ""})
    client.post(url("duties", world), {"duties": ["ibd", "ap-datalek"], "recipients": ""})
    changes = list(DutyChange.objects.order_by("pk"))
    assert [c.before for c in changes] == [
        None,
        {"duties": ["ibd"], "recipients": "a@gemeente-a.nl"},
    ]
    assert changes[1].after == {"duties": ["ibd", "ap-datalek"], "recipients": ""}
    assert changes[1].author == world["users"][Role.CISO]
    page = client.get(url("duties", world)).content.decode()
    assert "a@gemeente-a.nl" in page


def test_it_refuses_a_bad_address_and_keeps_the_settings(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    response = client.post(url("duties", world), {"duties": ["ibd"], "recipients": "geen adres"})
    assert response.status_code == 400
    assert response.context["form"].errors["recipients"]
    assert not DutySettings.objects.exists() and not DutyChange.objects.exists()


def test_it_records_a_report_made_and_stops_counting(world: dict[str, Any], login: Any) -> None:
    incident = opened(world)
    client = login(world["users"][Role.CRISISCOORDINATOR])
    made = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("report_add", world, incident_id=incident.pk),
        {"duty": "ibd", "made": made, "reference": "IBD-123"},
    )
    assert response.status_code == 302
    assert ReportMade.objects.get().reference == "IBD-123"
    twice = client.post(
        url("report_add", world, incident_id=incident.pk), {"duty": "ibd", "made": made}
    )
    assert twice.status_code == 400 and twice.context["report_form"].errors["duty"]


def test_it_serves_the_open_deadlines_as_icalendar(world: dict[str, Any], login: Any) -> None:
    incident = opened(world, personal_data=True)
    response = login(world["users"][Role.BESTUURDER]).get(url("calendar", world))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    summaries = sorted(str(e["summary"]) for e in events)
    assert len(summaries) == 2 and all(s.startswith(incident.reference) for s in summaries)
    assert all(e.walk("VALARM") for e in events)


def test_it_mails_each_reminder_once(world: dict[str, Any]) -> None:
    DutySettings.objects.create(
        organisation=world["org_a"], duties=["ibd"], recipients="crisis@gemeente-a.nl"
    )
    opened(world, hours_ago=20)
    assert send_due() == 1
    assert mail.outbox[0].to == ["crisis@gemeente-a.nl"]
    assert "IBD" in mail.outbox[0].subject
    call_command("incidentreminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and ReminderSent.objects.count() == 1


def test_it_has_the_worker_send_the_reminders_between_jobs(world: dict[str, Any]) -> None:
    DutySettings.objects.create(
        organisation=world["org_a"], duties=["ibd"], recipients="crisis@gemeente-a.nl"
    )
    opened(world, hours_ago=30)
    call_command("worker", "--once", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["crisis@gemeente-a.nl"]]
    assert "verlopen" in mail.outbox[0].subject
