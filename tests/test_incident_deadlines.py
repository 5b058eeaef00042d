"""Reporting deadlines: counted from detection, chosen per organisation, reminded twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from weerbaar.incident.deadlines import (
    ALL_DUTIES,
    Deadline,
    Duty,
    Reminder,
    State,
    add_month,
    countdown,
    deadlines,
    reminders_due,
)

SEEN = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)


def test_it_counts_the_ap_deadline_only_for_personal_data() -> None:
    without = deadlines(SEEN, ALL_DUTIES, personal_data=False, significant=False)
    with_data = deadlines(SEEN, ALL_DUTIES, personal_data=True, significant=False)
    assert [d.duty for d in without] == [Duty.IBD]
    assert [(d.duty, d.due) for d in with_data] == [
        (Duty.AP_DATALEK, SEEN + timedelta(hours=72)),
        (Duty.IBD, SEEN + timedelta(hours=24)),
    ]


def test_it_counts_the_nis2_steps_for_a_significant_incident() -> None:
    found = {
        d.duty: d.due for d in deadlines(SEEN, ALL_DUTIES, personal_data=False, significant=True)
    }
    assert found[Duty.NIS2_EARLY_WARNING] == SEEN + timedelta(hours=24)
    assert found[Duty.NIS2_NOTIFICATION] == SEEN + timedelta(hours=72)
    assert found[Duty.NIS2_FINAL_REPORT] == datetime(2027, 1, 8, 9, 30, tzinfo=UTC)


def test_it_counts_the_final_report_from_the_notification_made() -> None:
    made = SEEN + timedelta(hours=30)
    found = deadlines(
        SEEN, ALL_DUTIES, personal_data=False, significant=True, done={Duty.NIS2_NOTIFICATION: made}
    )
    final = next(d for d in found if d.duty is Duty.NIS2_FINAL_REPORT)
    assert final.due == add_month(made)


def test_it_leaves_out_the_duties_the_organisation_did_not_choose() -> None:
    found = deadlines(SEEN, {Duty.AP_DATALEK}, personal_data=True, significant=True)
    assert [d.duty for d in found] == [Duty.AP_DATALEK]


def test_it_shows_a_countdown_and_a_state() -> None:
    d = Deadline(Duty.IBD, SEEN + timedelta(hours=24))
    assert d.state(SEEN) is State.OPEN
    assert d.state(SEEN + timedelta(hours=20)) is State.DUE_SOON
    assert d.state(SEEN + timedelta(hours=25)) is State.OVERDUE
    assert countdown(d.remaining(SEEN)) == "1d 00:00"
    assert countdown(d.remaining(SEEN + timedelta(hours=25))) == "-1:00"
    assert Deadline(Duty.IBD, SEEN, done=SEEN).state(SEEN + timedelta(days=9)) is State.DONE


def test_it_reminds_once_when_due_soon_and_once_when_overdue() -> None:
    d = Deadline(Duty.IBD, SEEN + timedelta(hours=24))
    assert reminders_due([d], SEEN, set()) == []
    soon = SEEN + timedelta(hours=19)
    assert reminders_due([d], soon, set()) == [(d, Reminder.SOON)]
    assert reminders_due([d], soon, {(Duty.IBD, Reminder.SOON)}) == []
    late = SEEN + timedelta(hours=24)
    assert reminders_due([d], late, {(Duty.IBD, Reminder.SOON)}) == [(d, Reminder.OVERDUE)]
    assert reminders_due([Deadline(Duty.IBD, SEEN, done=SEEN)], late, set()) == []
