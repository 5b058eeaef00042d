"""Share what another app holds: an exercise's after-action report or its lessons.

The sharer chooses the summary; the decision log goes along only when the
sharer ticks it. The new item remembers its source (``source_type``,
``source_id``), never a link that would let a recipient into the source.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.exercise.evaluation import objective_results
from weerbaar.exercise.records import ObservationKind
from weerbaar.sharing.tlp import TLP
from weerbaar.web.exercises.access import seat_for
from weerbaar.web.exercises.models import ExerciseRecord
from weerbaar.web.exercises.store import exercise_of
from weerbaar.web.sharing.access import sharing_organisations
from weerbaar.web.sharing.forms import ShareForm
from weerbaar.web.sharing.models import ItemKind
from weerbaar.web.sharing.views.items import save_item

EXERCISE = "exercises.exercise"


class ExerciseShareForm(ShareForm):
    include_log = forms.BooleanField(
        label=gettext_lazy("Ook het besluitenlogboek delen"),
        required=False,
        help_text=gettext_lazy("Zonder vinkje deelt u alleen de samenvatting hierboven."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = [
            (k, v) for k, v in ItemKind.choices if k in (ItemKind.EXERCISE_REPORT, ItemKind.LESSON)
        ]
        del self.fields["value"]


def summary(record: ExerciseRecord) -> str:
    """The after-action report in a few lines: objectives, strengths, improvements, lessons."""
    ex = exercise_of(record)
    lines = [_("Scenario: %(s)s") % {"s": record.scenario_id}]
    for result in objective_results(ex):
        rating = result.rating.value if result.rating is not None else "—"
        lines.append(_("Doel: %(d)s — %(r)s") % {"d": result.objective.title, "r": rating})
    for o in ex.observations:
        if o.kind is ObservationKind.STRENGTH:
            lines.append(_("Ging goed: %(t)s") % {"t": o.text})
        elif o.kind is ObservationKind.IMPROVEMENT:
            lines.append(_("Kan beter: %(t)s") % {"t": o.text})
    lines += [_("Les: %(t)s") % {"t": lesson.text} for lesson in ex.lessons]
    return "\n".join(lines)


def decision_log(record: ExerciseRecord) -> list[str]:
    return [f"{d.at:.2f} h · {d.by}: {d.text}" for d in record.decisions.all()]


@login_required
def share_exercise(request: HttpRequest, exercise_id: int) -> HttpResponse:
    record = (
        ExerciseRecord.objects.select_related("riskmap__organisation")
        .filter(pk=exercise_id)
        .first()
    )
    seat = seat_for(request.user, record) if record is not None else None
    if record is None or seat is None or not seat.reader:
        raise Http404("no such exercise")
    owner = record.riskmap.organisation
    if owner not in sharing_organisations(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ExerciseShareForm(owner, request.POST)
        if form.is_valid():
            payload: dict[str, Any] = {
                "exercise": {"title": record.title, "scenario": record.scenario_id}
            }
            if form.cleaned_data.get("include_log"):
                payload["log"] = decision_log(record)
            item = save_item(
                form,
                owner,
                request.user,
                payload=payload,
                source_type=EXERCISE,
                source_id=str(record.pk),
            )
            messages.success(
                request, _("Gedeeld onder %(label)s.") % {"label": item.tlp_enum.label}
            )
            return redirect("sharing:detail", item_id=item.stix_id)
        status = 400
    else:
        form = ExerciseShareForm(
            owner,
            initial={
                "kind": ItemKind.EXERCISE_REPORT,
                "title": _("Evaluatie: %(t)s") % {"t": record.title},
                "body": summary(record),
                "tlp": TLP.AMBER.value,
            },
        )
        status = 200
    return render(
        request,
        "sharing/new.html",
        {
            "form": form,
            "owner": owner,
            "owners": [owner],
            "action_url": reverse("sharing:share_exercise", kwargs={"exercise_id": record.pk}),
        },
        status=status,
    )
