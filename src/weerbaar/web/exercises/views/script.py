"""Plan: editing the script — injects, objectives, expectations — and its audit trail.

The control room edits; :mod:`weerbaar.exercise.editing` decides what may
change (nothing once the exercise ended; while it runs, only what lies
ahead of the clock). Every change, deletions included, is kept as a
:class:`~weerbaar.web.exercises.models.ScriptChange` with the part before
and after.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.exercise import editing
from weerbaar.exercise.editing import EditError, Part, Why
from weerbaar.exercise.model import Exercise
from weerbaar.exercise.records import (
    Capability,
    Channel,
    EventKind,
    Expectation,
    Inject,
    Objective,
)
from weerbaar.web.exercises.access import Need, Seat, exercise_view
from weerbaar.web.exercises.models import ExerciseRecord, ObservationEntry, Status
from weerbaar.web.exercises.script_forms import ExpectationForm, InjectEditForm, ObjectiveForm
from weerbaar.web.exercises.store import change_script, exercise_of, now

#: The URL's word for each part.
KINDS = {"bericht": Part.INJECT, "doel": Part.OBJECTIVE, "verwachting": Part.EXPECTATION}
FORMS: dict[Part, Any] = {
    Part.INJECT: InjectEditForm,
    Part.OBJECTIVE: ObjectiveForm,
    Part.EXPECTATION: ExpectationForm,
}
LIVE = (Status.RUNNING, Status.PAUSED)


def _part(kind: str) -> Part:
    if kind not in KINDS:
        raise Http404("no such part of a script")
    return KINDS[kind]


def _items(ex: Exercise, part: Part) -> tuple[Any, ...]:
    return {
        Part.INJECT: ex.injects,
        Part.OBJECTIVE: ex.objectives,
        Part.EXPECTATION: ex.expectations,
    }[part]


def _find(ex: Exercise, part: Part, item_id: str | None) -> Any:
    if item_id is None:
        return None
    for item in _items(ex, part):
        if item.id == item_id:
            return item
    raise Http404("no such item in this script")


def refusal(error: EditError) -> str:
    """The reason a change was refused, for the control room."""
    return {
        Why.CLOSED: _("De oefening is afgelopen: het draaiboek is nu het verslag en blijft zo."),
        Why.PAST: _(
            "Dit bericht is al gespeeld of zou in het verleden vallen: de spelers hebben "
            "gezien wat ze zagen. Pas alleen aan wat nog komt."
        ),
        Why.IN_USE: _("Waarnemingen noemen dit doel; het blijft zolang de oefening loopt."),
        Why.UNKNOWN: _("%(id)s bestaat niet in dit draaiboek.") % {"id": error.subject},
        Why.TAKEN: _("%(id)s bestaat al in dit draaiboek.") % {"id": error.subject},
        Why.LATE: _("Die tijd valt buiten de duur van de oefening."),
    }[error.why]


def _apply(
    ex: Exercise, part: Part, data: dict[str, Any], old: Any, at: float | None
) -> tuple[Exercise, str]:
    """The exercise with the form's change, and the id of the changed item."""
    if part is Part.INJECT:
        ident = old.id if old else editing.next_id("h", (i.id for i in ex.injects))
        base = old or Inject(ident, 0.0, "", (), Channel.TELEFOON, event=EventKind.MANUAL)
        inject = replace(
            base,
            at=data["at"],
            title=data["title"],
            text=data["text"],
            channel=Channel(data["channel"]),
            recipients=tuple(data["recipients"]),
            expected=data["expected"],
        )
        return editing.put_inject(ex, inject, replacing=old.id if old else None, now=at), ident
    if part is Part.OBJECTIVE:
        ident = old.id if old else editing.next_id("d", (o.id for o in ex.objectives))
        objective = Objective(
            ident, data["title"], Capability(data["capability"]), data["description"]
        )
        return editing.put_objective(ex, objective, replacing=old.id if old else None), ident
    ident = old.id if old else editing.next_id("v", (e.id for e in ex.expectations))
    expectation = Expectation(ident, data["inject"], data["objective"], data["text"])
    changed = editing.put_expectation(ex, expectation, replacing=old.id if old else None, now=at)
    return changed, ident


def _clock(record: ExerciseRecord) -> float | None:
    return now(record) if record.status in LIVE else None


def _detail(record: ExerciseRecord) -> HttpResponse:
    return redirect("exercises:detail", map_id=record.riskmap_id, exercise_id=record.pk)


def _locked(seat: Seat) -> ExerciseRecord:
    record: ExerciseRecord = ExerciseRecord.objects.select_for_update().get(pk=seat.record.pk)
    return record


@exercise_view(Need.CONTROL)
def edit(request: HttpRequest, seat: Seat, kind: str, item_id: str | None = None) -> HttpResponse:
    """A new or changed inject, objective or expectation."""
    part = _part(kind)
    with transaction.atomic():
        record = _locked(seat)
        ex = exercise_of(record)
        old = _find(ex, part, item_id)
        if part is Part.EXPECTATION and not (ex.injects and ex.objectives):
            messages.error(request, _("Een verwachting hoort bij een bericht en een doel."))
            return _detail(record)
        form_class = FORMS[part]
        initial = form_class.initial_of(old) if old else {}
        form = form_class(ex, request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                after, ident = _apply(ex, part, form.cleaned_data, old, _clock(record))
            except EditError as exc:
                form.add_error(None, refusal(exc))
            else:
                summary = (_("gewijzigd") if old else _("toegevoegd")) + f": {ident}"
                change_script(record, ex, after, (part, item_id, ident), request.user, summary)
                messages.success(
                    request, _("Het draaiboek is bijgewerkt (%(id)s).") % {"id": ident}
                )
                return _detail(record)
    context = {
        "access": seat.access,
        "seat": seat,
        "record": record,
        "exercise": ex,
        "part": part.value,
        "kind": kind,
        "item": old,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "exercises/script_form.html", context, status=status)


@require_POST
@exercise_view(Need.CONTROL)
def delete(request: HttpRequest, seat: Seat, kind: str, item_id: str) -> HttpResponse:
    """Remove an inject, objective or expectation (and what hangs on it), with audit."""
    part = _part(kind)
    with transaction.atomic():
        record = _locked(seat)
        ex = exercise_of(record)
        _find(ex, part, item_id)
        try:
            if part is Part.INJECT:
                after = editing.remove_inject(ex, item_id, now=_clock(record))
            elif part is Part.OBJECTIVE:
                observed = ObservationEntry.objects.filter(
                    exercise=record, objective=item_id
                ).exists()
                after = editing.remove_objective(ex, item_id, observed=observed)
            else:
                after = editing.remove_expectation(ex, item_id, now=_clock(record))
        except EditError as exc:
            messages.error(request, refusal(exc))
            return _detail(record)
        change_script(
            record, ex, after, (part, item_id, None), request.user, _("verwijderd") + f": {item_id}"
        )
        messages.success(request, _("%(id)s is uit het draaiboek verwijderd.") % {"id": item_id})
    return _detail(record)


def _fields(data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """A stored part of the script as (field, value) lines to read."""
    if not data:
        return []
    return [
        (key, "; ".join(map(str, value)) if isinstance(value, list) else str(value))
        for key, value in data.items()
    ]


@exercise_view(Need.READ)
def changes(request: HttpRequest, seat: Seat) -> HttpResponse:
    """The script's audit trail: every change with who, when, before and after."""
    rows = [
        (c, _fields(c.before), _fields(c.after))
        for c in seat.record.script_changes.select_related("author")
    ]
    return render(
        request,
        "exercises/script_changes.html",
        {"access": seat.access, "seat": seat, "record": seat.record, "rows": rows},
    )
