"""The control room edits the script: injects, objectives, expectations; deletions audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from test_exercises import as_user, create, start, url

from weerbaar.web.accounts.models import Role
from weerbaar.web.exercises.models import ExerciseRecord, ObservationEntry, ScriptChange, Status
from weerbaar.web.exercises.store import exercise_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ciso(world: dict[str, Any]) -> Client:
    return as_user(world["users"][Role.CISO])


def edit_url(record: ExerciseRecord, kind: str, item: str | None = None) -> str:
    if item is None:
        return url("script_add", record, kind=kind)
    return url("script_edit", record, kind=kind, item_id=item)


def delete_url(record: ExerciseRecord, kind: str, item: str) -> str:
    return url("script_delete", record, kind=kind, item_id=item)


def inject_form(record: ExerciseRecord, **changes: Any) -> dict[str, Any]:
    role = record.script["roles"][0]["id"]
    return {
        "at": "70m",
        "title": "Wethouder belt",
        "text": "De wethouder wil weten wat er aan de hand is.",
        "channel": "telefoon",
        "recipients": [role],
        "expected": "Wethouder informeren\nPersbericht voorbereiden",
        **changes,
    }


def test_it_adds_changes_and_deletes_an_inject_with_an_audit_trail(
    world: dict[str, Any], ciso: Client
) -> None:
    record = create(ciso, world)
    before = len(record.script["injects"])
    assert ciso.get(edit_url(record, "bericht")).status_code == 200
    response = ciso.post(edit_url(record, "bericht"), inject_form(record))
    assert response.status_code == 302
    record.refresh_from_db()
    ex = exercise_of(record)
    added = next(i for i in ex.injects if i.title == "Wethouder belt")
    assert added.at == pytest.approx(70 / 60) and len(ex.injects) == before + 1
    assert added.expected == ("Wethouder informeren", "Persbericht voorbereiden")
    assert [i.at for i in ex.injects] == sorted(i.at for i in ex.injects)

    page = ciso.get(edit_url(record, "bericht", added.id)).content.decode()
    assert "Wethouder belt" in page and "70m" in page
    ciso.post(edit_url(record, "bericht", added.id), inject_form(record, title="Burgemeester belt"))
    record.refresh_from_db()
    assert exercise_of(record).inject(added.id).title == "Burgemeester belt"

    ciso.post(delete_url(record, "bericht", added.id))
    record.refresh_from_db()
    assert added.id not in {i.id for i in exercise_of(record).injects}
    trail = list(ScriptChange.objects.filter(exercise=record).order_by("pk"))
    assert [c.part for c in trail] == ["inject"] * 3
    assert trail[0].before is None and trail[0].after["title"] == "Wethouder belt"
    assert trail[1].before["title"] == "Wethouder belt"
    assert trail[1].after["title"] == "Burgemeester belt"
    assert trail[2].before["title"] == "Burgemeester belt" and trail[2].after is None
    assert trail[2].author == world["users"][Role.CISO]
    changes = ciso.get(url("script_changes", record)).content.decode()
    assert "verwijderd: " + added.id in changes and "Burgemeester belt" in changes


def test_it_edits_objectives_and_expectations(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    ciso.post(
        edit_url(record, "doel"),
        {"title": "Snel opschalen", "capability": "opschaling", "description": ""},
    )
    record.refresh_from_db()
    objective = next(o for o in exercise_of(record).objectives if o.title == "Snel opschalen")
    first = record.script["injects"][0]["id"]
    ciso.post(
        edit_url(record, "verwachting"),
        {"inject": first, "objective": objective.id, "text": "ROT binnen 30 minuten bijeen"},
    )
    record.refresh_from_db()
    ex = exercise_of(record)
    expectation = next(e for e in ex.expectations if e.text == "ROT binnen 30 minuten bijeen")
    assert (expectation.inject, expectation.objective) == (first, objective.id)
    ciso.post(
        edit_url(record, "verwachting", expectation.id),
        {"inject": first, "objective": objective.id, "text": "ROT binnen 20 minuten bijeen"},
    )
    ciso.post(
        edit_url(record, "doel", objective.id),
        {"title": "Snel en goed opschalen", "capability": "opschaling", "description": "GRIP"},
    )
    record.refresh_from_db()
    ex = exercise_of(record)
    assert any(e.text == "ROT binnen 20 minuten bijeen" for e in ex.expectations)
    assert any(o.title == "Snel en goed opschalen" for o in ex.objectives)
    page = ciso.get(url("detail", record)).content.decode()
    assert "ROT binnen 20 minuten bijeen" in page and "Snel en goed opschalen" in page
    # Removing the objective takes its expectations with it.
    ciso.post(delete_url(record, "doel", objective.id))
    record.refresh_from_db()
    ex = exercise_of(record)
    assert objective.id not in {o.id for o in ex.objectives}
    assert all(e.objective != objective.id for e in ex.expectations)
    assert ScriptChange.objects.filter(exercise=record, part="objective").count() == 3


def test_bad_values_get_a_form_error_and_change_nothing(
    world: dict[str, Any], ciso: Client
) -> None:
    record = create(ciso, world)
    script = record.script
    for bad in (
        inject_form(record, at="later"),
        inject_form(record, at="30h"),  # past the end of the session
        inject_form(record, recipients=["nobody"]),
        inject_form(record, title=""),
    ):
        response = ciso.post(edit_url(record, "bericht"), bad)
        assert response.status_code == 400
        assert "utrecht-form-field-error-message" in response.content.decode() or (
            "utrecht-alert--error" in response.content.decode()
        )
    assert ciso.get(edit_url(record, "bericht", "no-such")).status_code == 404
    assert ciso.get(url("script_add", record, kind="iets")).status_code == 404
    record.refresh_from_db()
    assert record.script == script and not ScriptChange.objects.exists()


def test_while_running_only_what_lies_ahead_may_change(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    start(ciso, record)
    ExerciseRecord.objects.filter(pk=record.pk).update(clock_state="paused", clock_offset=1.0)
    record.refresh_from_db()
    ex = exercise_of(record)
    past = next(i for i in ex.injects if i.at <= 1.0)
    ahead = next(i for i in ex.injects if i.at > 1.0)
    script = record.script
    refused = ciso.post(edit_url(record, "bericht", past.id), inject_form(record, at="2h"))
    assert refused.status_code == 400 and "al gespeeld" in refused.content.decode()
    into_past = ciso.post(edit_url(record, "bericht", ahead.id), inject_form(record, at="30m"))
    assert into_past.status_code == 400
    deleted = ciso.post(delete_url(record, "bericht", past.id), follow=True)
    assert "al gespeeld" in deleted.content.decode()
    record.refresh_from_db()
    assert record.script == script
    ciso.post(delete_url(record, "bericht", ahead.id))
    record.refresh_from_db()
    assert ahead.id not in {i.id for i in exercise_of(record).injects}
    # An objective that observations name stays while the exercise runs.
    objective = ex.objectives[0].id
    ObservationEntry.objects.create(exercise=record, at=0.5, text="x", objective=objective)
    ciso.post(delete_url(record, "doel", objective))
    record.refresh_from_db()
    assert objective in {o.id for o in exercise_of(record).objectives}


def test_an_ended_exercise_keeps_its_script(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    ExerciseRecord.objects.filter(pk=record.pk).update(status=Status.ENDED)
    record.refresh_from_db()
    first = record.script["injects"][0]["id"]
    response = ciso.post(edit_url(record, "bericht", first), inject_form(record))
    assert response.status_code == 400 and "afgelopen" in response.content.decode()
    ciso.post(delete_url(record, "bericht", first))
    record.refresh_from_db()
    assert first in {i["id"] for i in record.script["injects"]}
    assert "wijzigen" not in ciso.get(url("detail", record)).content.decode()


@pytest.mark.parametrize("name", ["script_add", "script_edit", "script_delete", "script_changes"])
def test_others_may_not_edit(world: dict[str, Any], ciso: Client, name: str) -> None:
    record = create(ciso, world)
    first = record.script["injects"][0]["id"]
    kwargs: dict[str, Any] = {} if name == "script_changes" else {"kind": "bericht"}
    if name in ("script_edit", "script_delete"):
        kwargs["item_id"] = first
    target = url(name, record, **kwargs)
    method = "post" if name == "script_delete" else "get"
    script = record.script
    assert getattr(as_user(world["user_b"]), method)(target).status_code == 404
    if name != "script_changes":
        bestuurder = as_user(world["users"][Role.BESTUURDER])
        assert getattr(bestuurder, method)(target).status_code == 403
    record.refresh_from_db()
    assert record.script == script
    assert reverse("login") in getattr(Client(), method)(target)["Location"]
