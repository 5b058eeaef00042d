"""Parties, scenarios, measures and the map's settings, edited in the browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from htmlform import form_data

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import mapdata
from weerbaar.web.maps.forms import objects as object_forms
from weerbaar.web.maps.models import ObjectKind, Share

pytestmark = pytest.mark.django_db


def url(world: dict[str, Any], name: str, **kwargs: Any) -> str:
    return reverse(f"maps:{name}", kwargs={"map_id": world["map_a"].pk, **kwargs})


def data_of(world: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = world["map_a"].current().data
    return result


def stored(world: dict[str, Any], kind: ObjectKind, object_id: str) -> dict[str, Any] | None:
    return mapdata.find(data_of(world), kind, object_id)


def ciso(world: dict[str, Any], login: Any) -> Client:
    client: Client = login(world["users"][Role.CISO])
    return client


def page_form(client: Client, address: str) -> dict[str, Any]:
    return form_data(client.get(address).content.decode(), "base")


# Parties ---------------------------------------------------------------------


def test_it_lists_parties_with_their_number_of_nodes(world: dict[str, Any], login: Any) -> None:
    page = login(world["users"][Role.BESTUURDER]).get(url(world, "parties")).content.decode()
    assert "Hosting BV" in page and "Internet A BV" in page
    assert url(world, "party_edit", party_id="hoster") not in page  # reads only


def test_it_adds_a_party(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "party_add"))
    data |= {"id": "vrt", "name": "Veiligheidsregio", "kind": "veiligheidsregio", "maturity": "4"}
    assert client.post(url(world, "party_add"), data).status_code == 302
    assert stored(world, ObjectKind.PARTY, "vrt") == {
        "id": "vrt",
        "name": "Veiligheidsregio",
        "kind": "veiligheidsregio",
        "maturity": 4,
    }


def test_it_renames_a_party_in_its_nodes_and_its_share(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "party_edit", party_id="hoster")) | {"id": "hosting-bv"}
    assert client.post(url(world, "party_edit", party_id="hoster"), data).status_code == 302
    assert stored(world, ObjectKind.NODE, "suite")["party"] == "hosting-bv"  # type: ignore[index]
    assert Share.objects.get(riskmap=world["map_a"]).party_id == "hosting-bv"


def test_it_refuses_to_delete_a_party_with_nodes_or_a_share(
    world: dict[str, Any], login: Any
) -> None:
    client = ciso(world, login)
    page = client.get(url(world, "party_delete", party_id="hoster")).content.decode()
    assert "het delen van de kaart met Hosting BV" in page
    assert client.post(url(world, "party_delete", party_id="hoster")).status_code == 409
    assert stored(world, ObjectKind.PARTY, "hoster") is not None


def test_it_deletes_an_unused_party(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "party_add")) | {"id": "los", "name": "Los"}
    client.post(url(world, "party_add"), data)
    response = client.post(url(world, "party_delete", party_id="los"), {"base": ""})
    assert response.status_code == 302
    assert stored(world, ObjectKind.PARTY, "los") is None


def test_it_shows_an_invalid_party_id_next_to_the_field(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "party_add")) | {"id": "met spatie"}
    html = client.post(url(world, "party_add"), data).content.decode()
    assert 'id="id_id_error"' in html and "is geen geldig id" in html


# Scenarios -------------------------------------------------------------------


def test_it_adds_a_scenario_with_failures(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "scenario_add"))
    data |= {
        "id": "ddos",
        "name": "DDoS op de provider",
        "theme": "ddos",
        "likelihood": "D",
        "failure-0-node": "internet-a",
        "failure-0-duration": "8h",
        "failure-1-node": "power",
        "failure-1-at": "2h",
    }
    assert client.post(url(world, "scenario_add"), data).status_code == 302
    assert stored(world, ObjectKind.SCENARIO, "ddos") == {
        "id": "ddos",
        "name": "DDoS op de provider",
        "theme": "ddos",
        "likelihood": "D",
        "failures": [{"node": "internet-a", "duration": "8h"}, {"node": "power", "at": "2h"}],
    }


def test_it_asks_for_a_failing_node_by_id_on_a_large_map(
    world: dict[str, Any], login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(object_forms, "NODE_CHOICE_LIMIT", 2)
    client = ciso(world, login)
    html = client.get(url(world, "scenario_add")).content.decode()
    assert '<input type="text" name="failure-0-node"' in html
    assert '<option value="power"' not in html
    data = page_form(client, url(world, "scenario_add"))
    data |= {"id": "ddos", "failure-0-node": "nergens", "failure-0-duration": "8h"}
    refused = client.post(url(world, "scenario_add"), data).content.decode()
    assert "Deze kaart heeft geen knooppunt met dit id." in refused
    assert stored(world, ObjectKind.SCENARIO, "ddos") is None
    data["failure-0-node"] = "internet-a"
    assert client.post(url(world, "scenario_add"), data).status_code == 302
    assert stored(world, ObjectKind.SCENARIO, "ddos")["failures"] == [  # type: ignore[index]
        {"node": "internet-a", "duration": "8h"}
    ]


def test_it_wants_at_least_one_failure(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "scenario_add")) | {"id": "leeg"}
    html = client.post(url(world, "scenario_add"), data).content.decode()
    assert "minstens één uitval" in html
    assert stored(world, ObjectKind.SCENARIO, "leeg") is None


def test_it_renames_a_scenario_in_the_measures_that_change_it(
    world: dict[str, Any], login: Any
) -> None:
    client = ciso(world, login)
    measure = page_form(client, url(world, "measure_edit", measure_id="tweede-internet"))
    measure["changes"] += "- likelihood: {scenario: stroom, class: B}\n"
    assert (
        client.post(url(world, "measure_edit", measure_id="tweede-internet"), measure).status_code
        == 302
    )
    data = page_form(client, url(world, "scenario_edit", scenario_id="stroom")) | {
        "id": "stroomuitval"
    }
    assert client.post(url(world, "scenario_edit", scenario_id="stroom"), data).status_code == 302
    changes = stored(world, ObjectKind.MEASURE, "tweede-internet")["changes"]  # type: ignore[index]
    assert changes[-1] == {"likelihood": {"scenario": "stroomuitval", "class": "B"}}


def test_it_shows_a_failure_problem_in_its_row(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "scenario_edit", scenario_id="stroom"))
    data["failure-0-duration"] = "1x"
    html = client.post(url(world, "scenario_edit", scenario_id="stroom"), data).content.decode()
    assert 'id="id_failure-0-duration_error"' in html and "Geen geldige duur" in html


# Measures --------------------------------------------------------------------


def test_it_adds_a_measure_written_as_yaml(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "measure_add"))
    data |= {
        "id": "snelle-herstart",
        "name": "Snellere herstart",
        "cost": "1.500,50",
        "changes": "- restart: {node: suite, restart: 1h}\n",
    }
    assert client.post(url(world, "measure_add"), data).status_code == 302
    assert stored(world, ObjectKind.MEASURE, "snelle-herstart") == {
        "id": "snelle-herstart",
        "name": "Snellere herstart",
        "cost": 1500.5,
        "changes": [{"restart": {"node": "suite", "restart": "1h"}}],
    }


def test_it_points_at_the_line_of_a_wrong_change(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "measure_add"))
    data |= {
        "id": "fout",
        "changes": (
            "- restart: {node: suite, restart: 1h}\n"
            "- restart:\n"
            "    node: nergens\n"
            "    restart: 1h\n"
        ),
    }
    html = client.post(url(world, "measure_add"), data).content.decode()
    assert 'id="id_changes_error"' in html
    assert "regel 3: onbekend knooppunt &#x27;nergens&#x27;" in html
    data["changes"] = "- restart: {node: suite\n"
    html = client.post(url(world, "measure_add"), data).content.decode()
    assert "regel 1: YAML-syntaxfout" in html
    assert stored(world, ObjectKind.MEASURE, "fout") is None


def test_it_refuses_to_delete_a_scenario_a_measure_changes(
    world: dict[str, Any], login: Any
) -> None:
    client = ciso(world, login)
    measure = page_form(client, url(world, "measure_edit", measure_id="tweede-internet"))
    measure["changes"] += "- scenario_duration: {scenario: ransomware, duration: 2d}\n"
    client.post(url(world, "measure_edit", measure_id="tweede-internet"), measure)
    assert client.post(url(world, "scenario_delete", scenario_id="ransomware")).status_code == 409
    assert (
        client.post(url(world, "measure_delete", measure_id="tweede-internet")).status_code == 302
    )
    assert client.post(url(world, "scenario_delete", scenario_id="ransomware")).status_code == 302
    assert data_of(world)["measures"] == [] and len(data_of(world)["scenarios"]) == 1


# Settings --------------------------------------------------------------------


def test_it_changes_the_maps_name_and_horizon(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "settings"))
    assert data["horizon"] == "5d"
    data |= {"name": "Gemeente A (2025)", "horizon": "14d"}
    assert client.post(url(world, "settings"), data).status_code == 302
    world["map_a"].refresh_from_db()
    assert world["map_a"].name == "Gemeente A (2025)"
    assert data_of(world)["horizon"] == "14d"
    latest = world["map_a"].current()
    assert latest.before == {"name": "Gemeente A", "horizon": "5d"}
    assert latest.after == {"name": "Gemeente A (2025)", "horizon": "14d"}


def test_it_shows_a_settings_problem_next_to_the_field(world: dict[str, Any], login: Any) -> None:
    client = ciso(world, login)
    data = page_form(client, url(world, "settings")) | {"horizon": "0h"}
    html = client.post(url(world, "settings"), data).content.decode()
    assert 'id="id_horizon_error"' in html and "de horizon moet langer zijn dan 0" in html


# Who may do what -------------------------------------------------------------

_EDIT_PAGES = [
    ("party_add", {}),
    ("party_edit", {"party_id": "hoster"}),
    ("party_delete", {"party_id": "isp-a"}),
    ("scenario_add", {}),
    ("scenario_edit", {"scenario_id": "stroom"}),
    ("scenario_delete", {"scenario_id": "stroom"}),
    ("measure_add", {}),
    ("measure_edit", {"measure_id": "tweede-internet"}),
    ("measure_delete", {"measure_id": "tweede-internet"}),
    ("settings", {}),
]


@pytest.mark.parametrize("role", [Role.BESTUURDER, Role.KETENPARTNER])
def test_it_lets_readers_and_partners_change_nothing(
    world: dict[str, Any], login: Any, role: Role
) -> None:
    client = login(world["users"][role])
    before = data_of(world)
    for name, kwargs in _EDIT_PAGES:
        assert client.get(url(world, name, **kwargs)).status_code == 403
        assert client.post(url(world, name, **kwargs), {"id": "x", "name": "x"}).status_code == 403
    assert data_of(world) == before


def test_it_hides_the_lists_from_a_partner_without_the_whole_map(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.KETENPARTNER])
    for name in ("parties", "scenarios", "measures_edit"):
        assert client.get(url(world, name)).status_code == 403


def test_it_answers_404_to_another_municipality(world: dict[str, Any], login: Any) -> None:
    client = login(world["user_b"])
    before = data_of(world)
    for name, kwargs in [("parties", {}), ("scenarios", {}), ("measures_edit", {}), *_EDIT_PAGES]:
        assert client.get(url(world, name, **kwargs)).status_code == 404
        assert client.post(url(world, name, **kwargs), {"id": "x"}).status_code == 404
    assert data_of(world) == before


CHANGE = "- restart: {node: suite, restart: 1h}\n"


@pytest.mark.parametrize(
    ("page", "values", "reason"),
    [
        ("settings", {"horizon": "1e308"}, "100 (jaar|years)"),
        ("settings", {"horizon": "99999999999999999999h"}, "100 (jaar|years)"),
        (
            "scenario_add",
            {"id": "x", "failure-0-node": "power", "failure-0-duration": "1e308"},
            "100 (jaar|years)",
        ),
        (
            "scenario_add",
            {"id": "x", "failure-0-node": "power", "failure-0-at": "99999999999999999999"},
            "100 (jaar|years)",
        ),
        ("measure_add", {"id": "x", "name": "X", "cost": "1e-320", "changes": CHANGE}, "0[.,]01"),
        ("measure_add", {"id": "x", "name": "X", "cost": "1e308", "changes": CHANGE}, "10"),
    ],
)
def test_it_refuses_numbers_past_the_bounds_with_a_form_error(
    world: dict[str, Any], login: Any, page: str, values: dict[str, str], reason: str
) -> None:
    # Values that once passed validation and then broke pages for everyone.
    client = ciso(world, login)
    before = data_of(world)
    response = client.post(url(world, page), page_form(client, url(world, page)) | values)
    assert response.status_code == 200
    errors = re.findall(r'error-message" id="[^"]+"><p[^>]*>([^<]*)', response.content.decode())
    assert errors and re.search(reason, errors[0]), errors
    assert data_of(world) == before
    dashboard = reverse("insight:dashboard", kwargs={"map_id": world["map_a"].pk})
    assert client.get(dashboard).status_code == 200
