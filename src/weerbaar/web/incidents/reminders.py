"""E-mail reminders of reporting deadlines: six hours before and once overdue.

Run by ``weerbaar-web worker`` between jobs (with the rest of its
housekeeping) and by ``weerbaar-web incidentreminders`` (for cron). Mail goes
through Django's mail (``EMAIL_*`` settings from the environment; the console
by default). Each reminder is sent once: :class:`ReminderSent` remembers it.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from weerbaar.incident.deadlines import Duty, Reminder, reminders_due
from weerbaar.web.incidents import store
from weerbaar.web.incidents.models import (
    DutyChoice,
    DutySettings,
    Incident,
    PhaseChoice,
    ReminderChoice,
    ReminderSent,
)


def recipients(incident: Incident) -> list[str]:
    found = DutySettings.objects.filter(organisation=incident.riskmap.organisation).first()
    return [] if found is None else [a for a in found.recipients.splitlines() if a.strip()]


def send_due() -> int:
    """Send every reminder that is due now; how many were sent."""
    now = timezone.now()
    labels = dict(DutyChoice.choices)
    stages = dict(ReminderChoice.choices)
    count = 0
    incidents = Incident.objects.exclude(phase=PhaseChoice.CLOSED).select_related(
        "riskmap__organisation"
    )
    for incident in incidents:
        to = recipients(incident)
        if not to:
            continue
        sent = {(Duty(r.duty), Reminder(r.reminder)) for r in incident.reminders.all()}
        for deadline, reminder in reminders_due(store.deadlines_of(incident), now, sent):
            try:
                with transaction.atomic():
                    # Claimed before sending, so two workers never both send it.
                    ReminderSent.objects.create(
                        incident=incident, duty=deadline.duty.value, reminder=reminder.value
                    )
                    due = timezone.localtime(deadline.due).strftime("%d-%m-%Y %H:%M")
                    send_mail(
                        f"[Weerbaar] {incident.reference}: {labels[deadline.duty.value]} "
                        f"({stages[reminder.value]})",
                        f"{incident.title}\n{labels[deadline.duty.value]}\nUiterlijk: {due}\n",
                        None,
                        to,
                    )
            except IntegrityError:
                continue
            count += 1
    return count
