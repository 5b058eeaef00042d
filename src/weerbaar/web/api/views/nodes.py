"""Nodes one at a time: list with filters, read, add, replace, delete.

A ketenpartner reads and changes only its own nodes (those of its party);
every change is validated as a whole map and written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerbaar.model import NodeKind
from weerbaar.web.accounts.models import Action
from weerbaar.web.api import docs
from weerbaar.web.api.base import ApiView, ListView
from weerbaar.web.api.changes import Edit, apply, etag, not_modified
from weerbaar.web.api.permissions import (
    map_access,
    may_write_node,
    may_write_nodes,
    visible_node,
    writable_node,
)
from weerbaar.web.api.problems import BadParameters, InvalidParam, Unprocessable
from weerbaar.web.api.serializers import NodeSerializer
from weerbaar.web.api.visibility import hidden_id, hidden_requirements, visible_nodes
from weerbaar.web.maps import mapdata
from weerbaar.web.maps.models import ObjectKind

NODE = ObjectKind.NODE
NODE_EXAMPLE = OpenApiExample(
    "A system of a supplier",
    value={
        "id": "suite",
        "kind": "system",
        "name": "Suite sociaal domein",
        "party": "hoster",
        "restart": "4h",
        "requires": ["hosting", {"any": ["internet-a", "internet-b"]}],
    },
)
NODE_DOC = "A node as in the map file (`nodes:` entries), with the file's own keys."
BOOLEANS = {"true": True, "false": False}


class NodeList(ListView):
    """The nodes of a map; `kind`, `party` and `vital` filter them."""

    @extend_schema(
        operation_id="listNodes",
        summary="The nodes you may see",
        description=NODE_DOC,
        tags=["nodes"],
        parameters=docs.parameters(
            OpenApiParameter("kind", OpenApiTypes.STR, enum=[k.value for k in NodeKind]),
            OpenApiParameter("party", OpenApiTypes.STR, description="A party's id."),
            OpenApiParameter("vital", OpenApiTypes.BOOL),
            *docs.PAGING,
        ),
        responses=docs.responses(docs.ok(NodeSerializer(many=True)), 400, 404),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.VIEW)
        keep = _filters(request.query_params)
        nodes = [n for n in visible_nodes(access, access.record.current().data) if keep(n)]
        return self.page(request, nodes)

    @extend_schema(
        operation_id="createNode",
        summary="Add a node",
        description=NODE_DOC + " A ketenpartner adds nodes of its own party only.",
        tags=["nodes"],
        parameters=docs.parameters(docs.IF_MATCH, docs.ETAG),
        request=NodeSerializer,
        responses=docs.responses(
            docs.ok(NodeSerializer, 201, "Created; Location names the new node."),
            403,
            404,
            412,
            422,
        ),
        examples=[NODE_EXAMPLE],
    )
    def post(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.VIEW)
        may_write_nodes(access)
        node = _body(request)
        may_write_node(access, None, node)

        def build(data: dict[str, Any]) -> Edit:
            _refuse(hidden_id(access, data, node) + hidden_requirements(access, data, node, None))
            new, _ = mapdata.put(data, NODE, node)
            return Edit(new, None, node, ("nodes", len(new["nodes"]) - 1))

        node_id = str(node.get("id", ""))
        stored = apply(
            request,
            access,
            build,
            summary=f"API: knooppunt {node_id} toegevoegd",
            kind=NODE,
            object_id=node_id,
        )
        location = request.build_absolute_uri(
            reverse("api:node", kwargs={"mapId": mapId, "nodeId": node_id})
        )
        return Response(
            node,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(access, stored), "Location": location},
        )


class NodeDetail(ApiView):
    """One node of a map."""

    @extend_schema(
        operation_id="getNode",
        summary="A node",
        description=NODE_DOC,
        tags=["nodes"],
        parameters=docs.parameters(docs.NODE_ID, docs.IF_NONE_MATCH, docs.ETAG),
        responses=docs.responses({**docs.ok(NodeSerializer), 304: docs.NOT_MODIFIED}, 404),
        examples=[NODE_EXAMPLE],
    )
    def get(self, request: Request, mapId: int, nodeId: str) -> Response:
        access = map_access(request, mapId, Action.VIEW)
        version = access.record.current()
        node = visible_node(access, mapdata.find(version.data, NODE, nodeId))
        headers = {"ETag": etag(access, version)}
        if not_modified(request, access, version):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        return Response(node, headers=headers)

    @extend_schema(
        operation_id="replaceNode",
        summary="Replace a node",
        description=NODE_DOC + " The body's id, when given, must be the node's id "
        "(renaming is not a replacement).",
        tags=["nodes"],
        parameters=docs.parameters(docs.NODE_ID, docs.IF_MATCH, docs.ETAG),
        request=NodeSerializer,
        responses=docs.responses(docs.ok(NodeSerializer), 403, 404, 409, 412, 422),
        examples=[NODE_EXAMPLE],
    )
    def put(self, request: Request, mapId: int, nodeId: str) -> Response:
        access = map_access(request, mapId, Action.VIEW)
        may_write_nodes(access)
        node = {"id": nodeId, **_body(request)}
        if node["id"] != nodeId:
            _refuse([InvalidParam("$.id", f"must be the node's id in the path, {nodeId!r}")])

        def build(data: dict[str, Any]) -> Edit:
            before = writable_node(access, mapdata.find(data, NODE, nodeId))
            may_write_node(access, before, node)
            _refuse(hidden_requirements(access, data, node, before))
            new, _ = mapdata.put(data, NODE, node, old_id=nodeId)
            index = [n.get("id") for n in new["nodes"]].index(nodeId)
            return Edit(new, before, node, ("nodes", index))

        stored = apply(
            request,
            access,
            build,
            summary=f"API: knooppunt {nodeId} gewijzigd",
            kind=NODE,
            object_id=nodeId,
            cause="nodeId",
        )
        return Response(node, headers={"ETag": etag(access, stored)})

    @extend_schema(
        operation_id="deleteNode",
        summary="Delete a node",
        description="Refused (422) while other nodes or scenarios still refer to it.",
        tags=["nodes"],
        parameters=docs.parameters(docs.NODE_ID, docs.IF_MATCH, docs.ETAG),
        responses=docs.responses(
            {204: OpenApiResponse(description="Deleted.")}, 403, 404, 409, 412, 422
        ),
    )
    def delete(self, request: Request, mapId: int, nodeId: str) -> Response:
        access = map_access(request, mapId, Action.VIEW)
        may_write_nodes(access)

        def build(data: dict[str, Any]) -> Edit:
            writable_node(access, mapdata.find(data, NODE, nodeId))
            new, before = mapdata.remove(data, NODE, nodeId)
            return Edit(new, before, None, None)

        stored = apply(
            request,
            access,
            build,
            summary=f"API: knooppunt {nodeId} verwijderd",
            kind=NODE,
            object_id=nodeId,
            cause="nodeId",
        )
        return Response(status=status.HTTP_204_NO_CONTENT, headers={"ETag": etag(access, stored)})


def _body(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        _refuse([InvalidParam("$", "a node must be a JSON object")])
    return dict(request.data)


def _refuse(params: list[InvalidParam]) -> None:
    if params:
        raise Unprocessable(params)


def _filters(query: Any) -> Any:
    """A predicate for the ``kind``, ``party`` and ``vital`` query parameters."""
    bad = []
    kind = query.get("kind")
    if kind is not None and kind not in {k.value for k in NodeKind}:
        known = ", ".join(k.value for k in NodeKind)
        bad.append(InvalidParam("kind", f"must be one of {known}"))
    vital = query.get("vital")
    if vital is not None and vital not in BOOLEANS:
        bad.append(InvalidParam("vital", "must be true or false"))
    if bad:
        raise BadParameters(bad)
    party = query.get("party")

    def keep(node: dict[str, Any]) -> bool:
        # The file format's defaults: kind system, not vital.
        return (
            (kind is None or node.get("kind", NodeKind.SYSTEM.value) == kind)
            and (party is None or node.get("party") == party)
            and (vital is None or bool(node.get("vital", False)) is BOOLEANS[vital])
        )

    return keep
