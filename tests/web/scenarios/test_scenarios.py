"""The scenario list, a scenario's page and JSON, and what-if runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.analyses import runs
from weerbaar.web.jobs.models import Job
from weerbaar.web.maps import service
from weerbaar.web.maps.models import MapVersion

pytestmark = pytest.mark.django_db

CYCLE = {
    "weerbaar": 1,
    "name": "Kring",
    "horizon": 48,
    "nodes": [
        {"id": "stroom", "requires": ["telecom"]},
        {"id": "telecom", "requires": ["stroom"]},
        {"id": "proces", "kind": "process", "name": "<b>Proces</b>", "requires": ["telecom"]},
    ],
    "scenarios": [{"id": "zwart", "failures": [{"node": "stroom", "duration": 2}]}],
}


def url(world: dict[str, Any], name: str, key: str = "map_a", **kwargs: Any) -> str:
    return reverse(f"scenarios:{name}", kwargs={"map_id": world[key].pk, **kwargs})


def detail(world: dict[str, Any], scenario: str = "stroom", key: str = "map_a") -> str:
    return url(world, "detail", key=key, scenario_id=scenario)


def test_it_lists_the_scenarios_with_their_scores(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world, "list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stroomstoring" in html and "Ransomware bij de hoster" in html
    assert detail(world, "ransomware") in html
    assert "ransomware</td>" in html  # the theme
    assert "nog niet berekend" not in html


def test_it_shows_a_scenario_with_timeline_impact_and_breaches(
    world: dict[str, Any], login: Any
) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(detail(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg viewBox="0 0' in html and "Verloop van de uitval: Stroomstoring" in html
    assert "3.1 Kosten" in html  # a criterion of the profile
    assert "MTPD overschreden op" in html  # Uitkeringen: 1 day + 4 h restart of the suite
    assert 'id="wb-player-config"' in html and "weerbaar/scenario.js" in html
    assert 'aria-live="polite"' in html
    # A bestuurder reads, but gets no what-if form.
    assert "Wat als?" not in html


def test_it_shows_what_is_down_at_a_chosen_moment(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    html = client.get(detail(world) + "?t=2").content.decode()
    assert "T+2 uur: 5 onderdelen uitgevallen, waarvan 1 vitaal proces" in html
    html = client.get(detail(world) + "?t=27").content.decode()
    assert "T+1 dag 3 uur: 2 onderdelen uitgevallen, waarvan 1 vitaal proces" in html
    html = client.get(detail(world) + "?t=100").content.decode()
    assert "niets uitgevallen" in html


def test_it_serves_the_simulation_for_the_player(world: dict[str, Any], login: Any) -> None:
    data = login(world["users"][Role.CISO]).get(url(world, "result", scenario_id="stroom")).json()
    assert data["simulation"]["down"]["power"] == [[0, 24]]
    assert data["simulation"]["down"]["suite"] == [[0, 28]]
    assert data["nodes"]["uitkeringen"] == {
        "label": "Uitkeringen",
        "kind": "process",
        "vital": True,
    }
    assert data["impact"]["score"] > 0
    assert data["breaches"][0]["node"] == "uitkeringen"
    assert data["window"] <= data["simulation"]["horizon"]


def test_it_answers_404_for_an_unknown_scenario(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    assert client.get(detail(world, "nope")).status_code == 404
    assert client.get(url(world, "result", scenario_id="nope")).status_code == 404


def test_it_warns_of_a_recovery_deadlock_and_escapes_map_text(
    world: dict[str, Any], login: Any
) -> None:
    record = service.create_map(world["org_a"], CYCLE, None, "test")
    html = (
        login(world["users"][Role.CISO])
        .get(reverse("scenarios:detail", kwargs={"map_id": record.pk, "scenario_id": "zwart"}))
        .content.decode()
    )
    assert "Herstel loopt vast." in html
    assert "<b>Proces</b>" not in html and "&lt;b&gt;Proces&lt;/b&gt;" in html


def test_it_computes_a_scenario_once_per_map_version(
    world: dict[str, Any], login: Any, monkeypatch: Any
) -> None:
    calls = []
    real = runs.simulate_json

    def counting(m: Any, p: dict[str, Any]) -> dict[str, Any]:
        calls.append(p)
        return real(m, p)

    monkeypatch.setattr(runs, "simulate_json", counting)
    client = login(world["users"][Role.CISO])
    client.get(detail(world))
    client.get(url(world, "result", scenario_id="stroom"))
    assert len(calls) == 1
    data = dict(MapVersion.objects.get(riskmap=world["map_a"]).data, horizon="10d")
    service.save(world["map_a"], data, author=None, summary="horizon", kind="map")
    client.get(detail(world))
    assert len(calls) == 2


def test_it_runs_a_what_if_with_a_measure_without_saving(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.CISO]).post(
        url(world, "whatif", scenario_id="ransomware"), {"measure": "tweede-internet"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tweede internetprovider" in html and "Voor en na" in html
    assert MapVersion.objects.filter(riskmap=world["map_a"]).count() == 1


def test_it_runs_a_what_if_with_a_shorter_horizon(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.CISO]).post(
        url(world, "whatif", scenario_id="ransomware"), {"horizon": "2d"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "doorgerekend over 2 dagen" in html and "in plaats van 5 dagen" in html
    assert "Wat verandert per onderdeel" in html


def test_it_explains_a_what_if_it_cannot_run(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    target = url(world, "whatif", scenario_id="stroom")
    empty = client.post(target, {"horizon": "", "measure": ""})
    assert empty.status_code == 400
    assert "Kies een andere horizon, een maatregel of beide." in empty.content.decode()
    wrong = client.post(target, {"horizon": "morgen"})
    assert wrong.status_code == 400 and "Geef een duur" in wrong.content.decode()
    unknown = client.post(target, {"measure": "nope"})
    assert unknown.status_code == 400


def test_it_lets_only_editors_run_a_what_if(world: dict[str, Any], login: Any) -> None:
    target = url(world, "whatif", scenario_id="stroom")
    anonymous = Client().post(target, {"horizon": "1d"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert login(world["users"][Role.BESTUURDER]).post(target, {"horizon": "1d"}).status_code == 403
    assert (
        login(world["users"][Role.KETENPARTNER]).post(target, {"horizon": "1d"}).status_code == 403
    )
    assert login(world["user_b"]).post(target, {"horizon": "1d"}).status_code == 404
    assert login(world["users"][Role.CISO]).get(target).status_code == 405


def test_it_guards_the_scenario_pages(world: dict[str, Any], login: Any, client: Any) -> None:
    pages = [url(world, "list"), detail(world), url(world, "result", scenario_id="stroom")]
    for page in pages:
        assert client.get(page).status_code == 302
    partner = login(world["users"][Role.KETENPARTNER])
    assert [partner.get(p).status_code for p in pages] == [403, 403, 403]
    other = login(world["user_b"])
    assert [other.get(p).status_code for p in pages] == [404, 404, 404]
    assert other.get(detail(world, key="map_b")).status_code == 200


def test_it_sends_a_large_map_to_the_worker(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.INLINE_NODE_LIMIT = 3
    client = login(world["users"][Role.BESTUURDER])
    response = client.get(detail(world))
    assert response.status_code == 202
    job = Job.objects.get()
    assert (
        job.params == runs.params("stroom") and job.requested_by == world["users"][Role.BESTUURDER]
    )
    html = response.content.decode()
    assert reverse("jobs:job_data", kwargs={"map_id": world["map_a"].pk, "job_id": job.pk}) in html
    assert '<noscript><meta http-equiv="refresh"' in html
    # Asking again, by page or by JSON, waits for the same job.
    assert client.get(url(world, "result", scenario_id="stroom")).status_code == 202
    assert client.get(detail(world)).status_code == 202
    assert Job.objects.count() == 1
    # The list does not queue every scenario of a large map.
    assert "nog niet berekend" in client.get(url(world, "list")).content.decode()
    assert Job.objects.count() == 1
