"""Every accountability URL × every role: who reads, who changes, nothing crosses over."""

from __future__ import annotations

from typing import Any

import pytest
from accountability_data import assessed
from django.urls import reverse

from weerbaar.web.accountability.models import ActionRecord, AssessmentRecord, Evidence
from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db

READERS = {Role.BEHEERDER, Role.CISO, Role.ADVISEUR_OOV, Role.CRISISCOORDINATOR, Role.BESTUURDER}
WRITERS = {Role.BEHEERDER, Role.CISO}


def urls(world: dict[str, Any], account: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(method, url, what) for every accountability page and action."""
    m, c = world["map_a"].pk, account["catalogue"].pk
    year = {"map_id": m, "catalogue_id": c, "year": 2026}
    control = {**year, "control_id": "8.91.01"}
    return [
        ("get", reverse("accountability:index", kwargs={"map_id": m}), "read"),
        ("get", reverse("accountability:controls", kwargs=year), "read"),
        ("get", reverse("accountability:control", kwargs=control), "read"),
        ("get", reverse("accountability:statement_xlsx", kwargs=year), "read"),
        (
            "get",
            reverse(
                "accountability:evidence",
                kwargs={"map_id": m, "evidence_id": account["evidence"].pk},
            ),
            "read",
        ),
        ("get", reverse("accountability:plan", kwargs={"map_id": m}), "read"),
        ("get", reverse("accountability:statement_pdf", kwargs=year), "read"),
        ("get", reverse("accountability:report", kwargs={"map_id": m}), "read"),
        ("get", reverse("accountability:report_pdf", kwargs={"map_id": m}), "read"),
        ("get", reverse("accountability:report_docx", kwargs={"map_id": m}), "read"),
        ("get", reverse("accountability:budget", kwargs={"map_id": m}), "read"),
        ("get", reverse("accountability:briefings", kwargs={"map_id": m}), "read"),
        ("get", reverse("accountability:briefing", kwargs={"map_id": m, "role": "ciso"}), "read"),
        (
            "get",
            reverse("accountability:briefing_pdf", kwargs={"map_id": m, "role": "raad"}),
            "read",
        ),
        ("post", reverse("accountability:statement_text", kwargs={"map_id": m}), "write"),
        ("post", reverse("accountability:import", kwargs={"map_id": m}), "write"),
        (
            "post",
            reverse("accountability:start_year", kwargs={"map_id": m, "catalogue_id": c}),
            "write",
        ),
        ("post", reverse("accountability:control", kwargs=control), "write"),
        ("post", reverse("accountability:evidence_add", kwargs=control), "write"),
        (
            "post",
            reverse(
                "accountability:evidence_delete",
                kwargs={"map_id": m, "evidence_id": account["evidence"].pk},
            ),
            "write",
        ),
        ("post", reverse("accountability:adopt", kwargs={"map_id": m}), "write"),
        ("get", reverse("accountability:action_add", kwargs={"map_id": m}), "write"),
        (
            "post",
            reverse(
                "accountability:action_edit",
                kwargs={"map_id": m, "action_id": account["action"].pk},
            ),
            "write",
        ),
    ]


def snapshot() -> tuple[Any, ...]:
    return (
        AssessmentRecord.objects.count(),
        Evidence.objects.count(),
        ActionRecord.objects.count(),
        sorted(AssessmentRecord.objects.values_list("level", flat=True), key=str),
    )


@pytest.mark.parametrize("role", list(Role))
def test_every_url_answers_each_role_as_it_may(
    world: dict[str, Any], account: dict[str, Any], login: Any, role: Role
) -> None:
    client = login(world["users"][role])
    before = snapshot()
    for method, url, what in urls(world, account):
        response = getattr(client, method)(url)
        allowed = role in (READERS if what == "read" else WRITERS)
        if allowed:
            assert response.status_code in (200, 302, 400, 404), f"{role} {method} {url}"
            assert response.status_code != 404 or "overnemen" in url, f"{role} {method} {url}"
        else:
            assert response.status_code == 403, f"{role} {method} {url}: {response.status_code}"
    if role not in WRITERS:
        assert snapshot() == before


def test_another_municipality_gets_404_everywhere_and_sees_nothing(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    client = login(world["user_b"])
    before = snapshot()
    for method, url, _what in urls(world, account):
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{method} {url}"
    assert snapshot() == before


def test_ids_of_another_municipality_are_not_found_through_ones_own_map(
    world: dict[str, Any], account: dict[str, Any], login: Any
) -> None:
    theirs = assessed(world, "map_b", "org_b")
    client = login(account["ciso"])
    m = world["map_a"].pk
    for url in (
        reverse(
            "accountability:evidence", kwargs={"map_id": m, "evidence_id": theirs["evidence"].pk}
        ),
        reverse(
            "accountability:controls",
            kwargs={"map_id": m, "catalogue_id": theirs["catalogue"].pk, "year": 2026},
        ),
        reverse(
            "accountability:action_edit", kwargs={"map_id": m, "action_id": theirs["action"].pk}
        ),
    ):
        assert client.get(url).status_code == 404, url
    delete = reverse(
        "accountability:evidence_delete", kwargs={"map_id": m, "evidence_id": theirs["evidence"].pk}
    )
    assert client.post(delete).status_code == 404
    assert Evidence.objects.filter(pk=theirs["evidence"].pk).exists()
