"""Every exercise URL for every kind of visitor: nothing leaks, nothing changes.

- someone of another municipality: 404 everywhere, as for no exercise;
- a chain partner invited as a player: plays, and gets 403 for the control
  room, the evaluation and (while it runs) the script;
- the bestuurder: reads, never runs or edits (403);
- an anonymous visitor: sent to log in.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from test_exercises import as_user, create, url

from weerbaar.web.accounts.models import Role
from weerbaar.web.exercises import urls as exercise_urls
from weerbaar.web.exercises.models import (
    DecisionEntry,
    ExerciseRecord,
    Participant,
    ScriptChange,
)

pytestmark = pytest.mark.django_db

#: (name, method, need) of every URL of one exercise.
URLS = [
    ("detail", "get", "read"),
    ("status", "post", "control"),
    ("participant_add", "post", "control"),
    ("participant_remove", "post", "control"),
    ("script_changes", "get", "read"),
    ("script_add", "get", "control"),
    ("script_edit", "get", "control"),
    ("script_delete", "post", "control"),
    ("console", "get", "control"),
    ("clock", "post", "control"),
    ("inject", "post", "control"),
    ("intervene", "post", "control"),
    ("cascade", "post", "control"),
    ("player", "get", "play"),
    ("decide", "post", "play"),
    ("state", "get", "play"),
    ("evaluate", "get", "evaluate"),
    ("rate", "post", "evaluate"),
    ("observe", "post", "evaluate"),
    ("hotwash", "post", "play"),
    ("action", "post", "control"),
    ("report", "get", "read"),
    ("report_pdf", "get", "read"),
    ("pack_pdf", "get", "control"),
]


def target(name: str, record: ExerciseRecord, participant: Participant) -> str:
    first = record.script["injects"][0]["id"]
    extra: dict[str, Any] = {
        "participant_remove": {"participant_id": participant.pk},
        "script_add": {"kind": "bericht"},
        "script_edit": {"kind": "bericht", "item_id": first},
        "script_delete": {"kind": "bericht", "item_id": first},
    }.get(name, {})
    return url(name, record, **extra)


@pytest.fixture
def setup(world: dict[str, Any]) -> dict[str, Any]:
    ciso = as_user(world["users"][Role.CISO])
    record = create(ciso, world)
    partner = world["users"][Role.KETENPARTNER]
    seat = Participant.objects.create(exercise=record, user=partner, role="it")
    return {"record": record, "seat": seat, "partner": partner}


def snapshot(record: ExerciseRecord) -> tuple[Any, ...]:
    record.refresh_from_db()
    return (
        record.script,
        record.status,
        record.clock_state,
        DecisionEntry.objects.count(),
        ScriptChange.objects.count(),
        Participant.objects.count(),
    )


def test_it_lists_every_exercise_url() -> None:
    names = {p.name for p in exercise_urls.urlpatterns} - {"list", "new"}
    assert names == {name for name, _m, _n in URLS}


def test_another_municipality_gets_404_everywhere(
    world: dict[str, Any], setup: dict[str, Any]
) -> None:
    record = setup["record"]
    client = as_user(world["user_b"])
    before = snapshot(record)
    for name, method, _need in URLS:
        response = getattr(client, method)(target(name, record, setup["seat"]))
        assert response.status_code == 404, name
    for name, method in (("list", "get"), ("new", "post")):
        kwargs = {"map_id": record.riskmap_id}
        assert (
            getattr(client, method)(reverse(f"exercises:{name}", kwargs=kwargs)).status_code == 404
        )
    assert snapshot(record) == before


@pytest.mark.parametrize("who", ["bestuurder", "player"])
def test_each_seat_gets_only_its_own_pages(
    world: dict[str, Any], setup: dict[str, Any], who: str
) -> None:
    record = setup["record"]
    user = world["users"][Role.BESTUURDER] if who == "bestuurder" else setup["partner"]
    client = as_user(user)
    allowed = {"bestuurder": {"read"}, "player": {"play"}}[who]
    before = snapshot(record)
    for name, method, need in URLS:
        response = getattr(client, method)(target(name, record, setup["seat"]))
        if need in allowed:
            assert response.status_code in (200, 302), f"{who} {name}"
        else:
            assert response.status_code == 403, f"{who} {name}: {response.status_code}"
    after = snapshot(record)
    # Only what the seat may do: a (refused) decision outside the live
    # exercise and a hot wash change nothing in the script or the clock.
    assert after[:3] == before[:3] and after[4:] == before[4:]


def test_anonymous_visitors_are_sent_to_log_in(setup: dict[str, Any]) -> None:
    record = setup["record"]
    for name, method, _need in URLS:
        response = getattr(Client(), method)(target(name, record, setup["seat"]))
        assert response.status_code == 302 and reverse("login") in response["Location"], name
