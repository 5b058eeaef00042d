"""Run: the control room's console and clock, the players' page, decisions, the live state.

Every change happens in a transaction holding the exercise's row
(``select_for_update``), so two controllers at once act one after the
other on the latest state; a decision is one insert, saved at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.exercise.model import StateError
from weerbaar.exercise.records import (
    Channel,
    Decision,
    EventKind,
    Inject,
    Intervention,
    InterventionKind,
)
from weerbaar.exercise.retime import InterventionError, intervention_at
from weerbaar.web.analyses import exercises as compute
from weerbaar.web.exercises.access import Need, Seat, exercise_view
from weerbaar.web.exercises.cascade import down_now
from weerbaar.web.exercises.forms import (
    ClockForm,
    DecisionForm,
    HotWashForm,
    InjectForm,
    InterventionForm,
)
from weerbaar.web.exercises.models import DecisionEntry, ExerciseRecord, Status
from weerbaar.web.exercises.store import (
    clock_of,
    duration,
    exercise_of,
    injects_until,
    intervention_json,
    map_of,
    now,
    save_script,
    set_clock,
)
from weerbaar.web.exercises.views.common import clock_label, form_errors, person, role_choices

LIVE = (Status.RUNNING, Status.PAUSED)


def _back(seat: Seat, name: str = "console") -> HttpResponse:
    return redirect(f"exercises:{name}", map_id=seat.record.riskmap_id, exercise_id=seat.record.pk)


def _locked(seat: Seat) -> ExerciseRecord:
    record: ExerciseRecord = ExerciseRecord.objects.select_for_update().get(pk=seat.record.pk)
    return record


def _config(seat: Seat, role: str | None) -> dict[str, Any]:
    url = reverse(
        "exercises:state", kwargs={"map_id": seat.record.riskmap_id, "exercise_id": seat.record.pk}
    )
    return {
        "state": url + (f"?role={role}" if role else ""),
        "text": {
            "none": _("Nog geen berichten."),
            "nothing_down": _("Nu ligt er niets stil."),
            "to": _("aan"),
        },
    }


@exercise_view(Need.CONTROL)
def console(request: HttpRequest, seat: Seat) -> HttpResponse:
    record = seat.record
    ex = exercise_of(record)
    roles = role_choices(ex)
    at = now(record)
    played = [(i, clock_label(i.at)) for i in ex.injects if i.at <= at]
    coming = [(i, clock_label(i.at)) for i in ex.injects if i.at > at]
    injects = [(i.id, f"{i.id} — {i.title}") for i in ex.injects if i.at <= at]
    return render(
        request,
        "exercises/console.html",
        {
            "access": seat.access,
            "seat": seat,
            "record": record,
            "exercise": ex,
            "clock": clock_of(record),
            "now": clock_label(at),
            "end": clock_label(duration(record)),
            "played": played,
            "coming": coming[:8],
            "decisions": record.decisions.all(),
            "clock_form": ClockForm(),
            "inject_form": InjectForm(roles),
            "decision_form": InterventionForm(injects, map_of(record)),
            "config": _config(seat, None),
            "live": record.status in LIVE,
            "cascade": down_now(record),
        },
    )


@require_POST
@exercise_view(Need.CONTROL)
def clock(request: HttpRequest, seat: Seat) -> HttpResponse:
    form = ClockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Onbekende bediening van de klok."))
        return _back(seat)
    action = form.cleaned_data["action"]
    wall = timezone.now()
    with transaction.atomic():
        record = _locked(seat)
        c = clock_of(record)
        status = record.status
        try:
            if action == "start":
                if status != Status.PLANNED:
                    raise ValueError(
                        _(
                            "Alleen een geplande oefening kan beginnen; "
                            "zet het concept eerst op gepland."
                        )
                    )
                c, status = c.start(wall), Status.RUNNING
            elif action == "pause":
                c, status = c.pause(wall), Status.PAUSED
            elif action == "resume":
                c, status = c.resume(wall), Status.RUNNING
            elif action == "speed":
                c = c.set_speed(wall, form.cleaned_data.get("speed") or 1.0)
            elif action == "next":
                at = c.now(wall)
                later = sorted(i.at for i in exercise_of(record).injects if i.at > at)
                if not later:
                    raise ValueError(_("Er komen geen berichten meer."))
                c = c.jump(wall, later[0])
            elif action == "end":
                c, status = c.end(wall), Status.ENDED
        except ValueError as exc:
            messages.error(request, str(exc))
            return _back(seat)
        set_clock(record, c)
        if status != record.status:
            ExerciseRecord.objects.filter(pk=record.pk).update(status=status)
    return _back(seat)


@require_POST
@exercise_view(Need.CONTROL)
def inject(request: HttpRequest, seat: Seat) -> HttpResponse:
    """A message written now by the control room, sent at once."""
    with transaction.atomic():
        record = _locked(seat)
        ex = exercise_of(record)
        form = InjectForm(role_choices(ex), request.POST)
        if record.status not in LIVE:
            messages.error(request, _("Berichten versturen kan alleen terwijl de oefening loopt."))
        elif not form.is_valid():
            form_errors(request, form)
        else:
            taken = {i.id for i in ex.injects}
            n = 1
            while f"h{n:02d}" in taken:
                n += 1
            data = form.cleaned_data
            manual = Inject(
                id=f"h{n:02d}",
                at=now(record),
                title=data["title"],
                recipients=tuple(data["recipients"]),
                channel=Channel(data["channel"]),
                text=data["text"],
                event=EventKind.MANUAL,
            )
            injects = sorted((*ex.injects, manual), key=lambda i: i.at)
            save_script(record, replace(ex, injects=tuple(injects)))
            messages.success(request, _("Het bericht is verstuurd."))
    return _back(seat)


@require_POST
@exercise_view(Need.CONTROL)
def intervene(request: HttpRequest, seat: Seat) -> HttpResponse:
    """A decision of the control room, which may change the story from now on."""
    with transaction.atomic():
        record = _locked(seat)
        ex = exercise_of(record)
        m = map_of(record)
        at = now(record)
        injects = [(i.id, i.title) for i in ex.injects if i.at <= at]
        form = InterventionForm(injects, m, request.POST)
        if record.status not in LIVE:
            messages.error(request, _("Besluiten vastleggen kan alleen terwijl de oefening loopt."))
            return _back(seat)
        if not form.is_valid():
            form_errors(request, form)
            return _back(seat)
        data = form.cleaned_data
        iv = None
        if data["kind"]:
            iv = Intervention(
                InterventionKind(data["kind"]),
                intervention_at(ex, at),
                node=data["node"] or None,
                measure=data["measure"] or None,
                duration=data["duration"],
                requirement=data["requirement"] or None,
                alternative=data["alternative"] or None,
            )
        by = _("regie")
        decision = Decision(at, by, data["text"], data["inject"] or None, intervention=iv)
        try:
            result = compute.decide(ex, m, decision)
        except (InterventionError, StateError) as exc:
            messages.error(request, str(exc))
            return _back(seat)
        if iv is not None:
            save_script(record, result.exercise)
            messages.success(
                request,
                _(
                    "Het verloop is opnieuw doorgerekend: %(r)s berichten verschoven, "
                    "%(d)s vervallen, %(a)s nieuw."
                )
                % {"r": len(result.retimed), "d": len(result.dropped), "a": len(result.added)},
            )
        DecisionEntry.objects.create(
            exercise=record,
            at=at,
            by=by,
            user=person(request),
            text=data["text"],
            inject=data["inject"] or "",
            intervention=intervention_json(iv),
        )
    return _back(seat)


def _role(request: HttpRequest, seat: Seat) -> str | None:
    """The player's role; the control room may look through any role's eyes."""
    if seat.participant is not None:
        return seat.participant.role
    return request.GET.get("role") or None


@exercise_view(Need.PLAY)
def player(request: HttpRequest, seat: Seat) -> HttpResponse:
    record = seat.record
    role = _role(request, seat)
    ex = exercise_of(record)
    roles = dict(role_choices(ex))
    if role not in roles:
        return render(
            request,
            "exercises/choose_role.html",
            {"access": seat.access, "record": record, "roles": roles.items()},
        )
    at = now(record)
    mine = [(i, clock_label(i.at)) for i in ex.injects_for(role) if i.at <= at]
    return render(
        request,
        "exercises/player.html",
        {
            "access": seat.access,
            "seat": seat,
            "record": record,
            "exercise": ex,
            "role": role,
            "role_name": roles[role],
            "injects": mine,
            "decisions": record.decisions.filter(by=role),
            "form": DecisionForm([(i.id, i.title) for i, _t in mine]),
            "hotwash": HotWashForm() if record.status in (Status.ENDED, Status.EVALUATED) else None,
            "config": _config(seat, role),
            "live": record.status in LIVE,
            "cascade": down_now(record) if record.cascade_shown else None,
        },
    )


@require_POST
@exercise_view(Need.PLAY)
def decide(request: HttpRequest, seat: Seat) -> HttpResponse:
    """A player's decision, saved at once with its time."""
    record = seat.record
    role = _role(request, seat)
    at = now(record)
    own = [(i["id"], i["title"]) for i in injects_until(record, at, role)]
    form = DecisionForm(own, request.POST)
    if record.status not in LIVE:
        messages.error(request, _("Besluiten vastleggen kan alleen terwijl de oefening loopt."))
    elif role is None or not form.is_valid():
        messages.error(request, _("Het besluit is niet opgeslagen: vul het besluit in."))
    else:
        DecisionEntry.objects.create(
            exercise=record,
            at=at,
            by=role,
            user=person(request),
            text=form.cleaned_data["text"],
            inject=form.cleaned_data["inject"] or "",
        )
        messages.success(
            request, _("Uw besluit is vastgelegd om %(time)s.") % {"time": clock_label(at)}
        )
    url = reverse(
        "exercises:player", kwargs={"map_id": record.riskmap_id, "exercise_id": record.pk}
    )
    return redirect(url + (f"?role={role}" if seat.participant is None and role else ""))


@exercise_view(Need.PLAY)
def state(request: HttpRequest, seat: Seat) -> JsonResponse:
    """What the page shows now: polled every 1.5 s by exercise.js."""
    record = seat.record
    at = now(record)
    role = _role(request, seat)  # None only for the control room: everything
    injects = injects_until(record, at, role)
    decisions = record.decisions.all() if role is None else record.decisions.filter(by=role)
    body = {
        "revision": record.revision,
        "status": record.status,
        "clock": record.clock_state,
        "now": clock_label(at),
        "injects": [
            {
                "id": i["id"],
                "at": clock_label(i["hours"]),
                "title": i["title"],
                "text": i.get("text", ""),
                "channel": i["channel"],
                "recipients": i["recipients"],
            }
            for i in injects
        ],
        "decisions": [
            {"at": clock_label(d.at), "by": d.by, "text": d.text, "inject": d.inject}
            for d in decisions
        ],
    }
    # The cascade itself: the control room always, players only when shown.
    if role is None or record.cascade_shown:
        body["cascade"] = down_now(record)
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response
