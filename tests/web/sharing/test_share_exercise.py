"""Sharing an exercise's after-action report: a chosen summary, the log only when asked."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.analyses.exercises import draft
from weerbaar.web.exercises.models import DecisionEntry, ExerciseRecord
from weerbaar.web.exercises.store import script_data
from weerbaar.web.maps import service
from weerbaar.web.sharing.models import ItemKind, SharedItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(shared: dict[str, Any]) -> ExerciseRecord:
    version, m = service.current(shared["map_a"])
    ex = draft(
        m, "stroom", title="Stroomoefening", duration=2.0, seed=1, language="nl", version_label="v"
    )
    record = ExerciseRecord.objects.create(
        riskmap=shared["map_a"],
        map_version=version.number,
        title=ex.title,
        scenario_id="stroom",
        script=script_data(ex),
    )
    DecisionEntry.objects.create(exercise=record, at=0.5, by="crisisteam", text="Noodstroom-geheim")
    return record


def url(record: ExerciseRecord) -> str:
    return reverse("sharing:share_exercise", kwargs={"exercise_id": record.pk})


def test_it_offers_the_summary_without_the_log(
    shared: dict[str, Any], exercise: ExerciseRecord, login: Any
) -> None:
    body = login(shared["author"]).get(url(exercise)).content.decode()
    assert "Evaluatie: Stroomoefening" in body and "Scenario: stroom" in body
    assert "Noodstroom-geheim" not in body


@pytest.mark.parametrize("include", [False, True])
def test_it_shares_the_log_only_when_ticked(
    include: bool, shared: dict[str, Any], exercise: ExerciseRecord, login: Any
) -> None:
    data = {
        "kind": ItemKind.EXERCISE_REPORT,
        "title": "Evaluatie stroom",
        "body": "Samenvatting",
        "tlp": "amber",
        "recipient_organisations": [shared["org_b"].pk],
        **({"include_log": "on"} if include else {}),
    }
    response = login(shared["author"]).post(url(exercise), data)
    assert response.status_code == 302
    item = SharedItem.objects.get(title="Evaluatie stroom")
    assert (item.source_type, item.source_id) == ("exercises.exercise", str(exercise.pk))
    assert ("log" in item.payload) is include
    page = login(shared["viewers"]["recipient-org"]).get(response["Location"]).content.decode()
    assert ("Noodstroom-geheim" in page) is include


@pytest.mark.parametrize(
    ("viewer", "status"), [("bestuurder", 403), ("recipient-org", 404), ("map-partner", 404)]
)
def test_it_lets_only_the_municipality_share_its_exercise(
    viewer: str, status: int, shared: dict[str, Any], exercise: ExerciseRecord, login: Any
) -> None:
    client = login(
        shared["viewers"][viewer] if viewer in shared["viewers"] else shared["users"][Role(viewer)]
    )
    assert client.get(url(exercise)).status_code == status
    assert (
        client.post(url(exercise), {"kind": "lesson", "title": "x", "tlp": "clear"}).status_code
        == status
    )
    assert not SharedItem.objects.filter(source_type="exercises.exercise").exists()
