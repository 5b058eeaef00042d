"""The dependency graph: the page, its data, and the side panel of one node."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from weerbaar.model import RiskMap
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import cache
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


def dependencies(version: MapVersion, m: RiskMap) -> Dependencies:
    return cache.remembered(version, ("dependencies",), lambda: analyse(m))


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


def _panel(deps: Dependencies, f: NodeFacts, *, fails: bool = True) -> dict[str, Any]:
    """The side panel's lists with labels resolved (templates cannot look ids up)."""
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
            for need in f.needed_by
        ],
        "fails": sorted(
            (_ref(deps, v) for v in f.fails), key=lambda r: (not r["vital"], r["label"].lower())
        )
        if fails
        else [],
        "spof_of": [_ref(deps, v) for v in f.spof_of],
    }


@map_view(Action.ANALYSE)
def graph(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    deps = dependencies(version, m)
    form = GraphFilterForm(m, request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    selected = deps.nodes.get(filters.get("node") or "")
    matching = [f for f in deps.nodes.values() if _matches(f, filters)]
    shown = [_panel(deps, f, fails=False) for f in matching[:TABLE_ROWS]]
    record = access.record
    context = {
        "access": access,
        "version": version,
        "form": form,
        "shown": shown,
        "matching": len(matching),
        "total": len(deps.nodes),
        "spofs": sum(f.spof for f in deps.nodes.values()),
        "selected": selected,
        "config": {
            "data": reverse("graph:graph_data", kwargs={"map_id": record.pk}),
            "node": reverse("graph:graph_node", kwargs={"map_id": record.pk, "node_id": "_"}),
        },
        "criticality_form": CriticalityForm() if access.run else None,
        "jobs": Job.objects.filter(map=record)
        .exclude(kind=JobKind.SIMULATE)
        .select_related("requested_by")[:5],
    }
    if selected is not None:
        context.update(_panel(deps, selected))
    return render(request, "graph/graph.html", context)


@map_view(Action.ANALYSE)
def graph_data(request: HttpRequest, access: Access) -> JsonResponse:
    version, m = service.current(access.record)
    data = dependencies(version, m).to_graph()
    data["version"] = version.number
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
