"""The college's dashboard: top risks, weakest links, what changed since last time."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import service
from weerbaar.web.maps.models import ObjectKind, RiskMapRecord

pytestmark = pytest.mark.django_db


def url(record: RiskMapRecord) -> str:
    return reverse("insight:dashboard", kwargs={"map_id": record.pk})


def raise_costs(record: RiskMapRecord, author: Any) -> None:
    """Make an outage of Uitkeringen twenty times as costly (every score goes up)."""
    data = copy.deepcopy(record.current().data)
    node = next(n for n in data["nodes"] if n["id"] == "uitkeringen")
    node["impact"]["per_day"]["costs"] = 2_000_000
    service.save(
        record,
        data,
        author=author,
        summary="Kosten van uitval uitkeringen herzien",
        kind=ObjectKind.NODE,
        object_id="uitkeringen",
    )


def fresh_session(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_ranks_the_top_risks_and_says_what_happens(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    # Ransomware: 0,8 × 0,003 beats the power cut's 0,4 × 0,003.
    assert text.index("1. Ransomware bij de hoster") < text.index("2. Stroomstoring")
    assert "0,0024" in html and "0,0012" in html
    assert "1 van de 1 vitale processen valt uit." in html
    assert "Uitkeringen ligt 5 dagen of langer stil, terwijl 1 dag het maximum is." in html
    assert "Uitkeringen ligt 1 dag 4 uur stil" in html


def test_it_lists_the_weakest_links_with_their_party(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    spofs = response.context["spofs"]
    assert [r.id for r in spofs] == ["power", "hosting", "internet-a", "suite"]
    assert [r.party for r in spofs] == ["", "Hosting BV", "Internet A BV", "Hosting BV"]
    assert "Suite sociaal domein" in response.content.decode()


def test_it_links_risks_to_their_scenario_and_weak_links_to_their_node(
    world: dict[str, Any], login: Any
) -> None:
    record = world["map_a"]
    html = login(world["users"][Role.BESTUURDER]).get(url(record)).content.decode()
    scenario = reverse(
        "scenarios:detail", kwargs={"map_id": record.pk, "scenario_id": "ransomware"}
    )
    node = reverse("maps:node", kwargs={"map_id": record.pk, "node_id": "hosting"})
    assert f'href="{scenario}">Ransomware bij de hoster</a>' in html
    assert f'href="{node}">hosting</a>' in html


def test_it_says_so_on_a_first_visit(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    assert "Dit is uw eerste bezoek" in response.content.decode()
    assert response.context["since"].baseline is None


def test_it_shows_a_change_made_after_the_previous_visit(world: dict[str, Any]) -> None:
    bestuurder, ciso = world["users"][Role.BESTUURDER], world["users"][Role.CISO]
    ciso.first_name, ciso.last_name = "Chris", "Ciso"
    ciso.save()
    record = world["map_a"]
    fresh_session(bestuurder).get(url(record))
    raise_costs(record, ciso)
    html = fresh_session(bestuurder).get(url(record)).content.decode()
    assert "Sinds uw vorige bezoek (versie 1): 1 wijziging." in html
    assert "Kosten van uitval uitkeringen herzien" in html
    assert "Chris Ciso" in html
    # Scored again on version 1 for the comparison.
    higher = "Hoger risico dan bij uw vorige bezoek (toen impactscore {}, verwacht risico {})."
    assert higher.format("0,8", "0,00240") in html
    assert higher.format("0,4", "0,00120") in html


def test_it_counts_a_less_likely_scenario_as_a_lower_risk(world: dict[str, Any]) -> None:
    bestuurder, record = world["users"][Role.BESTUURDER], world["map_a"]
    fresh_session(bestuurder).get(url(record))
    data = copy.deepcopy(record.current().data)
    data["scenarios"][1]["likelihood"] = "B"
    service.save(record, data, author=None, summary="kans", kind=ObjectKind.SCENARIO)
    response = fresh_session(bestuurder).get(url(record))
    trends = {r.id: t for r, t in response.context["risks"]}
    assert (trends["ransomware"].direction, trends["stroom"].direction) == ("down", "same")
    html = response.content.decode()
    assert "Lager risico dan bij uw vorige bezoek (toen impactscore 0,8, verwacht risico" in html
    assert "Gelijk gebleven sinds uw vorige bezoek." in html


def test_it_keeps_the_changes_until_the_visit_ends(world: dict[str, Any]) -> None:
    bestuurder = world["users"][Role.BESTUURDER]
    record = world["map_a"]
    fresh_session(bestuurder).get(url(record))
    raise_costs(record, world["users"][Role.CISO])
    visit = fresh_session(bestuurder)
    visit.get(url(record))
    assert "1 wijziging." in visit.get(url(record)).content.decode()
    html = fresh_session(bestuurder).get(url(record)).content.decode()
    assert "Sinds uw vorige bezoek is er niets veranderd: de kaart staat nog op versie 2." in html


def test_it_keeps_visits_apart_per_user(world: dict[str, Any]) -> None:
    record = world["map_a"]
    fresh_session(world["users"][Role.BESTUURDER]).get(url(record))
    raise_costs(record, world["users"][Role.CISO])
    html = fresh_session(world["users"][Role.ADVISEUR_OOV]).get(url(record)).content.decode()
    assert "Dit is uw eerste bezoek" in html


def test_it_links_the_report_download(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world["map_a"]))
    report = reverse("insight:report", kwargs={"map_id": world["map_a"].pk})
    assert f'href="{report}"' in response.content.decode()


def test_it_accepts_no_post(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).post(url(world["map_a"]))
    assert response.status_code == 405
