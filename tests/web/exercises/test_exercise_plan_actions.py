"""An evaluated exercise's improvement actions in the map's one improvement plan."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.accounts.models import Role
from weerbaar.web.exercises.models import ExerciseRecord, Status

pytestmark = pytest.mark.django_db


def url(name: str, record: ExerciseRecord) -> str:
    return reverse(
        f"exercises:{name}", kwargs={"map_id": record.riskmap_id, "exercise_id": record.pk}
    )


def played(client: Client, world: dict[str, Any]) -> ExerciseRecord:
    """An exercise drafted, played to the end, with one improvement action."""
    new = reverse("exercises:new", kwargs={"map_id": world["map_a"].pk})
    client.post(new, {"scenario": "ransomware", "title": "", "duration": "2h", "seed": "7"})
    record = ExerciseRecord.objects.latest("pk")
    client.post(url("status", record), {"status": "planned"})
    client.post(url("clock", record), {"action": "start"})
    client.post(url("clock", record), {"action": "end"})
    action = {"title": "Contract met de hoster aanpassen", "owner": "Inkoop",
              "due": "2027-01-01", "status": "open", "measure": "tweede-internet"}  # fmt: skip
    client.post(url("action", record), action)
    record.refresh_from_db()
    assert record.status == Status.ENDED
    return record


def test_evaluating_an_exercise_puts_its_actions_in_the_plan(world: dict[str, Any]) -> None:
    ciso = Client()
    ciso.force_login(world["users"][Role.CISO])
    record = played(ciso, world)
    assert not ActionRecord.objects.exists()  # not before the evaluation
    ciso.post(url("status", record), {"status": "evaluated"})
    row = ActionRecord.objects.get()
    assert (row.source, row.source_ref, row.title, row.owner, row.measures) == (
        Source.EXERCISE,
        f"{record.pk}#a1",
        "Contract met de hoster aanpassen",
        "Inkoop",
        ["tweede-internet"],
    )
    plan = ciso.get(reverse("accountability:plan", kwargs={"map_id": world["map_a"].pk}))
    page = plan.content.decode()
    assert "Contract met de hoster aanpassen" in page
    assert url("report", record) in page  # the lesson links to its after-action report
    report = ciso.get(reverse("accountability:report", kwargs={"map_id": world["map_a"].pk}))
    assert f"{record.title}: Contract met de hoster aanpassen" in report.content.decode()


def test_a_change_after_the_evaluation_follows_into_the_plan(world: dict[str, Any]) -> None:
    ciso = Client()
    ciso.force_login(world["users"][Role.CISO])
    record = played(ciso, world)
    ciso.post(url("status", record), {"status": "evaluated"})
    plan_row = ActionRecord.objects.get()
    plan_row.cost = 5000
    plan_row.save()
    ciso.post(
        url("action", record),
        {"id": "a1", "title": "Contract met de hoster aanpassen", "owner": "Inkoop",
         "due": "2027-02-01", "status": "done", "measure": ""},
    )  # fmt: skip
    plan_row.refresh_from_db()
    assert (str(plan_row.due), plan_row.status, plan_row.measures) == ("2027-02-01", "done", [])
    assert plan_row.cost == 5000  # the plan's own figure stays
    assert ActionRecord.objects.count() == 1
