"""What is down now in the story as played: the control room sees it, players when shown.

In a real crisis nobody sees the whole truth, so players see only their
messages; the control room may show them the cascade (a toggle on the
console, :attr:`ExerciseRecord.cascade_shown`). The played story is
simulated once per revision of the exercise (every decision or clock change
bumps it) and kept in the map version's cache; each poll only looks up what
is down at the scenario time the clock stands for.
"""

from __future__ import annotations

import math
from typing import Any

from weerbaar.exercise.clock import to_scenario
from weerbaar.exercise.owners import is_noticed
from weerbaar.web.analyses import cache
from weerbaar.web.analyses import exercises as compute
from weerbaar.web.exercises.models import ExerciseRecord
from weerbaar.web.exercises.store import exercise_of, now
from weerbaar.web.labels import duration_text
from weerbaar.web.maps import service

#: Most nodes listed: the vital processes first.
SHOWN = 30


def _story(record: ExerciseRecord) -> Any:
    version = record.riskmap.versions.filter(number=record.map_version).first()
    if version is None:
        version = record.riskmap.current()

    def simulate() -> tuple[Any, list[tuple[str, bool, list[tuple[float, float]]]]]:
        m = service.to_model(version)
        ex = exercise_of(record)
        _planned, played = compute.planned_and_played(m, ex)
        rows = []
        for node_id, intervals in played.down.items():
            if not is_noticed(m, node_id):
                continue
            node = m.node(node_id)
            spans = [(a, math.inf if b is None else b) for a, b in intervals]
            rows.append((node.label, bool(node.vital), spans))
        return ex.phases, rows

    return cache.remembered(version, ("exercise-story", record.pk, record.revision), simulate)


def down_now(record: ExerciseRecord) -> list[dict[str, Any]]:
    """The noticed nodes down at the clock's scenario time, vital processes first."""
    phases, rows = _story(record)
    at = now(record)
    t = to_scenario(phases, at) if phases else at
    down = [
        {"label": label, "vital": vital, "hours": round(t - a, 1)}
        for label, vital, spans in rows
        for a, b in spans
        if a <= t < b
    ]
    down.sort(key=lambda r: (not r["vital"], r["label"].lower()))
    # How long each has been down, in the page's words and the duration style
    # of every page ("1 dag 6 uur"); "hours" is the same as data.
    return [{**r, "duration": duration_text(r["hours"])} for r in down[:SHOWN]]
