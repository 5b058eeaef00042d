"""Exercises on the web: plan from a scenario, play with roles, evaluate, and who may see what."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerbaar.web.accounts.models import Role
from weerbaar.web.exercises.models import DecisionEntry, ExerciseRecord, Participant, Status
from weerbaar.web.labels import duration_text

pytestmark = pytest.mark.django_db


def url(name: str, record: ExerciseRecord, **kw: Any) -> str:
    return reverse(
        f"exercises:{name}", kwargs={"map_id": record.riskmap_id, "exercise_id": record.pk, **kw}
    )


def create(
    client: Client, world: dict[str, Any], scenario: str = "ransomware", duration: str = "2h"
) -> ExerciseRecord:
    response = client.post(
        reverse("exercises:new", kwargs={"map_id": world["map_a"].pk}),
        {"scenario": scenario, "title": "", "duration": duration, "seed": "7"},
    )
    assert response.status_code == 302, response.content
    return ExerciseRecord.objects.latest("pk")


def start(client: Client, record: ExerciseRecord) -> None:
    client.post(url("status", record), {"status": "planned"})
    client.post(url("clock", record), {"action": "start"})
    record.refresh_from_db()


def as_user(user: Any) -> Client:
    # A client of its own per person: two people in two browsers.
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ciso(world: dict[str, Any]) -> Client:
    return as_user(world["users"][Role.CISO])


def test_it_drafts_an_exercise_from_a_scenario(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    assert record.status == Status.DRAFT and record.map_version == 1
    page = ciso.get(url("detail", record)).content.decode()
    assert "Uitkeringen" in page and "Draaiboek" in page
    assert record.script["seed"] == 7 and len(record.script["map"]["sha256"]) == 64
    assert record.script["language"] == "nl"


def test_the_script_language_is_chosen_not_taken_from_the_page(
    world: dict[str, Any], ciso: Client
) -> None:
    ciso.cookies["django_language"] = "en"
    create(ciso, world)  # an English page still writes a Dutch script by default
    assert ExerciseRecord.objects.latest("pk").script["language"] == "nl"
    ciso.post(
        reverse("exercises:new", kwargs={"map_id": world["map_a"].pk}),
        {"scenario": "ransomware", "duration": "2h", "seed": "7", "language": "en"},
    )
    english = ExerciseRecord.objects.latest("pk")
    assert english.script["language"] == "en"


def test_it_refuses_a_bad_duration_with_a_form_error(world: dict[str, Any], ciso: Client) -> None:
    response = ciso.post(
        reverse("exercises:new", kwargs={"map_id": world["map_a"].pk}),
        {"scenario": "ransomware", "duration": "lang", "seed": "1"},
    )
    assert response.status_code == 400
    assert not ExerciseRecord.objects.exists()


def test_it_refuses_illegal_state_changes(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    ciso.post(url("clock", record), {"action": "start"})  # a draft cannot start
    record.refresh_from_db()
    assert record.status == Status.DRAFT and record.clock_state == "stopped"
    ciso.post(url("status", record), {"status": "ended"})  # nor end
    record.refresh_from_db()
    assert record.status == Status.DRAFT


def test_a_player_sees_only_the_injects_of_the_role(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    player = world["users"][Role.BESTUURDER]
    ciso.post(
        url("participant_add", record),
        {"username": player.username, "role": "communicatie", "kind": "player"},
    )
    start(ciso, record)
    # Jump the clock to the end: every inject has been played.
    ExerciseRecord.objects.filter(pk=record.pk).update(clock_offset=10.0)
    client = as_user(player)
    state = client.get(url("state", record)).json()
    assert state["injects"]
    assert all("communicatie" in i["recipients"] for i in state["injects"])
    everything = ciso.get(url("state", record)).json()
    assert len(everything["injects"]) > len(state["injects"])
    # The script and the cascade are not for players.
    assert client.get(url("detail", record)).status_code == 403
    assert client.get(url("console", record)).status_code == 403


def test_a_decision_is_saved_at_once_and_shows_in_the_console(
    world: dict[str, Any], ciso: Client
) -> None:
    record = create(ciso, world)
    partner = world["users"][Role.KETENPARTNER]  # a chain partner, invited into this exercise only
    ciso.post(
        url("participant_add", record),
        {"username": partner.username, "role": "it", "kind": "player"},
    )
    start(ciso, record)
    client = as_user(partner)
    assert client.get(url("player", record)).status_code == 200
    client.post(url("decide", record), {"text": "Leverancier bellen", "inject": ""})
    entry = DecisionEntry.objects.get()
    assert entry.by == "it" and entry.text == "Leverancier bellen"
    console = as_user(world["users"][Role.CISO]).get(url("state", record)).json()
    assert console["decisions"][0]["text"] == "Leverancier bellen"
    # The page and its live updates read the time the same way: the exercise clock.
    DecisionEntry.objects.filter(pk=entry.pk).update(at=0.75)
    page = as_user(world["users"][Role.CISO]).get(url("console", record)).content.decode()
    assert "<strong>0:45 · it</strong>" in page and "0.75 h" not in page


def test_an_intervention_re_times_the_rest(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world, "stroom")
    start(ciso, record)
    before = [i["at"] for i in record.script["injects"]]
    response = ciso.post(
        url("intervene", record),
        {"text": "Stroom eerder terug", "kind": "restore", "node": "power", "inject": ""},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    entry = DecisionEntry.objects.get()
    assert entry.intervention["kind"] == "restore"
    assert [i["at"] for i in record.script["injects"]] != before


def test_a_refused_intervention_changes_nothing(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world, "stroom")
    start(ciso, record)
    script = record.script
    ciso.post(url("intervene", record), {"text": "x", "kind": "restore", "node": "uitkeringen"})
    record.refresh_from_db()
    assert record.script == script and not DecisionEntry.objects.exists()


def test_the_clock_pauses_resumes_and_survives_a_restart(
    world: dict[str, Any], ciso: Client
) -> None:
    record = create(ciso, world)
    start(ciso, record)
    ExerciseRecord.objects.filter(pk=record.pk).update(
        clock_since=timezone.now() - timedelta(minutes=30)
    )
    ciso.post(url("clock", record), {"action": "pause"})
    record.refresh_from_db()
    assert record.status == Status.PAUSED and 0.49 < record.clock_offset < 0.6
    # What the clock says comes from the database alone: a new request after a restart.
    assert ciso.get(url("state", record)).json()["now"] == "0:30"
    ciso.post(url("clock", record), {"action": "resume"})
    ciso.post(url("clock", record), {"action": "end"})
    record.refresh_from_db()
    assert record.status == Status.ENDED


def test_evaluators_rate_and_the_report_shows_it(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    first = record.script["expectations"][0]["id"]
    ciso.post(url("rate", record), {f"rating-{first}": "S", f"note-{first}": "te laat"})
    ciso.post(url("observe", record), {"text": "Goed beeld", "kind": "strength", "objective": ""})
    ciso.post(
        url("action", record),
        {
            "title": "Contract aanpassen",
            "owner": "Inkoop",
            "due": "2027-01-01",
            "status": "open",
            "measure": "tweede-internet",
        },
    )
    record.refresh_from_db()
    assert record.script["expectations"][0]["rating"] == "S"
    page = ciso.get(url("report", record)).content.decode()
    assert "Goed beeld" in page and "Contract aanpassen" in page and "tweede-internet" in page


@pytest.mark.parametrize(
    "name",
    ["detail", "console", "player", "state", "evaluate", "report"],
)
def test_another_municipality_gets_404(world: dict[str, Any], ciso: Client, name: str) -> None:
    record = create(ciso, world)
    assert as_user(world["user_b"]).get(url(name, record)).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("console", "get"),
        ("clock", "post"),
        ("inject", "post"),
        ("intervene", "post"),
        ("status", "post"),
        ("participant_add", "post"),
        ("action", "post"),
    ],
)
def test_a_bestuurder_may_read_but_not_run(
    world: dict[str, Any], ciso: Client, name: str, method: str
) -> None:
    record = create(ciso, world)
    client = as_user(world["users"][Role.BESTUURDER])
    assert client.get(url("detail", record)).status_code == 200
    assert getattr(client, method)(url(name, record)).status_code == 403


def test_a_partner_not_invited_gets_404(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    client = as_user(world["users"][Role.KETENPARTNER])
    assert client.get(url("player", record)).status_code == 404
    Participant.objects.create(exercise=record, user=world["users"][Role.KETENPARTNER], role="it")
    assert client.get(url("player", record)).status_code == 200
    assert client.get(url("report", record)).status_code == 403


def test_the_exercise_list_and_my_exercises(world: dict[str, Any], ciso: Client) -> None:
    record = create(ciso, world)
    page = ciso.get(
        reverse("exercises:list", kwargs={"map_id": world["map_a"].pk})
    ).content.decode()
    assert record.title in page
    assert ciso.get(reverse("my_exercises")).status_code == 200


def pdf_text(data: bytes, tmp_path: Any) -> str:
    import shutil
    import subprocess

    assert data.startswith(b"%PDF")
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF back"
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def test_the_after_action_report_is_a_pdf_to_read_without_the_tool(
    world: dict[str, Any], ciso: Client, tmp_path: Any
) -> None:
    record = create(ciso, world)
    ciso.post(url("observe", record), {"text": "Snel een gedeeld beeld", "kind": "strength"})
    response = ciso.get(url("report_pdf", record))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Evaluatieverslag" in text and "Snel een gedeeld beeld" in text
    assert "Gemeente A" in text


def test_the_facilitator_pack_has_every_inject_card(
    world: dict[str, Any], ciso: Client, tmp_path: Any
) -> None:
    record = create(ciso, world, duration="90m")
    text = pdf_text(ciso.get(url("pack_pdf", record)).content, tmp_path)
    for inject in record.script["injects"][:3]:
        assert inject["title"][:20] in " ".join(text.split())
    # The session's length as every page writes a duration, not "1.5 uur".
    count = len(record.script["injects"])
    assert f"{count} berichten in 1 uur 30 minuten." in " ".join(text.split())
    player = world["users"][Role.BESTUURDER]
    Participant.objects.create(exercise=record, user=player, role="it")
    assert as_user(player).get(url("pack_pdf", record)).status_code == 403
    assert as_user(player).get(url("report_pdf", record)).status_code == 403


def test_players_see_the_cascade_only_when_the_control_room_shows_it(
    world: dict[str, Any], ciso: Client
) -> None:
    record = create(ciso, world)
    start(ciso, record)
    ExerciseRecord.objects.filter(pk=record.pk).update(clock_state="paused", clock_offset=1.0)
    player = as_user(world["users"][Role.KETENPARTNER])
    Participant.objects.create(exercise=record, user=world["users"][Role.KETENPARTNER], role="it")
    assert "cascade" not in player.get(url("state", record)).json()
    console = ciso.get(url("state", record)).json()
    assert console["cascade"] and all(
        {"label", "vital", "hours", "duration"} <= set(c) for c in console["cascade"]
    )
    # How long each is down, as every page writes a duration ("1 uur", "30 min").
    assert all(c["duration"] == duration_text(c["hours"]) for c in console["cascade"])
    first = console["cascade"][0]["duration"]
    assert f"({first})" in ciso.get(url("console", record)).content.decode()
    assert player.post(url("cascade", record), {"show": "1"}).status_code == 403
    ciso.post(url("cascade", record), {"show": "1"})
    shown = player.get(url("state", record)).json()
    assert shown["cascade"] == console["cascade"]
    assert "Wat nu stilligt" in player.get(url("player", record)).content.decode()
    ciso.post(url("cascade", record), {"show": "0"})
    assert "cascade" not in player.get(url("state", record)).json()
