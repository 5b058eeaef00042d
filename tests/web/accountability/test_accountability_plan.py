"""The improvement plan: proposals from open controls, actions added and changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accountability.models import ActionRecord, AssessmentRecord

pytestmark = pytest.mark.django_db


def test_it_proposes_open_controls_and_adopts_them(
    world: dict[str, Any], account: dict[str, Any], login: Any, settings: Any
) -> None:
    from django.utils import timezone

    year = timezone.localdate().year
    AssessmentRecord.objects.create(
        riskmap=world["map_a"],
        catalogue=account["catalogue"],
        year=year,
        control_id="8.93.01",
        applicable=True,
        level=0,
        owner="Team ICT",
        measures=["tweede-internet"],
    )
    client = login(account["ciso"])
    url = reverse("accountability:plan", kwargs={"map_id": world["map_a"].pk})
    page = client.get(url).content.decode()
    assert "Tweede lijn aanleggen" in page
    assert "8.93.01 opnemen in het plan" in page
    client.post(
        reverse("accountability:adopt", kwargs={"map_id": world["map_a"].pk}),
        {"control": "8.93.01"},
    )
    adopted = ActionRecord.objects.get(source_ref="8.93.01")
    assert (adopted.owner, adopted.measures, float(adopted.cost)) == (
        "Team ICT",
        ["tweede-internet"],
        12000.0,
    )
    assert "8.93.01 opnemen" not in client.get(url).content.decode()


def test_it_adds_and_changes_an_action_with_checked_amounts(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(account["ciso"])
    add = reverse("accountability:action_add", kwargs={"map_id": world["map_a"].pk})
    bad = client.post(
        add,
        {
            "title": "Draaiboek bijwerken",
            "source": "exercise",
            "status": "open",
            "cost": "-5",
            "spent": "0",
        },
    )
    assert bad.status_code == 400 and "negatief" in bad.content.decode()
    response = client.post(
        add,
        {
            "title": "Draaiboek bijwerken",
            "source": "exercise",
            "source_ref": "Oefening maart",
            "owner": "Adviseur OOV",
            "due": "2026-06-01",
            "status": "open",
            "cost": "0",
            "spent": "0",
        },
    )
    assert response.status_code == 302
    action = ActionRecord.objects.get(title="Draaiboek bijwerken")
    edit = reverse(
        "accountability:action_edit", kwargs={"map_id": world["map_a"].pk, "action_id": action.pk}
    )
    client.post(
        edit,
        {
            "title": "Draaiboek bijwerken",
            "source": "exercise",
            "status": "done",
            "cost": "0",
            "spent": "1500",
        },
    )
    action.refresh_from_db()
    assert (action.status, float(action.spent)) == ("done", 1500.0)


def test_the_plan_of_another_map_is_not_reachable(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(world["user_b"])
    edit = reverse(
        "accountability:action_edit",
        kwargs={"map_id": world["map_b"].pk, "action_id": account["action"].pk},
    )
    assert client.get(edit).status_code == 404  # B may edit its own plan, which has no such action
