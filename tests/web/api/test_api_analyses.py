"""The API's analyses: scenarios, simulation with scores, criticality; as the CLI gives them."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.management import call_command
from django.urls import reverse

from weerbaar.cli import main
from weerbaar.engine import simulate
from weerbaar.model import from_data
from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def map_file(tmp_path: Path, small_map_data: dict[str, Any]) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(json.dumps(small_map_data), encoding="utf-8")  # JSON is YAML
    return path


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def simulation_url(world: dict[str, Any], scenario: str) -> str:
    return reverse("api:simulation", kwargs={"mapId": world["map_a"].pk, "scenarioId": scenario})


@pytest.mark.parametrize("scenario", ["stroom", "ransomware"])
def test_it_simulates_as_the_engine_and_the_cli(
    world: dict[str, Any],
    api: Any,
    small_map_data: dict[str, Any],
    map_file: Path,
    scenario: str,
) -> None:
    response = api(world["users"][Role.BESTUURDER]).get(simulation_url(world, scenario))
    assert response.status_code == 200
    body = response.json()
    impact, breaches = body.pop("impact"), body.pop("mtpdBreaches")
    assert body == simulate(from_data(small_map_data), scenario).to_json()
    cli = cli_json("simulate", str(map_file), "--scenario", scenario, "--json")
    assert impact == cli["impact"]
    assert breaches == [
        {
            "node": b["node"],
            "mtpd": b["mtpd"],
            "outage": b["outage"],
            "breachedAt": b["breached_at"],
        }
        for b in cli["mtpd_breaches"]
    ]


def test_it_reports_the_mtpd_breach_of_a_long_outage(world: dict[str, Any], api: Any) -> None:
    body = api(world["users"][Role.CISO]).get(simulation_url(world, "ransomware")).json()
    assert [b["node"] for b in body["mtpdBreaches"]] == ["uitkeringen"]
    assert body["impact"]["score"] > 0


def test_it_overrides_the_horizon_and_rejects_a_bad_one(world: dict[str, Any], api: Any) -> None:
    client = api(world["users"][Role.CISO])
    assert client.get(simulation_url(world, "stroom"), {"horizon": "2d"}).json()["horizon"] == 48
    response = client.get(simulation_url(world, "stroom"), {"horizon": "soon"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "horizon"


def test_it_answers_404_for_an_unknown_scenario(world: dict[str, Any], api: Any) -> None:
    response = api(world["users"][Role.CISO]).get(simulation_url(world, "meteoriet"))
    assert response.status_code == 404


def test_it_gives_criticality_as_the_cli(world: dict[str, Any], api: Any, map_file: Path) -> None:
    url = reverse("api:criticality", kwargs={"mapId": world["map_a"].pk})
    response = api(world["users"][Role.BESTUURDER]).get(url)
    assert response.status_code == 200
    body = response.json()
    cli = cli_json("criticality", str(map_file), "--json")
    assert body == {
        "fails": cli["fails"],
        "singlePoints": cli["single_points"],
        "ranking": cli["ranking"],
    }
    assert "hosting" in body["singlePoints"]["uitkeringen"]


def test_it_lists_the_scenarios(world: dict[str, Any], api: Any) -> None:
    url = reverse("api:scenarios", kwargs={"mapId": world["map_a"].pk})
    body = api(world["users"][Role.CISO]).get(url).json()
    assert [s["id"] for s in body["results"]] == ["stroom", "ransomware"]


def test_it_keeps_analyses_from_a_partner_without_the_whole_map(
    world: dict[str, Any], api: Any
) -> None:
    client = api(world["users"][Role.KETENPARTNER])
    kwargs = {"mapId": world["map_a"].pk}
    for url in (
        reverse("api:scenarios", kwargs=kwargs),
        reverse("api:criticality", kwargs=kwargs),
        simulation_url(world, "stroom"),
    ):
        assert client.get(url).status_code == 403


def run_worker() -> None:
    call_command("worker", "--once", stdout=StringIO())


def test_it_queues_the_simulation_of_a_large_map_and_answers_with_the_job(
    world: dict[str, Any], api: Any, settings: Any, map_file: Path
) -> None:
    settings.INLINE_NODE_LIMIT = 3
    client = api(world["users"][Role.BESTUURDER])
    response = client.get(simulation_url(world, "stroom"), {"horizon": "2d"})
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == job["url"]
    assert job["status"] == "queued" and job["result"] is None and job["kind"] == "simulate"
    # Asking again while it waits queues nothing new.
    assert client.get(simulation_url(world, "stroom"), {"horizon": "2d"}).json()["id"] == job["id"]
    run_worker()
    done = client.get(job["url"]).json()
    assert done["status"] == "done" and done["progress"] == {"done": 1, "total": 1}
    expected = cli_json(
        "simulate", str(map_file), "--scenario", "stroom", "--horizon", "2d", "--json"
    )
    assert done["result"]["down"] == expected["down"]
    assert done["result"]["impact"]["score"] == expected["impact"]["score"]
    # Once computed, the simulation itself answers at once.
    again = client.get(simulation_url(world, "stroom"), {"horizon": "2d"})
    assert again.status_code == 200 and again.json() == done["result"]


def test_it_queues_the_criticality_of_a_large_map(
    world: dict[str, Any], api: Any, settings: Any, map_file: Path
) -> None:
    settings.INLINE_NODE_LIMIT = 3
    client = api(world["users"][Role.CISO])
    url = reverse("api:criticality", kwargs={"mapId": world["map_a"].pk})
    response = client.get(url)
    assert response.status_code == 202
    run_worker()
    result = client.get(response["Location"]).json()["result"]
    expected = cli_json("criticality", str(map_file), "--json")
    assert result["ranking"] == expected["ranking"]
    assert result["singlePoints"] == expected["single_points"]
    assert client.get(url).json()["status"] == "done"


def test_it_keeps_a_job_inside_its_map(world: dict[str, Any], api: Any, settings: Any) -> None:
    settings.INLINE_NODE_LIMIT = 3
    url = reverse("api:criticality", kwargs={"mapId": world["map_a"].pk})
    job_url = api(world["users"][Role.CISO]).get(url)["Location"]
    assert api(world["user_b"]).get(job_url).status_code == 404
    other_map = job_url.replace(f"/maps/{world['map_a'].pk}/", f"/maps/{world['map_b'].pk}/")
    assert api(world["user_b"]).get(other_map).status_code == 404
    assert api(world["users"][Role.KETENPARTNER]).get(job_url).status_code == 403
    assert api(world["users"][Role.BESTUURDER]).get(job_url).status_code == 200
