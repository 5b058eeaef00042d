"""The criticality ranking, time-aware criticality and single points of failure."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.insight import views as insight_views
from weerbaar.web.jobs.models import Job, JobKind
from weerbaar.web.maps.models import RiskMapRecord

pytestmark = pytest.mark.django_db


def url(record: RiskMapRecord) -> str:
    return reverse("insight:criticality", kwargs={"map_id": record.pk})


def page(world: dict[str, Any], login: Any, **query: str) -> Any:
    return login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]), query)


def test_it_ranks_nodes_by_what_their_failure_takes_down(world: dict[str, Any], login: Any) -> None:
    rows = page(world, login).context["ranking"]
    assert [(r.id, r.vital, r.total) for r in rows] == [
        ("power", 1, 4),
        ("hosting", 1, 2),
        ("internet-a", 1, 2),
        ("suite", 1, 1),
        ("uitkeringen", 0, 0),
    ]


def test_it_filters_by_kind_and_by_party(world: dict[str, Any], login: Any) -> None:
    services = page(world, login, kind="service").context["ranking"]
    assert [r.id for r in services] == ["hosting", "internet-a"]
    hoster = page(world, login, party="hoster").context["ranking"]
    assert [r.id for r in hoster] == ["hosting", "suite"]


def test_it_lists_the_single_points_of_failure_of_uitkeringen(
    world: dict[str, Any], login: Any
) -> None:
    response = page(world, login)
    (row,) = response.context["analysis"].spofs
    assert row.process == "Uitkeringen"
    assert [(p.label, p.party) for p in row.points] == [
        ("hosting", "Hosting BV"),
        ("internet-a", "Internet A BV"),
        ("Stroom", ""),
        ("Suite sociaal domein", "Hosting BV"),
    ]
    html = response.content.decode()
    assert 'Stroom <span class="wb-muted">(geen ketenpartner)</span>' in html


def test_it_counts_tolerances_for_a_short_failure(world: dict[str, Any], login: Any) -> None:
    # One hour without power: internet-a tolerates two, hosting does not; the
    # suite restarts in four hours, so Uitkeringen is back well within its MTPD.
    timed = {r.id: r for r in page(world, login, duration="1h").context["timed"]}
    assert (timed["power"].vital, timed["power"].total, timed["power"].breaches) == (1, 3, 0)


def test_it_counts_mtpd_breaches_for_a_long_failure(world: dict[str, Any], login: Any) -> None:
    response = page(world, login, duration="2d")
    timed = {r.id: r for r in response.context["timed"]}
    assert (timed["power"].vital, timed["power"].total, timed["power"].breaches) == (1, 4, 1)
    assert "Uitval van 2 dagen" in response.content.decode()


def test_it_explains_a_duration_it_cannot_read(world: dict[str, Any], login: Any) -> None:
    response = page(world, login, duration="lang")
    assert response.context["timed"] is None
    assert "Geef een duur zoals 30m, 4h, 2d of 1w." in response.content.decode()
    assert len(response.context["ranking"]) == 5


def test_it_leaves_large_maps_to_the_worker(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.INLINE_NODE_LIMIT = 3
    response = page(world, login, duration="1d")
    assert response.context["timed"] is None
    assert "achtergrondverwerking" in response.content.decode()
    # The page queued the run, once, and links to its progress.
    job = response.context["job"]
    assert job.kind == JobKind.TIME_AWARE_CRITICALITY and job.params == {"duration": 24.0}
    job_url = reverse("jobs:job", kwargs={"map_id": world["map_a"].pk, "job_id": job.pk})
    assert job_url in response.content.decode()
    assert page(world, login, duration="1d").context["job"] == job
    assert Job.objects.filter(map=world["map_a"]).count() == 1


def test_it_pages_the_ranking_and_the_single_points_of_failure(
    world: dict[str, Any], login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(insight_views, "RANKING_ROWS", 2)
    first = page(world, login)
    assert [r.id for r in first.context["ranking"]] == ["power", "hosting"]
    assert "1 tot en met 2 van 5." in first.content.decode()
    third = page(world, login, pagina="3")
    assert [r.id for r in third.context["ranking"]] == ["uitkeringen"]
    # The other list keeps its own page.
    assert len(third.context["spofs"]) == 1
