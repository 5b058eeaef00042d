"""Who may do what in an exercise, on top of the map's gate (:mod:`weerbaar.web.maps.access`).

- the *control room*: people of the municipality whose role may run
  scenarios on the map (:attr:`Action.RUN`);
- *readers* of the script and the after-action report: whoever may see
  whole-map analyses, and the exercise's evaluators;
- *participants*: people invited into this exercise in a role, also users
  of a chain partner who may not open the map at all. A player sees only
  the injects for the role, never the script or the cascade.

Anyone else gets 404 (also a chain partner who may open the map but was
not invited), as for a map that is not theirs: an exercise's existence does
not leak. Someone with a seat asking for a page beyond it gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from weerbaar.web.accounts.models import Action
from weerbaar.web.exercises.models import ExerciseRecord, Kind, Participant, Status
from weerbaar.web.maps.access import Access, access_for


class Need(StrEnum):
    CONTROL = "control"
    READ = "read"
    PLAY = "play"
    EVALUATE = "evaluate"


@dataclass(frozen=True)
class Seat:
    """One user's place in one exercise."""

    record: ExerciseRecord
    access: Access | None
    participant: Participant | None

    @property
    def controller(self) -> bool:
        return self.access is not None and self.access.can(Action.RUN)

    @property
    def evaluator(self) -> bool:
        return self.controller or (
            self.participant is not None and self.participant.kind == Kind.EVALUATOR
        )

    @property
    def reader(self) -> bool:
        if self.evaluator:
            return True
        if self.participant is not None and self.record.status not in (
            Status.ENDED,
            Status.EVALUATED,
        ):
            # A player sees the script only afterwards, whatever the map allows:
            # in a real crisis nobody sees the whole truth.
            return False
        return self.access is not None and self.access.can(Action.ANALYSE)

    @property
    def player(self) -> bool:
        return self.participant is not None

    @property
    def role(self) -> str | None:
        return self.participant.role if self.participant is not None else None

    def may(self, need: Need) -> bool:
        return {
            Need.CONTROL: self.controller,
            Need.READ: self.reader,
            Need.PLAY: self.player or self.controller,
            Need.EVALUATE: self.evaluator,
        }[need]


def seat_for(user: Any, record: ExerciseRecord) -> Seat | None:
    access = access_for(user, record.riskmap)
    participant = record.participants.filter(user=user).first()
    if access is None and participant is None:
        return None
    return Seat(record, access, participant)


def exercise_view(
    need: Need,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking ``(request, seat, ...)`` (URL: ``map_id``, ``exercise_id``)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(
            request: HttpRequest, map_id: int, exercise_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            record = (
                ExerciseRecord.objects.select_related("riskmap__organisation")
                .filter(pk=exercise_id, riskmap_id=map_id)
                .first()
            )
            seat = seat_for(request.user, record) if record is not None else None
            if seat is None or not (seat.reader or seat.player or seat.controller):
                raise Http404("no such exercise")
            if not seat.may(need):
                raise PermissionDenied
            return view(request, seat, *args, **kwargs)

        return wrapped

    return decorate
