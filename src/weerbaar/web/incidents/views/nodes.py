"""The node search of the incident forms: a large map's nodes, found by id or name, a page
at a time.

The forms of a large map ask for node ids (a list of 21,500 nodes would
weigh megabytes); this page finds them. Without JavaScript it is a plain
search with pages; ``?format=json`` answers the suggestions the form's
search box shows (``weerbaar/nodepick.js``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from weerbaar.model import Node
from weerbaar.web.accounts.models import Action
from weerbaar.web.labels import NODE_KINDS
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.paging import paged

#: Nodes per page of the search, and suggestions per answer of the JSON.
PAGE = 25
SUGGESTIONS = 20
#: The longest search text read.
MAX_QUERY = 100


def matching(nodes: tuple[Node, ...], query: str) -> list[Node]:
    """Nodes whose id or name holds ``query`` (without case): the id itself first,
    then ids that begin with it, then the rest, each by name."""
    q = query.strip().lower()
    if not q:
        return []
    ranked = []
    for n in nodes:
        node_id, label = n.id.lower(), n.label.lower()
        if q in node_id or q in label:
            rank = 0 if node_id == q else 1 if node_id.startswith(q) else 2
            ranked.append((rank, label, n.id, n))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]


@map_view(Action.RESPOND)
def search(request: HttpRequest, access: Access) -> HttpResponse:
    _version, m = service.current(access.record)
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    found = matching(m.nodes, query)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [{"id": n.id, "label": n.label} for n in found[:SUGGESTIONS]],
                "total": len(found),
            }
        )
    context = {
        "access": access,
        "query": query,
        "total": len(found),
        "pages": paged(request, [(n, NODE_KINDS[n.kind]) for n in found], PAGE),
    }
    return render(request, "incidents/nodes.html", context)
