"""The node list, the node page, and adding, changing and deleting nodes in the browser."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from htmlform import form_data

from weerbaar.web.accounts.models import Role
from weerbaar.web.maps import mapdata, service
from weerbaar.web.maps.models import ObjectKind, Share
from weerbaar.web.maps.views import nodes as nodes_views

pytestmark = pytest.mark.django_db


def url(world: dict[str, Any], name: str, **kwargs: Any) -> str:
    return reverse(f"maps:{name}", kwargs={"map_id": world["map_a"].pk, **kwargs})


def stored(world: dict[str, Any], node_id: str) -> dict[str, Any] | None:
    version, _m = service.current(world["map_a"])
    return mapdata.find(version.data, ObjectKind.NODE, node_id)


def versions(world: dict[str, Any]) -> int:
    return int(world["map_a"].versions.count())


def as_role(world: dict[str, Any], login: Any, role: Role) -> Client:
    client: Client = login(world["users"][role])
    return client


# The list ------------------------------------------------------------------


def test_it_lists_every_node_with_its_kind_party_and_requirements(
    world: dict[str, Any], login: Any
) -> None:
    page = as_role(world, login, Role.CISO).get(url(world, "nodes")).content.decode()
    for node_id in ("power", "internet-a", "hosting", "suite", "uitkeringen"):
        assert url(world, "node", node_id=node_id) in page
    assert "Hosting BV" in page and "1 dag" in page  # party name, MTPD
    assert "5 knooppunten van 5" in page


def test_it_filters_nodes_by_kind_party_vital_and_text(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.CISO)

    def found(**query: str) -> set[str]:
        page = client.get(url(world, "nodes"), query).content.decode()
        return {
            n
            for n in ("power", "internet-a", "hosting", "suite", "uitkeringen")
            if url(world, "node", node_id=n) in page
        }

    assert found(kind="service") == {"internet-a", "hosting"}
    assert found(party="hoster") == {"hosting", "suite"}
    assert found(vital="ja") == {"uitkeringen"}
    assert found(q="sociaal") == {"suite"}


def test_it_pages_the_node_list_and_keeps_the_filter(
    world: dict[str, Any], login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nodes_views, "PAGE_SIZE", 1)
    client = as_role(world, login, Role.CISO)
    first = client.get(url(world, "nodes"), {"kind": "service"}).content.decode()
    assert "2 knooppunten van 5; hieronder 1 tot en met 1" in first
    assert url(world, "node", node_id="internet-a") in first
    assert url(world, "node", node_id="hosting") not in first
    assert 'href="?kind=service&amp;pagina=2"' in first
    second = client.get(url(world, "nodes"), {"kind": "service", "pagina": "2"}).content.decode()
    assert url(world, "node", node_id="hosting") in second
    assert url(world, "node", node_id="internet-a") not in second
    # A page past the end shows the last one, not an error.
    last = client.get(url(world, "nodes"), {"pagina": "99"})
    assert last.status_code == 200 and "hieronder 5 tot en met 5" in last.content.decode()


def test_it_shows_a_partner_only_the_nodes_of_its_own_party(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.KETENPARTNER)
    page = client.get(url(world, "nodes")).content.decode()
    assert url(world, "node", node_id="suite") in page
    assert url(world, "node", node_id="power") not in page
    assert "Internet A BV" not in page  # not even the other parties' names
    assert client.get(url(world, "node", node_id="uitkeringen")).status_code == 404


# The node page --------------------------------------------------------------


def test_it_shows_what_a_node_needs_and_what_needs_it(world: dict[str, Any], login: Any) -> None:
    page = as_role(world, login, Role.BESTUURDER).get(url(world, "node", node_id="suite"))
    html = page.content.decode()
    assert url(world, "node", node_id="hosting") in html  # needs
    assert url(world, "node", node_id="uitkeringen") in html  # needed by
    assert url(world, "node_edit", node_id="suite") not in html  # a bestuurder edits nothing
    html = as_role(world, login, Role.CISO).get(url(world, "node", node_id="uitkeringen"))
    text = html.content.decode()
    assert "100.000" in text and "per dag uitval" in text and "na 12 uur uitval" in text


def test_it_tells_a_partner_how_many_hidden_nodes_need_its_node(
    world: dict[str, Any], login: Any
) -> None:
    page = as_role(world, login, Role.KETENPARTNER).get(url(world, "node", node_id="suite"))
    html = page.content.decode()
    assert url(world, "node", node_id="uitkeringen") not in html
    assert "1 knooppunt van een andere partij" in html


# Adding and changing ---------------------------------------------------------


def test_it_adds_a_node_with_a_redundancy_group_and_impact(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(client.get(url(world, "node_add")).content.decode(), "base")
    data |= {
        "id": "loket",
        "name": "Loket",
        "kind": "process",
        "party": "gemeente",
        "vital": "on",
        "mtpd": "2d",
        "lat": "52,2",
        "lon": "6,4",
        "req-0-members": "internet-a, power",
        "req-0-need": "1",
        "req-0-tolerance": "4h",
        "req-1-members": "suite",
        "impact-0-criterion": "costs",
        "impact-0-value": "2500",
        "impact-1-after": "3d",
        "impact-1-criterion": "social_psychological",
        "impact-1-value": "c",
    }
    response = client.post(url(world, "node_add"), data)
    assert response.status_code == 302
    assert response["Location"] == url(world, "node", node_id="loket")
    assert stored(world, "loket") == {
        "id": "loket",
        "kind": "process",
        "name": "Loket",
        "party": "gemeente",
        "location": {"lat": 52.2, "lon": 6.4},
        "vital": True,
        "mtpd": "2d",
        "impact": {
            "per_day": {"costs": 2500},
            "steps": [{"after": "3d", "social_psychological": "C"}],
        },
        "requires": [{"any": ["internet-a", "power"], "tolerance": "4h"}, "suite"],
    }
    latest = world["map_a"].current()
    assert latest.author == world["users"][Role.CISO] and latest.object_id == "loket"
    assert latest.before is None and latest.after["id"] == "loket"


def test_it_keeps_what_it_does_not_edit_when_a_node_is_saved_unchanged(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.CISO)
    before = stored(world, "uitkeringen")
    data = form_data(
        client.get(url(world, "node_edit", node_id="uitkeringen")).content.decode(), "base"
    )
    assert client.post(url(world, "node_edit", node_id="uitkeringen"), data).status_code == 302
    assert stored(world, "uitkeringen") == before


def test_it_renames_a_node_and_every_reference_to_it(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(client.get(url(world, "node_edit", node_id="suite")).content.decode(), "base")
    data["id"] = "suite-sd"
    assert client.post(url(world, "node_edit", node_id="suite"), data).status_code == 302
    assert stored(world, "suite") is None
    assert stored(world, "uitkeringen")["requires"] == ["suite-sd"]  # type: ignore[index]
    _version, m = service.current(world["map_a"])
    change = m.measure("tweede-internet").changes[1]
    assert change.node == "suite-sd"  # type: ignore[union-attr]


def test_it_removes_a_requirement_whose_row_is_marked_for_deletion(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(client.get(url(world, "node_edit", node_id="suite")).content.decode(), "base")
    data["req-0-DELETE"] = "on"
    assert client.post(url(world, "node_edit", node_id="suite"), data).status_code == 302
    assert stored(world, "suite")["requires"] == ["internet-a"]  # type: ignore[index]


def test_it_names_the_other_object_a_change_would_break(world: dict[str, Any], login: Any) -> None:
    # The measure "tweede-internet" widens suite's requirement on internet-a.
    client = as_role(world, login, Role.CISO)
    data = form_data(client.get(url(world, "node_edit", node_id="suite")).content.decode(), "base")
    data["req-1-DELETE"] = "on"
    response = client.post(url(world, "node_edit", node_id="suite"), data)
    assert response.status_code == 200
    assert "maatregel «tweede-internet»: knooppunt &#x27;suite&#x27; hangt niet af van" in (
        response.content.decode()
    )
    assert stored(world, "suite")["requires"] == ["hosting", "internet-a"]  # type: ignore[index]


def test_it_shows_a_loader_problem_next_to_its_field_and_keeps_the_input(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(client.get(url(world, "node_edit", node_id="suite")).content.decode(), "base")
    data["req-0-members"] = "hosting, nergens"
    data["name"] = "Nieuwe naam"
    count = versions(world)
    response = client.post(url(world, "node_edit", node_id="suite"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is niets opgeslagen." in html
    assert 'id="id_req-0-members_error"' in html
    assert "onbekend knooppunt &#x27;nergens&#x27;" in html
    assert 'aria-describedby="id_req-0-members_help id_req-0-members_error"' in html
    assert "utrecht-textbox--invalid" in html
    assert 'value="Nieuwe naam"' in html  # the input is kept
    assert versions(world) == count


def test_it_checks_durations_and_impact_values_in_dutch(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(
        client.get(url(world, "node_edit", node_id="uitkeringen")).content.decode(), "base"
    )
    data["mtpd"] = "drie dagen"
    data["impact-2-criterion"] = "democratic_order"
    data["impact-2-after"] = "1d"
    data["impact-2-value"] = "12"
    html = client.post(url(world, "node_edit", node_id="uitkeringen"), data).content.decode()
    assert "Geen geldige duur" in html
    assert "Dit criterium kent alleen een klasse A-E." in html


def test_it_asks_what_an_ambiguous_amount_means(world: dict[str, Any], login: Any) -> None:
    # 15.000 is fifteen thousand to a Dutch reader and fifteen to an English one.
    client = as_role(world, login, Role.CISO)
    page = client.get(url(world, "node_edit", node_id="uitkeringen")).content.decode()
    data = form_data(page, "base") | {"impact-0-value": "15.000"}
    html = client.post(url(world, "node_edit", node_id="uitkeringen"), data).content.decode()
    assert 'id="id_impact-0-value_error"' in html and "dubbelzinnig" in html
    data["impact-0-value"] = "15.000,00"
    assert client.post(url(world, "node_edit", node_id="uitkeringen"), data).status_code == 302
    impact = stored(world, "uitkeringen")["impact"]  # type: ignore[index]
    assert impact["per_day"] == {"costs": 15000}


def test_it_refuses_an_id_that_is_already_taken(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(
        client.get(url(world, "node_edit", node_id="hosting")).content.decode(), "base"
    )
    data["id"] = "power"
    html = client.post(url(world, "node_edit", node_id="hosting"), data).content.decode()
    assert "Dit id kan niet gebruikt worden" in html
    assert stored(world, "hosting") is not None


def changed(world: dict[str, Any], node_id: str, **values: Any) -> None:
    """Someone of the municipality changes a node in between, as a new version."""
    record = world["map_a"]
    data = copy.deepcopy(record.current().data)
    next(n for n in data["nodes"] if n["id"] == node_id).update(values)
    service.save(record, data, author=None, summary="elders", kind="node")


def test_it_tells_a_partner_of_a_conflict_without_the_version_number(
    world: dict[str, Any], login: Any
) -> None:
    partner = as_role(world, login, Role.KETENPARTNER)
    data = form_data(
        partner.get(url(world, "node_edit", node_id="hosting")).content.decode(), "base"
    )
    changed(world, "suite", name="Suite van de gemeente")  # in the partner's part
    data["name"] = "Hosting nieuw"
    html = partner.post(url(world, "node_edit", node_id="hosting"), data).content.decode()
    assert "Iemand anders heeft de kaart intussen opgeslagen." in html
    assert "versie" not in html.lower().split("iemand anders")[1][:80]


def test_it_gives_a_partner_no_version_number_to_count_changes_by(
    world: dict[str, Any], login: Any
) -> None:
    partner = as_role(world, login, Role.KETENPARTNER)
    address = url(world, "node_edit", node_id="hosting")
    data = form_data(partner.get(address).content.decode(), "base")
    assert re.fullmatch(r"v[0-9a-f]{32}", data["base"])  # opaque
    # Changes it cannot see leave its token as it was: they are not its conflict.
    changed(world, "power", name="Stroomnet")
    changed(world, "uitkeringen", name="Uitkeringen verstrekken")
    assert form_data(partner.get(address).content.decode(), "base")["base"] == data["base"]
    partner.post(address, {**data, "name": "Hosting een"}, follow=True)
    assert stored(world, "hosting")["name"] == "Hosting een"  # type: ignore[index]
    data = form_data(partner.get(address).content.decode(), "base")
    changed(world, "suite", name="Suite van de gemeente")  # in the partner's part
    # A stale token is a conflict, a guessed number is no oracle for the count.
    stale = partner.post(address, {**data, "name": "Hosting nieuw"}).content.decode()
    assert "Iemand anders heeft de kaart intussen opgeslagen." in stale
    # Saving again from the page that told of the conflict works, with the new token.
    again = form_data(stale, "base") | {"name": "Hosting twee"}
    saved = partner.post(address, again, follow=True).content.decode()
    assert "Opgeslagen." in saved and "versie" not in saved.lower()
    guessed = partner.post(address, {**data, "base": "2", "name": "Hosting drie"})
    assert guessed.status_code == 302  # a number from a partner is not compared at all
    assert stored(world, "hosting")["name"] == "Hosting drie"  # type: ignore[index]


def test_it_reports_that_someone_else_saved_in_between(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(client.get(url(world, "node_edit", node_id="power")).content.decode(), "base")
    other = form_data(
        client.get(url(world, "node_edit", node_id="hosting")).content.decode(), "base"
    )
    other["name"] = "Hosting"
    assert client.post(url(world, "node_edit", node_id="hosting"), other).status_code == 302
    data["name"] = "Stroomnet"
    response = client.post(url(world, "node_edit", node_id="power"), data)
    html = response.content.decode()
    assert "Iemand anders heeft de kaart intussen opgeslagen" in html
    assert stored(world, "power")["name"] == "Stroom"  # type: ignore[index]
    # Saving again from the page that told us is allowed: it now knows the latest version.
    again = form_data(html, "base")
    assert client.post(url(world, "node_edit", node_id="power"), again).status_code == 302
    assert stored(world, "power")["name"] == "Stroomnet"  # type: ignore[index]


def test_it_adds_empty_rows_without_saving(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(client.get(url(world, "node_edit", node_id="suite")).content.decode(), "base")
    count = versions(world)
    html = client.post(url(world, "node_edit", node_id="suite"), data | {"more": "1"})
    page = html.content.decode()
    assert 'name="req-6-members"' in page and 'name="req-7-members"' not in page
    assert versions(world) == count


# Deleting --------------------------------------------------------------------


def test_it_refuses_to_delete_a_node_that_is_still_needed(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.CISO)
    page = client.get(url(world, "node_delete", node_id="hosting")).content.decode()
    assert "wordt nog gebruikt" in page and url(world, "node", node_id="suite") in page
    assert "scenario" in page  # the ransomware scenario fails it
    count = versions(world)
    response = client.post(url(world, "node_delete", node_id="hosting"))
    assert response.status_code == 409
    assert stored(world, "hosting") is not None and versions(world) == count


def test_it_deletes_an_unused_node_after_confirmation(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.CISO)
    data = form_data(client.get(url(world, "node_delete", node_id="uitkeringen")).content.decode())
    response = client.post(url(world, "node_delete", node_id="uitkeringen"), data)
    assert response.status_code == 302
    assert stored(world, "uitkeringen") is None
    assert world["map_a"].current().summary == "Knooppunt uitkeringen verwijderd"


# Who may do what -------------------------------------------------------------


def test_it_lets_a_bestuurder_change_nothing(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.BESTUURDER)
    count = versions(world)
    data = {"id": "x", "kind": "system", "base": "1"}
    assert client.post(url(world, "node_add"), data).status_code == 403
    assert client.post(url(world, "node_edit", node_id="power"), data).status_code == 403
    assert client.post(url(world, "node_delete", node_id="uitkeringen")).status_code == 403
    assert client.get(url(world, "node_edit", node_id="power")).status_code == 403
    assert versions(world) == count


def test_it_answers_404_to_another_municipality(world: dict[str, Any], login: Any) -> None:
    client = login(world["user_b"])
    for name, kwargs in (
        ("nodes", {}),
        ("node", {"node_id": "power"}),
        ("node_edit", {"node_id": "power"}),
        ("node_delete", {"node_id": "uitkeringen"}),
        ("node_add", {}),
    ):
        assert client.get(url(world, name, **kwargs)).status_code == 404
        assert client.post(url(world, name, **kwargs), {"id": "x"}).status_code == 404
    assert stored(world, "uitkeringen") is not None


def test_it_lets_a_partner_edit_its_own_node_only(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.KETENPARTNER)
    data = form_data(client.get(url(world, "node_edit", node_id="suite")).content.decode(), "base")
    data["restart"] = "2h"
    assert client.post(url(world, "node_edit", node_id="suite"), data).status_code == 302
    assert stored(world, "suite")["restart"] == "2h"  # type: ignore[index]
    count = versions(world)
    other = data | {"id": "uitkeringen", "party": "gemeente"}
    # A node hidden from the partner answers as one that does not exist.
    assert client.get(url(world, "node_edit", node_id="uitkeringen")).status_code == 404
    assert client.post(url(world, "node_edit", node_id="uitkeringen"), other).status_code == 404
    assert client.post(url(world, "node_delete", node_id="uitkeringen")).status_code == 404
    assert versions(world) == count


def test_it_refuses_a_whole_map_partner_to_edit_nodes_it_sees_but_does_not_own(
    world: dict[str, Any], login: Any
) -> None:
    Share.objects.filter(riskmap=world["map_a"]).update(whole_map=True)
    client = as_role(world, login, Role.KETENPARTNER)
    assert client.get(url(world, "node", node_id="uitkeringen")).status_code == 200
    assert client.get(url(world, "node_edit", node_id="uitkeringen")).status_code == 403
    assert client.post(url(world, "node_delete", node_id="uitkeringen")).status_code == 403


def test_it_refuses_a_requirement_on_a_hidden_node_as_on_a_missing_one(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.KETENPARTNER)
    page = client.get(url(world, "node_edit", node_id="hosting")).content.decode()
    data = form_data(page, "base")
    count = versions(world)
    for target in ("uitkeringen", "bestaat-niet"):  # hidden, missing: the same answer
        posted = data | {"req-0-members": target}
        response = client.post(url(world, "node_edit", node_id="hosting"), posted)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="id_req-0-members_error"' in html
        assert f"onbekend knooppunt &#x27;{target}&#x27;" in html
    assert versions(world) == count
    # The requirement it already had (set by the municipality) may stay.
    assert client.post(url(world, "node_edit", node_id="hosting"), data).status_code == 302


def test_it_refuses_a_hidden_id_for_a_new_node_without_saying_it_exists(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.KETENPARTNER)
    data = form_data(client.get(url(world, "node_add")).content.decode(), "base")
    count = versions(world)
    for taken in ("uitkeringen", "suite"):  # hidden, visible: the same words
        response = client.post(url(world, "node_add"), data | {"id": taken, "kind": "system"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Dit id kan niet gebruikt worden; kies een ander." in html
        assert "Uitkeringen" not in html
    assert versions(world) == count


def test_it_keeps_a_partner_from_handing_a_node_to_another_party(
    world: dict[str, Any], login: Any
) -> None:
    client = as_role(world, login, Role.KETENPARTNER)
    page = client.get(url(world, "node_edit", node_id="suite")).content.decode()
    assert 'value="gemeente"' not in page  # only its own party to choose
    data = form_data(page, "base") | {"party": "gemeente"}
    count = versions(world)
    response = client.post(url(world, "node_edit", node_id="suite"), data)
    assert response.status_code == 200 and versions(world) == count
    assert stored(world, "suite")["party"] == "hoster"  # type: ignore[index]


def test_it_lets_a_partner_add_a_node_for_its_own_party(world: dict[str, Any], login: Any) -> None:
    client = as_role(world, login, Role.KETENPARTNER)
    page = client.get(url(world, "node_add")).content.decode()
    assert '<option value="power">' not in page  # the datalist offers its own nodes only
    data = form_data(page, "base") | {"id": "backup", "req-0-members": "hosting"}
    assert client.post(url(world, "node_add"), data).status_code == 302
    assert stored(world, "backup") == {
        "id": "backup",
        "kind": "system",
        "party": "hoster",
        "requires": ["hosting"],
    }


def test_it_rejects_a_post_without_csrf_token(world: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"][Role.CISO])
    data = {"id": "x", "kind": "system"}
    assert client.post(url(world, "node_add"), data).status_code == 403
    assert stored(world, "x") is None


def test_it_tells_a_partner_a_change_breaks_what_it_cannot_see_without_naming_it(
    world: dict[str, Any], login: Any
) -> None:
    # A measure of the municipality adds an alternative to the suite's need of
    # internet-a: dropping that need breaks the measure, which the partner is
    # told without learning what.
    client = as_role(world, login, Role.KETENPARTNER)
    data = form_data(client.get(url(world, "node_edit", node_id="suite")).content.decode(), "base")
    row = next(k for k, v in data.items() if k.endswith("-members") and v == "internet-a")
    count = versions(world)
    response = client.post(
        url(world, "node_edit", node_id="suite"), data | {row.replace("members", "DELETE"): "on"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and versions(world) == count
    assert "de wijziging breekt een deel van de kaart dat u niet kunt zien" in html
    assert "tweede-internet" not in html
