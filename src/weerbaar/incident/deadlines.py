"""Reporting duties (meldplichten) and their deadlines, counted from detection.

The law names the duties; the organisation chooses which apply to it (a
municipality is an essential entity under the Cyberbeveiligingswet, the
NIS2 implementation, and most choose to inform the IBD):

- the Autoriteit Persoonsgegevens (AP) for a personal-data breach
  (datalek): within 72 hours of becoming aware of it (AVG art. 33);
- the NIS2 steps for a significant incident: an early warning (vroege
  waarschuwing) within 24 hours, an incident notification (incidentmelding)
  within 72 hours, a final report (eindrapport) one month after the
  notification (NIS2 art. 23);
- the IBD (Informatiebeveiligingsdienst voor gemeenten): not a legal duty;
  Weerbaar counts 24 hours, the window the IBD asks for.

Examples
--------
>>> from datetime import datetime, timezone
>>> seen = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
>>> [(d.duty.value, d.due.isoformat()) for d in deadlines(
...     seen, {Duty.NIS2_EARLY_WARNING, Duty.NIS2_FINAL_REPORT, Duty.NIS2_NOTIFICATION},
...     personal_data=False, significant=True)]  # doctest: +NORMALIZE_WHITESPACE
[('nis2-early-warning', '2026-12-06T09:00:00+00:00'),
 ('nis2-notification', '2026-12-08T09:00:00+00:00'),
 ('nis2-final-report', '2027-01-08T09:00:00+00:00')]
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Duty(StrEnum):
    """A reporting duty; the value is what is stored."""

    AP_DATALEK = "ap-datalek"
    NIS2_EARLY_WARNING = "nis2-early-warning"
    NIS2_NOTIFICATION = "nis2-notification"
    NIS2_FINAL_REPORT = "nis2-final-report"
    IBD = "ibd"


class Trigger(StrEnum):
    """What makes a duty apply to an incident."""

    PERSONAL_DATA = "personal-data"  # personal data involved: the AP
    SIGNIFICANT = "significant"  # a significant incident: NIS2
    ANY = "any"  # every incident: the IBD


@dataclass(frozen=True)
class Rule:
    duty: Duty
    trigger: Trigger
    #: Hours from detection; None for the final report (a month after the notification).
    hours: float | None


RULES: tuple[Rule, ...] = (
    Rule(Duty.AP_DATALEK, Trigger.PERSONAL_DATA, 72),
    Rule(Duty.NIS2_EARLY_WARNING, Trigger.SIGNIFICANT, 24),
    Rule(Duty.NIS2_NOTIFICATION, Trigger.SIGNIFICANT, 72),
    Rule(Duty.NIS2_FINAL_REPORT, Trigger.SIGNIFICANT, None),
    Rule(Duty.IBD, Trigger.ANY, 24),
)

#: Every duty, the default for an organisation that has not chosen.
ALL_DUTIES: frozenset[Duty] = frozenset(Duty)

#: A reminder is sent this long before a deadline, and once more when it has passed.
REMINDER_LEAD = timedelta(hours=6)


class State(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    OPEN = "open"


class Reminder(StrEnum):
    """The two reminders of a deadline."""

    SOON = "soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Deadline:
    duty: Duty
    due: datetime
    done: datetime | None = None

    def remaining(self, now: datetime) -> timedelta:
        """Time left (negative once passed)."""
        return self.due - now

    def state(self, now: datetime) -> State:
        if self.done is not None:
            return State.DONE
        if now >= self.due:
            return State.OVERDUE
        if self.due - now <= REMINDER_LEAD:
            return State.DUE_SOON
        return State.OPEN


def add_month(moment: datetime) -> datetime:
    """The same day and time one calendar month later (the last day when it has none).

    >>> add_month(datetime(2027, 1, 31, 12)).isoformat()
    '2027-02-28T12:00:00'
    """
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def applies(rule: Rule, personal_data: bool, significant: bool) -> bool:
    if rule.trigger is Trigger.PERSONAL_DATA:
        return personal_data
    if rule.trigger is Trigger.SIGNIFICANT:
        return significant
    return True


def deadlines(
    detected: datetime,
    duties: Collection[Duty],
    *,
    personal_data: bool,
    significant: bool,
    done: Mapping[Duty, datetime] | None = None,
) -> list[Deadline]:
    """The deadlines of an incident detected at ``detected``, in the order of :data:`RULES`.

    Parameters
    ----------
    detected : datetime
        When the incident was detected; every deadline counts from it.
    duties : collection of Duty
        The duties the organisation has chosen to apply.
    personal_data, significant : bool
        Whether personal data is involved (the AP) and whether the incident
        is significant in the sense of NIS2.
    done : mapping of Duty to datetime, optional
        When each report was made.
    """
    done = done or {}
    out: list[Deadline] = []
    notification: datetime | None = None
    for rule in RULES:
        if rule.duty not in duties or not applies(rule, personal_data, significant):
            continue
        if rule.hours is None:
            # NIS2 art. 23(4)(d): one month after the incident notification,
            # counted from when it was made, or else from when it is due.
            base = done.get(Duty.NIS2_NOTIFICATION) or notification or detected
            due = add_month(base)
        else:
            due = detected + timedelta(hours=rule.hours)
        if rule.duty is Duty.NIS2_NOTIFICATION:
            notification = due
        out.append(Deadline(rule.duty, due, done.get(rule.duty)))
    return out


def reminders_due(
    items: Iterable[Deadline], now: datetime, sent: Collection[tuple[Duty, Reminder]]
) -> list[tuple[Deadline, Reminder]]:
    """The reminders to send now: each deadline's "soon" and "overdue" once, none when done.

    >>> from datetime import timezone
    >>> due = datetime(2026, 12, 5, 12, tzinfo=timezone.utc)
    >>> d = Deadline(Duty.IBD, due)
    >>> [r.value for _, r in reminders_due([d], due - timedelta(hours=1), set())]
    ['soon']
    >>> [r.value for _, r in reminders_due([d], due, {(Duty.IBD, Reminder.SOON)})]
    ['overdue']
    """
    out: list[tuple[Deadline, Reminder]] = []
    for d in items:
        state = d.state(now)
        if state is State.OVERDUE and (d.duty, Reminder.OVERDUE) not in sent:
            out.append((d, Reminder.OVERDUE))
        elif state is State.DUE_SOON and (d.duty, Reminder.SOON) not in sent:
            out.append((d, Reminder.SOON))
    return out


def countdown(delta: timedelta) -> str:
    """A countdown as the pages show it: ``2d 03:15``, ``-0:45`` once passed.

    >>> countdown(timedelta(days=2, hours=3, minutes=15, seconds=30))
    '2d 03:15'
    >>> countdown(timedelta(minutes=-45))
    '-0:45'
    """
    sign = "-" if delta < timedelta(0) else ""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours:02d}:{mins:02d}"
    return f"{sign}{hours}:{mins:02d}"
