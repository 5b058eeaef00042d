"""Maps: the list, one map's metadata, its whole content, its audit trail."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerbaar.web.accounts.models import Action
from weerbaar.web.api import docs
from weerbaar.web.api.base import VERSION_HEADER, ApiView, ListView
from weerbaar.web.api.changes import Edit, apply, etag, not_modified
from weerbaar.web.api.permissions import map_access
from weerbaar.web.api.serializers import ContentSerializer, MapSerializer, VersionSerializer
from weerbaar.web.api.visibility import visible_content
from weerbaar.web.maps.access import Access, access_for, maps_for
from weerbaar.web.maps.models import MapVersion, ObjectKind, RiskMapRecord

CONTENT_EXAMPLE = OpenApiExample(
    "A small map",
    value={
        "weerbaar": 1,
        "name": "Gemeente Voorbeeld",
        "parties": [{"id": "gemeente", "name": "Gemeente Voorbeeld", "kind": "gemeente"}],
        "nodes": [
            {"id": "stroom", "kind": "infrastructure"},
            {"id": "uitkeringen", "kind": "process", "vital": True, "requires": ["stroom"]},
        ],
    },
)
CONTENT_DOC = (
    "The map file format (`weerbaar schema` prints its JSON Schema) as JSON, "
    "with the file's own keys."
)


def map_info(access: Access, version: MapVersion) -> dict[str, Any]:
    record = access.record
    # A partner without the whole map is not told how often or when the map
    # changed: most changes are to parts it cannot see (docs/security.md).
    return {
        "id": record.pk,
        "name": record.name,
        "organisation": {"id": record.organisation.pk, "name": record.organisation.name},
        "created": record.created,
        "currentVersion": None if access.restricted else version.number,
        "updated": None if access.restricted else version.created,
        "role": access.role.value,
        "partyId": access.party_id,
        "wholeMap": not access.is_partner or access.whole_map,
    }


class MapList(ListView):
    """The maps of the caller's organisations and those shared with them."""

    @extend_schema(
        operation_id="listMaps",
        summary="The maps you may see",
        tags=["maps"],
        parameters=[VERSION_HEADER, *docs.PAGING],
        responses=docs.responses(docs.ok(MapSerializer(many=True))),
    )
    def get(self, request: Request) -> Response:
        def render(records: list[RiskMapRecord]) -> Any:
            rows = []
            for record in records:
                access = access_for(request.user, record)
                if access is not None:  # maps_for and access_for agree; belt and braces
                    rows.append(map_info(access, record.current()))
            return MapSerializer(rows, many=True).data

        return self.page(request, maps_for(request.user), render)


class MapDetail(ApiView):
    """One map: name, organisation, current version, and the caller's role on it."""

    @extend_schema(
        operation_id="getMap",
        summary="A map's metadata and current version",
        tags=["maps"],
        parameters=docs.parameters(),
        responses=docs.responses(docs.ok(MapSerializer), 404),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.VIEW)
        version = access.record.current()
        return Response(
            MapSerializer(map_info(access, version)).data, headers={"ETag": etag(access, version)}
        )


class MapContent(ApiView):
    """The whole map data of the current version, in the map file format."""

    @extend_schema(
        operation_id="getMapContent",
        summary="The whole current map",
        description=CONTENT_DOC + " A ketenpartner that was not given the whole map "
        "reads its own party and nodes only.",
        tags=["maps"],
        parameters=docs.parameters(docs.IF_NONE_MATCH, docs.ETAG),
        responses=docs.responses(
            {
                **docs.ok(ContentSerializer),
                304: docs.NOT_MODIFIED,
            },
            404,
        ),
        examples=[CONTENT_EXAMPLE],
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.VIEW)
        version = access.record.current()
        headers = {"ETag": etag(access, version)}
        if not_modified(request, access, version):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        return Response(visible_content(access, version.data), headers=headers)

    @extend_schema(
        operation_id="replaceMapContent",
        summary="Replace the whole map",
        description=CONTENT_DOC + " Validated as `weerbaar check` does; needs If-Match.",
        tags=["maps"],
        parameters=docs.parameters(docs.IF_MATCH, docs.ETAG),
        request=ContentSerializer,
        responses=docs.responses(docs.ok(ContentSerializer), 403, 404, 412, 422, 428),
        examples=[CONTENT_EXAMPLE],
    )
    def put(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.EDIT_MAP)
        body = request.data
        stored = apply(
            request,
            access,
            lambda _data: Edit(body, body_at=()),
            summary="API: kaart vervangen",
            kind=ObjectKind.MAP,
            require_if_match=True,
        )
        return Response(stored.data, headers={"ETag": etag(access, stored)})


class MapVersions(ListView):
    """The audit trail: who changed what and when, one entry per version."""

    @extend_schema(
        operation_id="listMapVersions",
        summary="The audit trail, newest first",
        tags=["versions"],
        parameters=docs.parameters(*docs.PAGING),
        responses=docs.responses(docs.ok(VersionSerializer(many=True)), 403, 404),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.ANALYSE)
        versions = access.record.versions.select_related("author").order_by("-number")
        return self.page(request, versions, lambda rows: VersionSerializer(rows, many=True).data)
