"""The dependency graph: the page, its data, and the side panel of one node."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from weerbaar.model import RiskMap
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import cache, criticality
from weerbaar.web.analyses.dependencies import Dependencies, NodeFacts, analyse
from weerbaar.web.graph.forms import GraphFilterForm
from weerbaar.web.jobs.forms import CriticalityForm
from weerbaar.web.jobs.models import Job, JobKind
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.maps.models import MapVersion

#: Rows of the text alternative; a larger map is narrowed down with the filters
#: first, so that the page stays quick to load and to read.
TABLE_ROWS = 400
#: The most nodes drawn at once. A browser draws a few thousand nodes slowly
#: and the generator's 300-municipality map (21,500 nodes) would be 25 MB of
#: JSON: past this, the page draws the surroundings of one node, or what the
#: filters leave, and points to the export for the whole map.
DRAW_LIMIT = 1000
#: Entries of a node's lists (what needs it, what fails with it) shown.
LIST_ROWS = 50
#: The same in a cell of the table, which has up to ``TABLE_ROWS`` rows.
CELL_ROWS = 10


def dependencies(version: MapVersion, m: RiskMap) -> Dependencies:
    return cache.remembered(
        version, ("dependencies",), lambda: analyse(m, exact=criticality.exact_fits(m))
    )


def _matches(f: NodeFacts, filters: dict[str, Any]) -> bool:
    # The same three tests as graph.js applies to the drawing.
    if filters.get("kind") and f.kind.value != filters["kind"]:
        return False
    if filters.get("party") and f.party != filters["party"]:
        return False
    return not filters.get("vital") or f.serves_vital


def _ref(deps: Dependencies, node_id: str) -> dict[str, Any]:
    f = deps.nodes[node_id]
    return {"id": f.id, "label": f.label, "vital": f.vital}


def _panel(
    deps: Dependencies, f: NodeFacts, *, fails: bool = True, rows: int | None = None
) -> dict[str, Any]:
    """The side panel's lists with labels resolved (templates cannot look ids up).

    The long lists stop at ``rows`` (``LIST_ROWS``): the national power grid of a large map
    is needed by thousands; their totals are given.
    """
    rows = LIST_ROWS if rows is None else rows
    failing = (
        sorted(
            (_ref(deps, v) for v in deps.fails_of(f.id)),
            key=lambda r: (not r["vital"], r["label"].lower()),
        )
        if fails
        else []
    )
    return {
        "facts": f,
        "needs": [
            {
                "members": [_ref(deps, u) for u in need.members],
                "need": need.need,
                "group": need.group,
                "tolerance": need.tolerance,
            }
            for need in f.needs
        ],
        "needed_by": [
            {**_ref(deps, need.node), "group": need.group, "tolerance": need.tolerance}
            for need in f.needed_by[:rows]
        ],
        "needed_by_more": max(0, len(f.needed_by) - rows),
        "fails": failing[:rows],
        "fails_total": len(failing),
        "spof_of": [_ref(deps, v) for v in f.spof_of[:rows]],
        "spof_of_total": len(f.spof_of),
    }


def _drawn(
    deps: Dependencies, filters: dict[str, Any], selected: NodeFacts | None
) -> tuple[list[str] | None, bool]:
    """The nodes to draw (None: all of them) and whether the drawing is all of its part.

    A small map is drawn whole and filtered in the browser. Of a large one
    only a part is drawn: the surroundings of the chosen node, else what the
    filters leave when that is few enough, else nothing (the page says why).
    """
    if len(deps.nodes) <= DRAW_LIMIT:
        return None, True
    if selected is not None:
        return deps.surroundings(selected.id, DRAW_LIMIT)
    if any(filters.get(key) for key in ("kind", "party", "vital")):
        matching = [f.id for f in deps.nodes.values() if _matches(f, filters)]
        if len(matching) <= DRAW_LIMIT:
            return matching, True
    return [], False


def _query(filters: dict[str, Any]) -> str:
    shown = {key: value for key, value in filters.items() if value}
    return f"?{urlencode(shown)}" if shown else ""


@map_view(Action.ANALYSE)
def graph(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    deps = dependencies(version, m)
    large = len(deps.nodes) > DRAW_LIMIT
    form = GraphFilterForm(m, request.GET or None, choose=not large)
    filters = form.cleaned_data if form.is_valid() else {}
    selected = deps.nodes.get(filters.get("node") or "")
    drawn, _complete = _drawn(deps, filters, selected)
    matching = [f for f in deps.nodes.values() if _matches(f, filters)]
    if drawn:
        # The table lists what the drawing shows.
        within = set(drawn)
        matching = [f for f in matching if f.id in within]
    shown = [_panel(deps, f, fails=False, rows=CELL_ROWS) for f in matching[:TABLE_ROWS]]
    record = access.record
    data_url = reverse("graph:graph_data", kwargs={"map_id": record.pk})
    context = {
        "access": access,
        "version": version,
        "form": form,
        "shown": shown,
        "matching": len(matching),
        "total": len(deps.nodes),
        "spofs": sum(f.spof for f in deps.nodes.values()),
        "selected": selected,
        "large": large,
        "drawn": None if drawn is None else len(drawn),
        "draw_limit": DRAW_LIMIT,
        "config": {
            # A large map's part is chosen by the server from the same filters.
            "data": data_url + (_query(filters) if large else ""),
            "node": reverse("graph:graph_node", kwargs={"map_id": record.pk, "node_id": "_"}),
            "partial": large,
        },
        "criticality_form": CriticalityForm() if access.run else None,
        "jobs": Job.objects.filter(map=record)
        .filter(kind__in=(JobKind.CRITICALITY, JobKind.TIME_AWARE_CRITICALITY))
        .defer("result")
        .select_related("requested_by")[:5],
    }
    if selected is not None:
        context.update(_panel(deps, selected))
    return render(request, "graph/graph.html", context)


@map_view(Action.ANALYSE)
def graph_data(request: HttpRequest, access: Access) -> JsonResponse:
    """The graph's nodes and edges: all of a small map, the part asked for of a large one."""
    version, m = service.current(access.record)
    deps = dependencies(version, m)
    form = GraphFilterForm(m, request.GET or None, choose=len(deps.nodes) <= DRAW_LIMIT)
    filters = form.cleaned_data if form.is_valid() else {}
    drawn, complete = _drawn(deps, filters, deps.nodes.get(filters.get("node") or ""))
    data = deps.to_graph(drawn)
    data["version"] = version.number
    data["total"] = len(deps.nodes)
    data["complete"] = drawn is None or (complete and bool(drawn))
    return JsonResponse(data)


@map_view(Action.ANALYSE)
def graph_node(request: HttpRequest, access: Access, node_id: str) -> HttpResponse:
    """The side panel of one node, as an HTML fragment the page's script inserts."""
    version, m = service.current(access.record)
    deps = dependencies(version, m)
    facts = deps.nodes.get(node_id)
    if facts is None:
        raise Http404("no such node")
    return render(request, "graph/_node_panel.html", {"access": access, **_panel(deps, facts)})
