"""A large map's incident forms ask for node ids, found with the node search (a page at a time,
or as suggestions), instead of listing every node."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from weerbaar.model import from_data
from weerbaar.web.accounts.models import Role
from weerbaar.web.incidents.models import AffectedNode, Incident
from weerbaar.web.incidents.store import open_incident
from weerbaar.web.incidents.views import nodes as search_view

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Storing",
    "kind": "storing",
    "severity": "high",
    "grip": "0",
    "detected": "2026-12-05T09:00",
    "expected": "8h",
    "description": "",
}


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test map counts as large: more nodes than the forms list."""
    monkeypatch.setattr("weerbaar.web.incidents.forms.register.NODE_CHOICE_LIMIT", 2)


def url(name: str, world: dict[str, Any], **kwargs: Any) -> str:
    return reverse(f"incidents:{name}", kwargs={"map_id": world["map_a"].pk, **kwargs})


def test_it_finds_nodes_by_id_or_name_the_id_first(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    page = client.get(url("node_search", world), {"q": "suite"})
    assert page.status_code == 200
    assert [n.id for n, _kind in page.context["pages"]] == ["suite"]
    by_name = client.get(url("node_search", world), {"q": "SOCIAAL"}).content.decode()
    assert 'data-wb-found="suite"' in by_name
    found = client.get(url("node_search", world), {"q": "in", "format": "json"}).json()
    assert found["total"] == len(found["results"]) >= 2
    assert found["results"][0]["id"] == "internet-a"  # the id begins with it


def test_it_pages_through_many_matches(
    world: dict[str, Any], login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_view, "PAGE", 2)
    client = login(world["users"][Role.CISO])
    first = client.get(url("node_search", world), {"q": "e"})
    second = client.get(url("node_search", world), {"q": "e", "pagina": "2"})
    one = [n.id for n, _ in first.context["pages"]]
    two = [n.id for n, _ in second.context["pages"]]
    assert len(one) == 2 and two and not set(one) & set(two)
    assert 'rel="next"' in first.content.decode()


def test_it_answers_an_empty_or_hostile_search_with_nothing(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.CISO])
    assert client.get(url("node_search", world)).context["total"] == 0
    answer = client.get(url("node_search", world), {"q": "<script>" * 50, "format": "json"})
    assert answer.status_code == 200 and answer.json() == {"results": [], "total": 0}
    bad_page = client.get(url("node_search", world), {"q": "e", "pagina": "x" * 30})
    assert bad_page.status_code == 200


def test_a_large_maps_form_asks_for_ids_not_a_list(
    world: dict[str, Any], login: Any, large: None
) -> None:
    client = login(world["users"][Role.CRISISCOORDINATOR])
    page = client.get(url("list", world)).content.decode()
    assert re.search(r'<input[^>]*name="nodes"', page)
    assert 'data-wb-node-search="' in page and "nodepick.js" in page
    assert '<option value="hosting"' not in page
    response = client.post(url("new", world), {**NEW, "nodes": "hosting, internet-a"})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert sorted(incident.affected.values_list("node_id", flat=True)) == ["hosting", "internet-a"]


def test_a_large_maps_form_names_every_unknown_id_and_saves_nothing(
    world: dict[str, Any], login: Any, large: None
) -> None:
    client = login(world["users"][Role.CRISISCOORDINATOR])
    response = client.post(url("new", world), {**NEW, "nodes": "hosting nope also-not"})
    assert response.status_code == 400
    assert "nope, also-not" in str(response.context["form"].errors["nodes"])
    assert not Incident.objects.exists()


def test_a_large_maps_incident_takes_a_failed_node_by_id(
    world: dict[str, Any], login: Any, large: None
) -> None:
    record = world["map_a"]
    incident = open_incident(
        record, from_data(record.current().data), title="Storing", nodes=["power"]
    )
    client = login(world["users"][Role.CISO])
    detail = client.get(url("detail", world, incident_id=incident.pk)).content.decode()
    assert '<option value="hosting"' not in detail and "data-wb-node-search" in detail
    add = url("affected_add", world, incident_id=incident.pk)
    taken = client.post(add, {"node": "power", "down": "2026-12-05T10:00", "expected": ""})
    assert taken.status_code == 400  # already down in this incident
    assert client.post(add, {"node": "suite", "down": "2026-12-05T10:00"}).status_code == 302
    assert AffectedNode.objects.filter(incident=incident, node_id="suite").exists()


def test_a_small_maps_form_keeps_its_list(world: dict[str, Any], login: Any) -> None:
    page = login(world["users"][Role.CISO]).get(url("list", world)).content.decode()
    assert '<option value="hosting"' in page and "nodepick.js" not in page
