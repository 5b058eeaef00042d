"""The shipped exercises in the demo: a held and evaluated one, a planned one, a draft.

They come from ``examples/oefening-*.yaml`` next to the demo map, with the
demo users in the roles: ``weerbaar-web loaddemo`` calls :func:`load`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from weerbaar.exercise.fileformat import load_exercise
from weerbaar.web.exercises.models import (
    DecisionEntry,
    ExerciseRecord,
    HotWash,
    Kind,
    ObservationEntry,
    Participant,
)
from weerbaar.web.exercises.store import intervention_json, script_data
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
        record = ExerciseRecord.objects.create(
            riskmap=riskmap,
            map_version=version,
            title=ex.title,
            scenario_id=ex.scenario,
            status=ex.status.value,
            held=ex.held,
            script=script_data(ex),
        )
        if ex.status.value == "evaluated":
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
        if ex.status.value == "evaluated" and "burgemeester" in users:
            HotWash.objects.create(
                exercise=record,
                user=users["burgemeester"],
                went_well="Snel opgeschaald en één lijn naar buiten.",
                to_improve="We wisten niet wie Nationale Telecom moest bellen.",
            )
        loaded.append(ex.title)
    return f"Exercises loaded: {len(loaded)}."


def _when(entry: DecisionEntry, logged: Any) -> None:
    # `logged` is set when a row is written; a shipped decision keeps its own time.
    if logged is not None:
        if timezone.is_naive(logged):
            logged = timezone.make_aware(logged)
        DecisionEntry.objects.filter(pk=entry.pk).update(logged=logged)
