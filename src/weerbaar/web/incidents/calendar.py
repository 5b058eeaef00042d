"""The open reporting deadlines of open incidents as iCalendar (RFC 5545).

One calendar for one map (the download on the incident pages) or for every
map a user may see the incidents of (the subscribed feed, :mod:`.feed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from weerbaar.incident.deadlines import REMINDER_LEAD
from weerbaar.web.incidents import store
from weerbaar.web.incidents.models import DutyChoice, PhaseChoice
from weerbaar.web.maps.models import RiskMapRecord


def deadlines_calendar(name: str, records: Iterable[RiskMapRecord]) -> bytes:
    """The open deadlines of the open incidents of ``records``, named ``name``."""
    cal = Calendar()
    cal.add("prodid", "-//Weerbaar//incidenten//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    labels = dict(DutyChoice.choices)
    stamp = timezone.now()
    for record in records:
        incidents = (
            record.incidents.exclude(phase=PhaseChoice.CLOSED)
            .select_related("riskmap__organisation")
            .prefetch_related("reports")
        )
        for incident in incidents:
            for d in store.deadlines_of(incident):
                if d.done is not None:
                    continue
                summary = f"{incident.reference}: {labels[d.duty.value]}"
                event = Event()
                event.add("uid", f"{incident.reference}-{d.duty.value}-{record.pk}@weerbaar")
                event.add("dtstamp", stamp)
                event.add("dtstart", d.due)
                event.add("dtend", d.due + timedelta(minutes=15))
                event.add("summary", summary)
                event.add("description", f"{record.name}: {incident.title}")
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", summary)
                alarm.add("trigger", -REMINDER_LEAD)
                event.add_component(alarm)
                cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
