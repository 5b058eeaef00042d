"""The dependency graph page, its JSON data and the side panel of a node."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.model import parse_map
from weerbaar.web.accounts.models import Role
from weerbaar.web.analyses.dependencies import analyse
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.maps.models import Share

pytestmark = pytest.mark.django_db


def url(world: dict[str, Any], name: str, key: str = "map_a", **kwargs: Any) -> str:
    app = "jobs" if name in ("criticality", "job") else "graph"
    return reverse(f"{app}:{name}", kwargs={"map_id": world[key].pk, **kwargs})


def test_it_finds_single_points_of_failure_and_what_fails_with_a_node() -> None:
    deps = analyse(
        parse_map(
            """
weerbaar: 1
nodes:
  - {id: power}
  - {id: isp-a}
  - {id: isp-b}
  - {id: app, requires: [power, {any: [isp-a, isp-b]}]}
  - {id: proc, kind: process, vital: true, requires: [app]}
  - {id: loose}
"""
        )
    )
    assert deps.nodes["power"].spof_of == ["proc"]
    assert deps.nodes["isp-a"].spof_of == []
    assert deps.nodes["power"].fails == ["app", "proc"]
    assert [n.node for n in deps.nodes["isp-a"].needed_by] == ["app"]
    assert deps.nodes["isp-a"].needed_by[0].group
    assert deps.nodes["isp-b"].serves_vital and not deps.nodes["loose"].serves_vital


def test_it_shows_the_graph_page_with_legend_and_text_alternative(
    world: dict[str, Any], login: Any
) -> None:
    response = login(world["users"][Role.CISO]).get(url(world, "graph"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "cytoscape-3.35.0.min.js" in html and "weerbaar/graph.js" in html
    assert 'id="wb-graph-config"' in html
    assert "<details" in html and 'id="wb-dep-table"' in html
    assert "Suite sociaal domein" in html
    assert "enkelvoudig faalpunt" in html.lower()
    # The single points of failure are marked in the table with text, not colour.
    assert "⚠ Uitkeringen" in html


def test_it_serves_nodes_and_edges_with_spof_flags(world: dict[str, Any], login: Any) -> None:
    data = login(world["users"][Role.BESTUURDER]).get(url(world, "graph_data")).json()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {"power", "internet-a", "hosting", "suite", "uitkeringen"}
    assert nodes["suite"]["spof"] and nodes["suite"]["spof_of"] == ["uitkeringen"]
    assert not nodes["uitkeringen"]["spof"]
    assert nodes["uitkeringen"]["vital"] and nodes["uitkeringen"]["kind"] == "process"
    assert nodes["suite"]["party"] == "hoster"
    edge = next(e for e in data["edges"] if e["target"] == "internet-a")
    assert (edge["source"], edge["need"], edge["size"], edge["tolerance"]) == ("power", 1, 1, 2)
    assert data["version"] == 1


def test_it_renders_the_side_panel_of_a_node(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    response = client.get(url(world, "graph_node", node_id="power"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enkelvoudig faalpunt van 1 vitaal proces" in html
    assert "Valt mee uit bij blijvende uitval: 4 knooppunten" in html
    assert 'data-node="internet-a"' in html
    assert "tolerantie 2 uur" in html
    assert client.get(url(world, "graph_node", node_id="nope")).status_code == 404


def test_it_renders_the_panel_without_script_for_a_chosen_node(
    world: dict[str, Any], login: Any
) -> None:
    response = login(world["users"][Role.CISO]).get(url(world, "graph") + "?node=suite")
    assert "Valt mee uit bij blijvende uitval: 1 knooppunt" in response.content.decode()


def test_it_filters_the_table_by_kind_party_and_vital(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])

    def rows(query: str) -> set[str]:
        html = client.get(url(world, "graph") + query).content.decode()
        return {
            n
            for n in ("power", "internet-a", "hosting", "suite", "uitkeringen")
            if f'<tr class="utrecht-table__row" data-node="{n}">' in html
        }

    assert rows("?kind=process") == {"uitkeringen"}
    assert rows("?party=hoster") == {"hosting", "suite"}
    assert rows("?vital=on") == {"power", "internet-a", "hosting", "suite", "uitkeringen"}
    assert rows("") == rows("?vital=on")


def test_it_keeps_whole_map_analyses_from_a_partner_without_the_whole_map(
    world: dict[str, Any], login: Any
) -> None:
    client = login(world["users"][Role.KETENPARTNER])
    for name in ("graph", "graph_data"):
        assert client.get(url(world, name)).status_code == 403
    assert client.get(url(world, "graph_node", node_id="suite")).status_code == 403


def test_it_shows_the_graph_to_a_partner_with_the_whole_map(
    world: dict[str, Any], login: Any
) -> None:
    Share.objects.filter(riskmap=world["map_a"]).update(whole_map=True)
    client = login(world["users"][Role.KETENPARTNER])
    assert client.get(url(world, "graph")).status_code == 200
    assert client.get(url(world, "graph_data")).status_code == 200


def test_it_hides_another_municipalitys_graph(world: dict[str, Any], login: Any) -> None:
    client = login(world["user_b"])
    assert client.get(url(world, "graph")).status_code == 404
    assert client.get(url(world, "graph_data")).status_code == 404
    assert client.get(url(world, "graph_node", node_id="power")).status_code == 404
    assert client.get(url(world, "graph", key="map_b")).status_code == 200


def test_it_sends_anonymous_users_to_log_in(world: dict[str, Any], client: Any) -> None:
    for name in ("graph", "graph_data"):
        response = client.get(url(world, name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_queues_a_criticality_run_for_editors_only(world: dict[str, Any], login: Any) -> None:
    target = url(world, "criticality")
    assert login(world["users"][Role.BESTUURDER]).post(target).status_code == 403
    response = login(world["users"][Role.CISO]).post(target, {"duration": "1d"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "job", job_id=job.pk)
    assert job.kind == JobKind.TIME_AWARE_CRITICALITY and job.params == {"duration": 24.0}
    assert job.status == JobStatus.QUEUED and job.version_number == 1
    # Asking again for the same run gives the same job.
    login(world["users"][Role.CISO]).post(target, {"duration": "24"})
    assert Job.objects.count() == 1


def test_it_refuses_a_meaningless_criticality_duration(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.CISO]).post(url(world, "criticality"), {"duration": "x"})
    assert response.status_code == 302 and not Job.objects.exists()


def test_it_caps_the_table_of_a_large_map(
    world: dict[str, Any], login: Any, monkeypatch: Any
) -> None:
    from weerbaar.web.graph import views as graph

    monkeypatch.setattr(graph, "TABLE_ROWS", 2)
    html = login(world["users"][Role.CISO]).get(url(world, "graph")).content.decode()
    assert html.count('<tr class="utrecht-table__row" data-node=') == 2
    assert "De eerste 2 staan hieronder" in html
    assert "(5 knooppunten)" in html


def test_it_draws_only_part_of_a_large_map(
    world: dict[str, Any], login: Any, monkeypatch: Any
) -> None:
    from weerbaar.web.graph import views as graph

    monkeypatch.setattr(graph, "DRAW_LIMIT", 3)
    client = login(world["users"][Role.CISO])

    def drawn(**query: str) -> tuple[list[str], bool]:
        data = client.get(url(world, "graph_data"), query).json()
        assert data["total"] == 5
        return [n["id"] for n in data["nodes"]], data["complete"]

    # Nothing chosen: nothing drawn, rather than the whole map.
    assert drawn() == ([], False)
    # A node: it and its nearest neighbours, up to the limit, edges among them only.
    assert drawn(node="suite") == (["internet-a", "hosting", "suite"], False)
    data = client.get(url(world, "graph_data"), {"node": "suite"}).json()
    assert {(e["source"], e["target"]) for e in data["edges"]} == {
        ("hosting", "suite"),
        ("internet-a", "suite"),
    }
    # Filters that leave few enough nodes.
    assert drawn(party="hoster") == (["hosting", "suite"], True)
    page = client.get(url(world, "graph"))
    html = page.content.decode()
    assert "te veel om in één keer te tekenen" in html
    assert reverse("maps:transfer", kwargs={"map_id": world["map_a"].pk}) in html
    # The node is asked for by id: a list of every node would be too long.
    assert '<input type="text" name="node"' in html and "<optgroup" not in html
    chosen = client.get(url(world, "graph"), {"node": "suite"})
    assert chosen.context["drawn"] == 3 and chosen.context["config"]["partial"]
    assert chosen.context["config"]["data"].endswith("?node=suite")
    wrong = client.get(url(world, "graph"), {"node": "nergens"}).content.decode()
    assert "Deze kaart heeft geen knooppunt met dit id." in wrong


def test_it_shortens_the_long_lists_of_a_node_and_gives_their_totals(
    world: dict[str, Any], login: Any, monkeypatch: Any
) -> None:
    from weerbaar.web.graph import views as graph

    monkeypatch.setattr(graph, "LIST_ROWS", 1)
    response = login(world["users"][Role.CISO]).get(url(world, "graph_node", node_id="power"))
    html = response.content.decode()
    # Power is needed by internet-a and hosting, and takes four nodes down.
    assert len(response.context["needed_by"]) == 1 and "En nog 1 knooppunt." in html
    assert len(response.context["fails"]) == 1
    assert "Valt mee uit bij blijvende uitval: 4 knooppunten" in html and "De eerste 1." in html


def test_it_gives_the_same_facts_without_the_exact_matrix(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    from weerbaar.scale.generate import generate_map

    m = generate_map(2, seed=3)
    exact, counted = analyse(m), analyse(m, exact=False)
    assert counted.graph is not None and exact.graph is None
    for node_id, facts in exact.nodes.items():
        assert sorted(counted.fails_of(node_id)) == sorted(facts.fails)
        assert counted.nodes[node_id].spof_of == facts.spof_of
    # The page of a map past the exact limit shows the same panel.
    settings.EXACT_CRITICALITY_NODES = 2
    html = login(world["users"][Role.CISO]).get(url(world, "graph_node", node_id="power"))
    assert "Valt mee uit bij blijvende uitval: 4 knooppunten" in html.content.decode()
