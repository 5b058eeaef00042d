"""Plan: the exercises of a map, a new draft from a scenario, the script and its people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from weerbaar.exercise.editing import EDITABLE
from weerbaar.exercise.model import StateError, transition
from weerbaar.exercise.model import Status as CoreStatus
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import exercises as compute
from weerbaar.web.exercises import plan_actions
from weerbaar.web.exercises.access import Need, Seat, exercise_view
from weerbaar.web.exercises.forms import NewExerciseForm, ParticipantForm
from weerbaar.web.exercises.models import ExerciseRecord, Participant, Status
from weerbaar.web.exercises.store import exercise_of, script_data
from weerbaar.web.exercises.views.common import (
    clock_label,
    form_errors,
    person,
    role_choices,
)
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view


def _list(
    request: HttpRequest, access: Access, form: NewExerciseForm | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "exercises/list.html",
        {"access": access, "records": access.record.exercises.all(), "form": form},
        status=status,
    )


@map_view(Action.ANALYSE)
def exercise_list(request: HttpRequest, access: Access) -> HttpResponse:
    _version, m = service.current(access.record)
    return _list(request, access, NewExerciseForm(m) if access.run else None)


@require_POST
@map_view(Action.RUN)
def new(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    form = NewExerciseForm(m, request.POST)
    if not form.is_valid():
        return _list(request, access, form, status=400)
    data = form.cleaned_data
    ex = compute.draft(
        m,
        data["scenario"],
        title=data["title"],
        duration=data["duration"],
        seed=data["seed"],
        language=data["language"],
        version_label=f"{access.record.name} v{version.number}",
    )
    record = ExerciseRecord.objects.create(
        riskmap=access.record,
        map_version=version.number,
        title=ex.title,
        scenario_id=ex.scenario,
        script=script_data(ex),
    )
    messages.success(request, _("Het draaiboek is opgesteld; pas het aan en nodig deelnemers uit."))
    return redirect("exercises:detail", map_id=access.record.pk, exercise_id=record.pk)


@exercise_view(Need.READ)
def detail(request: HttpRequest, seat: Seat) -> HttpResponse:
    ex = exercise_of(seat.record)
    roles = dict(role_choices(ex))
    titles = {i.id: i.title for i in ex.injects}
    objectives = {o.id: o.title for o in ex.objectives}
    return render(
        request,
        "exercises/detail.html",
        {
            "access": seat.access,
            "seat": seat,
            "record": seat.record,
            "exercise": ex,
            "roles": roles,
            "injects": [
                (i, clock_label(i.at), [roles.get(r, r) for r in i.recipients]) for i in ex.injects
            ],
            "participants": [
                (p, roles.get(p.role, p.role))
                for p in seat.record.participants.select_related("user")
            ],
            "participant_form": ParticipantForm(role_choices(ex)) if seat.controller else None,
            "next_status": [s for s in Status if _allowed(seat.record.status, s.value)],
            "editable": seat.controller and bool(EDITABLE[CoreStatus(seat.record.status)]),
            "expectations": [
                (e, titles.get(e.inject, e.inject), objectives.get(e.objective, e.objective))
                for e in ex.expectations
            ],
        },
    )


def _allowed(current: str, wanted: str) -> bool:
    # Running, pausing and ending go with the clock, on the console.
    if wanted in (Status.RUNNING, Status.PAUSED, Status.ENDED):
        return False
    try:
        transition(CoreStatus(current), CoreStatus(wanted))
    except StateError:
        return False
    return True


@require_POST
@exercise_view(Need.CONTROL)
def status(request: HttpRequest, seat: Seat) -> HttpResponse:
    wanted = request.POST.get("status", "")
    if wanted not in Status.values or not _allowed(seat.record.status, wanted):
        messages.error(
            request,
            _("Een oefening met status „%(current)s” kan niet naar „%(wanted)s”.")
            % {"current": seat.record.get_status_display(), "wanted": wanted},
        )
    else:
        seat.record.status = wanted
        seat.record.save(update_fields=["status"])
        if wanted == Status.EVALUATED:
            # The lessons go into the map's one improvement plan.
            count = plan_actions.sync(seat.record, exercise_of(seat.record))
            if count:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s verbeteractie staat nu in het verbeterplan van de kaart.",
                        "%(n)s verbeteracties staan nu in het verbeterplan van de kaart.",
                        count,
                    )
                    % {"n": count},
                )
    return redirect("exercises:detail", map_id=seat.record.riskmap_id, exercise_id=seat.record.pk)


@require_POST
@exercise_view(Need.CONTROL)
def participant_add(request: HttpRequest, seat: Seat) -> HttpResponse:
    form = ParticipantForm(role_choices(exercise_of(seat.record)), request.POST)
    if form.is_valid():
        Participant.objects.update_or_create(
            exercise=seat.record,
            user=form.cleaned_data["username"],
            defaults={"role": form.cleaned_data["role"], "kind": form.cleaned_data["kind"]},
        )
        messages.success(request, _("De deelnemer is toegevoegd."))
    else:
        form_errors(request, form)
    return redirect("exercises:detail", map_id=seat.record.riskmap_id, exercise_id=seat.record.pk)


@require_POST
@exercise_view(Need.CONTROL)
def participant_remove(request: HttpRequest, seat: Seat, participant_id: int) -> HttpResponse:
    get_object_or_404(Participant, pk=participant_id, exercise=seat.record).delete()
    return redirect("exercises:detail", map_id=seat.record.riskmap_id, exercise_id=seat.record.pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The exercises one takes part in, also for people of a chain partner."""
    parts = Participant.objects.filter(user=person(request)).select_related("exercise__riskmap")
    return render(request, "exercises/mine.html", {"parts": parts})
