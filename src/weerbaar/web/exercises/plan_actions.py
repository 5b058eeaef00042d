"""An evaluated exercise's improvement actions in the map's one improvement plan.

:func:`weerbaar.exercise.evaluation.plan_actions` turns the exercise's
actions into actions of the plan (source ``exercise``); here they become
:class:`~weerbaar.web.accountability.models.ActionRecord` rows of the map,
so that the plan and the council report show the lessons next to the
actions from controls and incidents. The reference is
``<exercise record>#<action id>``: a generated exercise's own id repeats
for every run of the same scenario, the record does not.

The exercise stays the source of what the action is (title, owner, due
date, status, measure): :func:`sync` runs when the exercise is evaluated
and whenever one of its actions changes afterwards, and overwrites those
fields; cost and money spent are the plan's own and are left alone.
"""

from __future__ import annotations

from django.db import transaction

from weerbaar.exercise.evaluation import plan_actions
from weerbaar.exercise.model import Exercise
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.exercises.models import ExerciseRecord, Status


def reference(record: ExerciseRecord, action_id: str) -> str:
    return f"{record.pk}#{action_id}"


def parse_reference(ref: str) -> tuple[int, str] | None:
    """The exercise record and action id of a reference, or None for another form.

    >>> parse_reference("12#a1"), parse_reference("oefening-x#a1")
    ((12, 'a1'), None)
    """
    pk, sep, action = ref.partition("#")
    return (int(pk), action) if sep and pk.isdigit() else None


@transaction.atomic
def sync(record: ExerciseRecord, ex: Exercise) -> int:
    """Write the actions of an evaluated exercise into the plan; how many were written."""
    if record.status != Status.EVALUATED:
        return 0
    known = {
        r.source_ref: r
        for r in ActionRecord.objects.filter(
            riskmap=record.riskmap, source=Source.EXERCISE, source_ref__startswith=f"{record.pk}#"
        )
    }
    count = 0
    for own, planned in zip(ex.actions, plan_actions(ex), strict=True):
        ref = reference(record, own.id)
        row = known.get(ref) or ActionRecord(
            riskmap=record.riskmap, source=Source.EXERCISE, source_ref=ref
        )
        row.title = planned.title[:300]
        row.owner = planned.owner[:200]
        row.due = planned.due
        row.status = planned.status.value
        row.measures = list(planned.measures)
        row.save()
        count += 1
    return count


def labels(refs: list[str]) -> dict[str, tuple[str, int | None]]:
    """Per reference: the exercise it came from, as 'title (date)', and its record id."""
    ids = {p[0] for p in map(parse_reference, refs) if p is not None}
    records = {r.pk: r for r in ExerciseRecord.objects.filter(pk__in=ids)}
    out: dict[str, tuple[str, int | None]] = {}
    for ref in refs:
        parsed = parse_reference(ref)
        found = records.get(parsed[0]) if parsed else None
        if found is None:
            out[ref] = (ref, None)
        else:
            held = f" ({found.held.isoformat()})" if found.held else ""
            out[ref] = (f"{found.title}{held}", found.pk)
    return out
