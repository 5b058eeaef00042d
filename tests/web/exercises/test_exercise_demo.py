"""The demo's exercises: the evaluated one held twice, so the trend shows something real."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from weerbaar.exercise.evaluation import trend
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.exercises import demo
from weerbaar.web.exercises.models import ExerciseRecord, Status
from weerbaar.web.exercises.store import exercise_of

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_the_demo_holds_one_exercise_twice_with_a_trend(world: dict[str, Any]) -> None:
    assert demo.load(world["map_a"], EXAMPLES) == "Exercises loaded: 4."
    runs = ExerciseRecord.objects.filter(status=Status.EVALUATED).order_by("held")
    assert [r.scenario_id for r in runs] == ["landelijke-telecomstoring"] * 2
    assert [r.held.isoformat() for r in runs] == ["2025-10-08", "2026-10-08"]
    points = trend([exercise_of(r) for r in runs])
    assert len(points) == 2
    before, after = points[0].scores, points[1].scores
    assert set(before) == set(after) and all(before[c] < after[c] for c in after)
    # Both runs' lessons are in the map's improvement plan.
    refs = set(
        ActionRecord.objects.filter(source=Source.EXERCISE).values_list("source_ref", flat=True)
    )
    assert {f"{runs[0].pk}#a1", f"{runs[1].pk}#a1", f"{runs[1].pk}#a2"} <= refs
    # A script not yet played shows an edit in its audit trail.
    from weerbaar.web.exercises.models import ScriptChange

    assert ScriptChange.objects.filter(part="inject", before__isnull=False).exists()
    assert demo.load(world["map_a"], EXAMPLES) == "Exercises already loaded."
