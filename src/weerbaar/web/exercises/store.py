"""Between the stored exercise and the exercise of :mod:`weerbaar.exercise`.

:func:`exercise_of` builds the one :class:`Exercise` from the record's
script and its logged rows and validates it as a file would be;
:func:`save_script` writes a changed script back. The clock is computed
from its four fields and the wall clock, so it needs no process of its own
and survives a restart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerbaar.exercise.clock import Clock
from weerbaar.exercise.clock import ClockState as CoreClock
from weerbaar.exercise.editing import Part
from weerbaar.exercise.fileformat import from_data, intervention_data, to_data
from weerbaar.exercise.model import Exercise
from weerbaar.exercise.records import Intervention
from weerbaar.model import RiskMap, parse_duration
from weerbaar.web.exercises.models import ExerciseRecord, ScriptChange
from weerbaar.web.maps import service

#: What the rows hold, not the script.
LIVE_KEYS = ("status", "held", "decisions", "observations")


def exercise_of(record: ExerciseRecord) -> Exercise:
    data: dict[str, Any] = dict(record.script)
    data["status"] = record.status
    if record.held is not None:
        data["held"] = record.held
    data["decisions"] = [
        {
            "at": d.at,
            "by": d.by,
            "text": d.text,
            **({"inject": d.inject} if d.inject else {}),
            "logged": d.logged,
            **({"intervention": d.intervention} if d.intervention else {}),
        }
        for d in record.decisions.all()
    ]
    data["observations"] = [
        {
            "at": o.at,
            "by": o.by,
            "text": o.text,
            "kind": o.kind,
            **({"objective": o.objective} if o.objective else {}),
        }
        for o in record.observations.all()
    ]
    return from_data(data, f"exercise {record.pk}")


def script_data(ex: Exercise) -> dict[str, Any]:
    """The part of the exercise file the record keeps in ``script``."""
    return {k: v for k, v in to_data(ex).items() if k not in LIVE_KEYS}


def save_script(record: ExerciseRecord, ex: Exercise) -> None:
    record.script = script_data(ex)
    record.title = ex.title
    record.save(update_fields=["script", "title"])
    bump(record)


def bump(record: ExerciseRecord) -> None:
    """Tell the polling pages that something changed."""
    ExerciseRecord.objects.filter(pk=record.pk).update(revision=F("revision") + 1)


def intervention_json(iv: Intervention | None) -> dict[str, Any] | None:
    return None if iv is None else intervention_data(iv)


def clock_of(record: ExerciseRecord) -> Clock:
    return Clock(
        CoreClock(record.clock_state), record.clock_offset, record.clock_speed, record.clock_since
    )


def set_clock(record: ExerciseRecord, clock: Clock) -> None:
    record.clock_state = clock.state.value
    record.clock_offset = clock.offset
    record.clock_speed = clock.speed
    record.clock_since = clock.since
    record.save(update_fields=["clock_state", "clock_offset", "clock_speed", "clock_since"])
    bump(record)


def duration(record: ExerciseRecord) -> float:
    return parse_duration(record.script["duration"])


def now(record: ExerciseRecord, wall: datetime | None = None) -> float:
    """Exercise hours on the clock, never past the end of the session."""
    return min(clock_of(record).now(wall or timezone.now()), duration(record))


def injects_until(record: ExerciseRecord, at: float, role: str | None) -> list[dict[str, Any]]:
    """The script's injects played by exercise hour ``at`` (for ``role`` only, when given).

    Read from the stored script without validating the whole exercise: the
    pages poll this every second or two.
    """
    out = []
    for inject in record.script.get("injects", []):
        when = parse_duration(inject["at"])
        if when <= at and (role is None or role in inject["recipients"]):
            out.append({**inject, "hours": when})
    return out


def map_of(record: ExerciseRecord) -> RiskMap:
    """The map version the exercise was generated from (later edits do not change it)."""
    version = record.riskmap.versions.filter(number=record.map_version).first()
    if version is None:  # the version was removed: play on the current map
        version = record.riskmap.current()
    return service.to_model(version)


#: The section of the exercise file that holds each part of the script.
SECTIONS = {Part.INJECT: "injects", Part.OBJECTIVE: "objectives", Part.EXPECTATION: "expectations"}


def _item(ex: Exercise, part: Part, ident: str | None) -> dict[str, Any] | None:
    if ident is None:
        return None
    rows = script_data(ex).get(SECTIONS[part], [])
    return next((row for row in rows if row.get("id") == ident), None)


def change_script(
    record: ExerciseRecord,
    before: Exercise,
    after: Exercise,
    change: tuple[Part, str | None, str | None],
    author: Any,
    summary: str,
) -> None:
    """Store ``after`` as the script and the change in the audit trail, in one transaction.

    ``change`` is the part, the id before (None: added) and after (None:
    removed). The new script is validated as a file is first: a script the
    pages wrote can always be written out and read back.
    """
    part, old, new = change
    from_data(to_data(after), f"exercise {record.pk}")
    with transaction.atomic():
        save_script(record, after)
        ScriptChange.objects.create(
            exercise=record,
            author=author,
            part=part.value,
            item=new or old or "",
            summary=summary,
            before=_item(before, part, old),
            after=_item(after, part, new),
        )
