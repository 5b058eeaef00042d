"""Run: the control room shows the players the cascade as played, or hides it again."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.web.exercises.access import Need, Seat, exercise_view
from weerbaar.web.exercises.models import ExerciseRecord
from weerbaar.web.exercises.store import bump


@require_POST
@exercise_view(Need.CONTROL)
def toggle(request: HttpRequest, seat: Seat) -> HttpResponse:
    """Show or hide the cascade on the players' pages (they follow within a poll)."""
    show = request.POST.get("show") == "1"
    with transaction.atomic():
        ExerciseRecord.objects.filter(pk=seat.record.pk).update(cascade_shown=show)
        bump(seat.record)
    messages.success(
        request,
        _("De spelers zien nu het verloop.") if show else _("Het verloop is weer verborgen."),
    )
    return redirect("exercises:console", map_id=seat.record.riskmap_id, exercise_id=seat.record.pk)
