"""Evaluate: ratings, observations, the hot wash, improvement actions, the after-action report."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.exercise.evaluation import objective_results, responses, trend
from weerbaar.exercise.records import ActionStatus, ImprovementAction, ObservationKind, Rating
from weerbaar.report.council import to_pdf
from weerbaar.web.analyses import exercises as compute
from weerbaar.web.exercises import plan_actions
from weerbaar.web.exercises.access import Need, Seat, exercise_view
from weerbaar.web.exercises.forms import RATING_CHOICES, ActionForm, HotWashForm, ObservationForm
from weerbaar.web.exercises.models import ExerciseRecord, HotWash, ObservationEntry, Status
from weerbaar.web.exercises.store import exercise_of, map_of, now, save_script
from weerbaar.web.exercises.views.common import clock_label, form_errors, person, role_choices


def _back(seat: Seat, name: str) -> HttpResponse:
    return redirect(f"exercises:{name}", map_id=seat.record.riskmap_id, exercise_id=seat.record.pk)


def _objectives(seat: Seat) -> list[tuple[str, str]]:
    return [(o.id, o.title) for o in exercise_of(seat.record).objectives]


@exercise_view(Need.EVALUATE)
def evaluate(request: HttpRequest, seat: Seat) -> HttpResponse:
    ex = exercise_of(seat.record)
    titles = {i.id: (clock_label(i.at), i.title) for i in ex.injects}
    rows = [(x, titles.get(x.inject, ("", x.inject))) for x in ex.expectations]
    return render(
        request,
        "exercises/evaluate.html",
        {
            "access": seat.access,
            "seat": seat,
            "record": seat.record,
            "exercise": ex,
            "rows": rows,
            "choices": RATING_CHOICES,
            "observation_form": ObservationForm(_objectives(seat)),
            "observations": seat.record.observations.all(),
        },
    )


@require_POST
@exercise_view(Need.EVALUATE)
def rate(request: HttpRequest, seat: Seat) -> HttpResponse:
    with transaction.atomic():
        record = ExerciseRecord.objects.select_for_update().get(pk=seat.record.pk)
        ex = exercise_of(record)
        rated = []
        for x in ex.expectations:
            value = request.POST.get(f"rating-{x.id}", "")
            note = request.POST.get(f"note-{x.id}", x.note)[:20000]
            rating = Rating(value) if value in Rating._value2member_map_ else None
            rated.append(replace(x, rating=rating, note=note))
        save_script(record, replace(ex, expectations=tuple(rated)))
    messages.success(request, _("De beoordelingen zijn opgeslagen."))
    return _back(seat, "evaluate")


@require_POST
@exercise_view(Need.EVALUATE)
def observe(request: HttpRequest, seat: Seat) -> HttpResponse:
    form = ObservationForm(_objectives(seat), request.POST)
    if form.is_valid():
        ObservationEntry.objects.create(
            exercise=seat.record,
            at=now(seat.record),
            user=person(request),
            by=person(request).get_full_name() or person(request).get_username(),
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            objective=form.cleaned_data["objective"],
        )
        messages.success(request, _("De waarneming is vastgelegd."))
    else:
        messages.error(request, _("De waarneming is niet opgeslagen: vul de tekst in."))
    return _back(seat, "evaluate")


@require_POST
@exercise_view(Need.PLAY)
def hotwash(request: HttpRequest, seat: Seat) -> HttpResponse:
    form = HotWashForm(request.POST)
    if seat.record.status not in (Status.ENDED, Status.EVALUATED):
        messages.error(request, _("De terugblik kan pas na afloop van de oefening."))
    elif form.is_valid():
        HotWash.objects.create(exercise=seat.record, user=person(request), **form.cleaned_data)
        messages.success(request, _("Dank u; uw terugblik is opgeslagen."))
    else:
        messages.error(request, _("Vul beide vragen in."))
    return _back(seat, "player")


@require_POST
@exercise_view(Need.CONTROL)
def action(request: HttpRequest, seat: Seat) -> HttpResponse:
    """Add an improvement action, or change one (``id`` given)."""
    with transaction.atomic():
        record = ExerciseRecord.objects.select_for_update().get(pk=seat.record.pk)
        ex = exercise_of(record)
        form = ActionForm(map_of(record), request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return _back(seat, "report")
        data = form.cleaned_data
        existing = request.POST.get("id", "")
        ids = {a.id for a in ex.actions}
        action_id = existing if existing in ids else f"a{len(ids) + 1}"
        while action_id in ids and not existing:
            action_id += "x"
        new = ImprovementAction(
            action_id,
            data["title"],
            data["owner"],
            data["due"],
            ActionStatus(data["status"]),
            data["measure"] or None,
        )
        actions = [new if a.id == action_id else a for a in ex.actions]
        if action_id not in ids:
            actions.append(new)
        changed = replace(ex, actions=tuple(actions))
        save_script(record, changed)
        plan_actions.sync(record, changed)
    messages.success(request, _("De verbeteractie is opgeslagen."))
    return _back(seat, "report")


def _timeline(m: Any, ex: Any) -> list[dict[str, Any]]:
    """Vital processes down as planned and as played: first down and back up, in scenario hours."""
    planned, played = compute.planned_and_played(m, ex)
    rows = []
    for node in m.vital_processes:
        a, b = planned.down.get(node.id, []), played.down.get(node.id, [])
        if not a and not b:
            continue
        rows.append(
            {
                "name": node.name or node.id,
                "planned": planned.downtime(node.id),
                "played": played.downtime(node.id),
                "mtpd": node.mtpd,
            }
        )
    return rows


def _report_context(seat: Seat) -> dict[str, Any]:
    record = seat.record
    ex = exercise_of(record)
    m = map_of(record)
    roles = dict(role_choices(ex))
    runs = [
        exercise_of(r)
        for r in ExerciseRecord.objects.filter(
            riskmap=record.riskmap, scenario_id=record.scenario_id, status=Status.EVALUATED
        )
    ]
    rows = [
        {
            "at": clock_label(r.inject.at),
            "inject": r.inject,
            "to": ", ".join(roles.get(x, x) for x in r.inject.recipients),
            "decision": r.decision,
            "decided": clock_label(r.decision.at) if r.decision else "",
            "minutes": round(r.minutes) if r.minutes is not None else None,
        }
        for r in responses(ex)
    ]
    titles = {i.id: i.title for i in ex.injects}
    # The whole decision log: also decisions that answered no message, and
    # the control room's decisions that changed the story.
    log = [
        {
            "at": clock_label(d.at),
            "by": roles.get(d.by, d.by),
            "text": d.text,
            "inject": titles.get(d.inject or "", ""),
            "changed": d.intervention is not None,
        }
        for d in sorted(ex.decisions, key=lambda d: d.at)
    ]
    return {
        "access": seat.access,
        "seat": seat,
        "record": record,
        "exercise": ex,
        "rows": rows,
        "log": log,
        "objectives": objective_results(ex),
        "strengths": [o for o in ex.observations if o.kind is ObservationKind.STRENGTH],
        "improvements": [o for o in ex.observations if o.kind is ObservationKind.IMPROVEMENT],
        "timeline": _timeline(m, ex),
        "trend": trend(runs) if len(runs) > 1 else [],
        "hotwash": record.hotwash.all(),
        "action_form": ActionForm(m) if seat.controller else None,
    }


@exercise_view(Need.READ)
def report(request: HttpRequest, seat: Seat) -> HttpResponse:
    """The after-action report and improvement plan, readable without the tool."""
    return render(request, "exercises/report.html", _report_context(seat))


def _pdf(request: HttpRequest, template: str, context: dict[str, Any], name: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    response = HttpResponse(to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@exercise_view(Need.READ)
def report_pdf(request: HttpRequest, seat: Seat) -> HttpResponse:
    """The after-action report as tagged PDF (PDF/UA-1), for a burgemeester without the tool."""
    name = f"evaluatieverslag-{slugify(seat.record.title)}.pdf"
    return _pdf(request, "exercises/print/report.html", _report_context(seat), name)


@exercise_view(Need.CONTROL)
def pack_pdf(request: HttpRequest, seat: Seat) -> HttpResponse:
    """The facilitator pack for a tabletop without screens: scenario, roles, inject cards,
    evaluation sheet."""
    ex = exercise_of(seat.record)
    names = dict(role_choices(ex))
    people: dict[str, list[str]] = {r.id: [] for r in ex.roles}
    for p in seat.record.participants.select_related("user"):
        people.setdefault(p.role, []).append(p.user.get_full_name() or p.user.get_username())
    titles = {i.id: (clock_label(i.at), i.title) for i in ex.injects}
    context = {
        "record": seat.record,
        "exercise": ex,
        "roles": [(names.get(r, r), ps) for r, ps in people.items()],
        "injects": [
            (i, clock_label(i.at), [names.get(r, r) for r in i.recipients]) for i in ex.injects
        ],
        "rows": [(x, titles.get(x.inject, ("", x.inject))) for x in ex.expectations],
    }
    name = f"draaiboek-{slugify(seat.record.title)}.pdf"
    return _pdf(request, "exercises/print/pack.html", context, name)
