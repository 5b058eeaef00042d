"""The shipped exercises in the demo: one held twice and evaluated, a planned one, a draft.

They come from ``examples/oefening-*.yaml`` next to the demo map, with the
demo users in the roles: ``weerbaar-web loaddemo`` calls :func:`load`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from weerbaar.exercise import editing
from weerbaar.exercise.editing import Part
from weerbaar.exercise.fileformat import load_exercise
from weerbaar.exercise.model import Exercise, Status
from weerbaar.exercise.records import ActionStatus, ImprovementAction, Rating
from weerbaar.web.exercises import plan_actions
from weerbaar.web.exercises.models import (
    DecisionEntry,
    ExerciseRecord,
    HotWash,
    Kind,
    ObservationEntry,
    Participant,
)
from weerbaar.web.exercises.store import change_script, intervention_json, script_data
from weerbaar.web.maps.models import RiskMapRecord

FILES = (
    "oefening-telecomstoring.yaml",
    "oefening-ransomware-leverancier.yaml",
    "oefening-datalek.yaml",
)
#: Exercise role -> demo user who plays it.
PLAYERS = {
    "burgemeester": "burgemeester",
    "crisiscoordinator": "crisis",
    "oov": "oov",
    "ketenpartner": "hosting",
}


def load(riskmap: RiskMapRecord, folder: Path) -> str:
    """Load the shipped exercises onto ``riskmap`` once; what it did, as one line."""
    if riskmap.exercises.exists():
        return "Exercises already loaded."
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PLAYERS.values())}
    version = riskmap.current().number
    loaded = []
    for name in FILES:
        path = folder / name
        if not path.exists():
            continue
        ex = load_exercise(path)
        if ex.status is Status.EVALUATED:
            # The same exercise held a year before, so the trend shows two runs.
            _store(riskmap, version, earlier_run(ex), users)
            loaded.append(ex.title)
        record = _store(riskmap, version, ex, users)
        if ex.status is Status.EVALUATED and "burgemeester" in users:
            HotWash.objects.create(
                exercise=record,
                user=users["burgemeester"],
                went_well="Snel opgeschaald en één lijn naar buiten.",
                to_improve="We wisten niet wie Nationale Telecom moest bellen.",
            )
        if ex.status in (Status.DRAFT, Status.PLANNED) and ex.injects:
            _edited(record, ex, users.get("crisis"))
        loaded.append(ex.title)
    return f"Exercises loaded: {len(loaded)}."


def _edited(record: ExerciseRecord, ex: Exercise, author: Any) -> None:
    """A change by the control room in a script not yet played, so its audit trail shows one."""
    first = ex.injects[0]
    changed = replace(first, text=(first.text + " Bel eerst de CISO.").strip())
    after = editing.put_inject(ex, changed, replacing=first.id)
    change_script(
        record, ex, after, (Part.INJECT, first.id, first.id), author, f"gewijzigd: {first.id}"
    )


#: A run a year before: each rating one step worse, as a team that had not practised yet.
WORSE = {Rating.PERFORMED: Rating.SOME_CHALLENGES, Rating.SOME_CHALLENGES: Rating.MAJOR_CHALLENGES,
         Rating.MAJOR_CHALLENGES: Rating.UNABLE, Rating.UNABLE: Rating.UNABLE}  # fmt: skip


def earlier_run(ex: Exercise) -> Exercise:
    """The evaluated exercise ``ex`` as first held a year earlier, with weaker results.

    Decisions came a quarter of an hour later, ratings one step worse, and
    it had one action of its own (done since): what the trend and the
    improvement plan of the demo show.
    """
    assert ex.held is not None
    held = ex.held.replace(year=ex.held.year - 1)
    return replace(
        ex,
        held=held,
        expectations=tuple(
            replace(x, rating=WORSE[x.rating] if x.rating else None) for x in ex.expectations
        ),
        decisions=tuple(
            replace(d, at=min(d.at + 0.25, ex.duration), logged=None, intervention=None)
            for d in ex.decisions
        ),
        observations=(),
        lessons=(),
        actions=(
            ImprovementAction(
                "a1",
                "Telefoonlijst van het crisisteam actueel houden en elk kwartaal testen",
                "Crisiscoördinator",
                held.replace(month=12, day=1),
                ActionStatus.DONE,
            ),
        ),
    )


def _store(
    riskmap: RiskMapRecord, version: int, ex: Exercise, users: dict[str, Any]
) -> ExerciseRecord:
    record = ExerciseRecord.objects.create(
        riskmap=riskmap,
        map_version=version,
        title=ex.title,
        scenario_id=ex.scenario,
        status=ex.status.value,
        held=ex.held,
        script=script_data(ex),
    )
    if ex.status is Status.EVALUATED:
        record.clock_state = "ended"
        record.clock_offset = ex.duration
        record.save(update_fields=["clock_state", "clock_offset"])
    for d in ex.decisions:
        entry = DecisionEntry.objects.create(
            exercise=record,
            at=d.at,
            by=d.by,
            user=users.get(PLAYERS.get(d.by, "")),
            text=d.text,
            inject=d.inject or "",
            intervention=intervention_json(d.intervention),
        )
        _when(entry, d.logged)
    for o in ex.observations:
        ObservationEntry.objects.create(
            exercise=record,
            at=o.at,
            by=o.by,
            text=o.text,
            kind=o.kind.value,
            objective=o.objective or "",
        )
    for role, username in PLAYERS.items():
        user = users.get(username)
        if user is not None and role in {r.id for r in ex.roles}:
            Participant.objects.create(exercise=record, user=user, role=role, kind=Kind.PLAYER)
    # The lessons of an evaluated run are in the map's improvement plan.
    plan_actions.sync(record, ex)
    return record


def _when(entry: DecisionEntry, logged: Any) -> None:
    # `logged` is set when a row is written; a shipped decision keeps its own time.
    if logged is not None:
        if timezone.is_naive(logged):
            logged = timezone.make_aware(logged)
        DecisionEntry.objects.filter(pk=entry.pk).update(logged=logged)
