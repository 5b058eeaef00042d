"""The API's accountability resources: catalogues, statement, plan, budget; who reads what."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from accountability_data import assessed
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from weerbaar.web.accountability.models import AssessmentRecord
from weerbaar.web.accounts.models import Action, Role
from weerbaar.web.analyses.insight import analysis_of

pytestmark = pytest.mark.django_db


def urls(world: dict[str, Any], account: dict[str, Any], key: str = "map_a") -> list[str]:
    m = world[key].pk
    return [
        reverse("api:catalogues", kwargs={"mapId": m}),
        reverse(
            "api:statement",
            kwargs={"mapId": m, "catalogueId": account["catalogue"].pk, "year": 2026},
        ),
        reverse("api:improvement-actions", kwargs={"mapId": m}),
        reverse("api:budget", kwargs={"mapId": m}) + "?budget=20000",
        reverse("api:briefing", kwargs={"mapId": m, "role": "raad"}),
    ]


def test_it_lists_the_catalogues_and_the_years_assessed(
    world: dict[str, Any], account: dict[str, Any], api: Any
) -> None:
    body = api(world["users"][Role.BESTUURDER]).get(urls(world, account)[0]).json()
    (row,) = body["results"]
    assert row["name"] == account["catalogue"].name and row["years"] == [2026]
    assert row["controls"] == account["catalogue"].controls.count()


def test_it_gives_the_statement_of_applicability_with_evidence_names(
    world: dict[str, Any], account: dict[str, Any], api: Any
) -> None:
    response = api(world["users"][Role.BESTUURDER]).get(urls(world, account)[1], {"pageSize": 500})
    assert response.status_code == 200
    rows = {r["control"]: r for r in response.json()["results"]}
    assert rows["8.91.01"]["applicable"] is True and rows["8.91.01"]["level"] == 1
    assert rows["8.91.01"]["evidence"] == ["contract.pdf"]
    assert rows["8.91.01"]["nodes"] == ["internet-a"]
    assert rows["8.91.01"]["measures"] == ["tweede-internet"]
    # The whole catalogue, also what is not assessed yet.
    assert any(r["status"] == "niet beoordeeld" and r["applicable"] is None for r in rows.values())


def test_it_lists_the_plan_with_the_risk_each_action_takes_away(
    world: dict[str, Any], account: dict[str, Any], api: Any
) -> None:
    body = api(world["users"][Role.CISO]).get(urls(world, account)[2]).json()
    (row,) = body["results"]
    assert row["title"] == "Tweede lijn aanleggen" and row["cost"] == 12000.0
    version = world["map_a"].current()
    effect = next(r for r in analysis_of(version).measures if r.id == "tweede-internet")
    assert row["riskReduction"] == pytest.approx(float(effect.reduction))


def test_it_queues_the_budget_and_answers_any_amount_once_it_is_done(
    world: dict[str, Any], account: dict[str, Any], api: Any
) -> None:
    client = api(world["users"][Role.BESTUURDER])
    url = urls(world, account)[3]
    first = client.get(url)
    assert first.status_code == 202 and first.json()["kind"] == "budget"
    assert first["Location"] == first.json()["url"]
    call_command("worker", "--once", stdout=StringIO())
    job = client.get(first.json()["url"]).json()
    assert job["status"] == "done" and job["result"]["method"] == "exact"
    done = client.get(url)
    assert done.status_code == 200
    body = done.json()
    assert body["budget"] == 20000 and body["best"]["cost"] <= 20000
    assert body["frontier"][0]["measures"] == [] and body["baseline_risk"] > 0
    low = client.get(reverse("api:budget", kwargs={"mapId": world["map_a"].pk}), {"budget": "0"})
    assert low.status_code == 200 and low.json()["best"]["measures"] == []


def test_it_answers_a_bad_budget_with_problem_details(
    world: dict[str, Any], account: dict[str, Any], api: Any
) -> None:
    client = api(world["users"][Role.BESTUURDER])
    for raw in ("-5", "abc", ""):
        response = client.get(
            reverse("api:budget", kwargs={"mapId": world["map_a"].pk}), {"budget": raw}
        )
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["invalidParams"][0]["name"] == "budget"
    bad_year = reverse(
        "api:statement",
        kwargs={"mapId": world["map_a"].pk, "catalogueId": account["catalogue"].pk, "year": 1900},
    )
    assert client.get(bad_year).status_code == 400


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_route_answers_each_role_as_its_rights_say(
    world: dict[str, Any], account: dict[str, Any], api: Any, role: Role
) -> None:
    client = api(world["users"][role])
    before = AssessmentRecord.objects.count()
    for url in urls(world, account):
        response = client.get(url)
        if role is not Role.KETENPARTNER and role.can(Action.ACCOUNT):
            assert response.status_code in (200, 202), url
        else:
            assert response.status_code == 403, f"{role} {url}"
            assert response["Content-Type"] == "application/problem+json"
            assert "Tweede lijn" not in response.content.decode()
    assert AssessmentRecord.objects.count() == before


def test_another_municipality_finds_nothing(
    world: dict[str, Any], account: dict[str, Any], api: Any
) -> None:
    client = api(world["user_b"])
    for url in urls(world, account):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "contract.pdf" not in response.content.decode()
    # Nor A's catalogue through B's own map.
    theirs = urls(world, account, "map_b")[1]
    assert client.get(theirs).status_code == 404
    assert (
        client.get(reverse("api:catalogues", kwargs={"mapId": world["map_b"].pk})).json()["results"]
        == []
    )


def test_a_catalogue_of_another_organisation_is_not_found_through_ones_own_map(
    world: dict[str, Any], account: dict[str, Any], api: Any
) -> None:
    theirs = assessed(world, "map_b", "org_b")
    client = api(account["ciso"])
    url = reverse(
        "api:statement",
        kwargs={"mapId": world["map_a"].pk, "catalogueId": theirs["catalogue"].pk, "year": 2026},
    )
    response = client.get(url)
    assert response.status_code == 404 and "contract.pdf" not in response.content.decode()


def test_anonymous_callers_get_401(world: dict[str, Any], account: dict[str, Any]) -> None:
    for url in urls(world, account):
        assert APIClient().get(url).status_code == 401, url


def test_it_gives_a_role_briefing_as_data(
    world: dict[str, Any], account: dict[str, Any], api: Any
) -> None:
    client = api(world["users"][Role.BESTUURDER])
    url = reverse("api:briefing", kwargs={"mapId": world["map_a"].pk, "role": "burgemeester"})
    body = client.get(url).json()
    assert body["role"] == "burgemeester" and body["risks"][0]["scenario"]
    assert {"scenario": "Ransomware bij de hoster", "atHours": 24.0, "gripLevel": 3,
            "team": "gbt", "duty": "chair"} in body["decisions"]  # fmt: skip
    missing = reverse("api:briefing", kwargs={"mapId": world["map_a"].pk, "role": "koning"})
    assert client.get(missing).status_code == 404
