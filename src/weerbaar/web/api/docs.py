"""Pieces of the OpenAPI document shared by the views' ``extend_schema``."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from weerbaar.web.api.base import VERSION_HEADER
from weerbaar.web.api.problems import PROBLEM_JSON
from weerbaar.web.api.serializers import ProblemSerializer

_WHY = {
    400: "A query parameter has an invalid value (see invalidParams).",
    401: "No or an unknown token.",
    403: "Your role may not do this on this map.",
    404: "No such map (or one you may not see), or no such object in it.",
    409: "The map kept changing while the change was applied; try again.",
    412: "The map changed since the version in If-Match; nothing was stored.",
    422: "The change would make the map invalid (see invalidParams); nothing was stored.",
    428: "If-Match is required.",
}

ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201, 204],
    description='The map\'s version this answer reflects: its number, for example "12"; '
    "for a ketenpartner without the whole map an opaque tag of the part it sees "
    '(for example "v3f9c…"), which changes only when that part changes.',
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag of the version the change replaces, for example "12" '
    "(a ketenpartner sends its opaque tag; a number from it never matches).",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag you already have: 304 Not Modified when it is still current.",
)
QUEUED = (
    "Accepted: the map is too large to answer at once; the body is the job computing "
    "the answer, and Location its URL."
)
NOT_MODIFIED = OpenApiResponse(description="Not Modified: the ETag you sent is still current.")
MAP_ID = OpenApiParameter("mapId", OpenApiTypes.INT, OpenApiParameter.PATH, description="A map.")
NODE_ID = OpenApiParameter(
    "nodeId", OpenApiTypes.STR, OpenApiParameter.PATH, description="A node's id in the map."
)
SCENARIO_ID = OpenApiParameter(
    "scenarioId", OpenApiTypes.STR, OpenApiParameter.PATH, description="A scenario's id."
)


# Declared by hand: drf-spectacular adds them only when the first response of
# an operation is a list, and the problem responses' (code, media type) keys
# sort before 200.
PAGING = [
    OpenApiParameter("page", OpenApiTypes.INT, description="The page, from 1."),
    OpenApiParameter(
        "pageSize", OpenApiTypes.INT, description="Rows per page (default 100, at most 1000)."
    ),
]


def responses(ok: dict[Any, Any], *errors: int) -> dict[Any, Any]:
    """``ok`` plus problem details for 401 and ``errors``."""
    out = dict(ok)
    for code in (401, *errors):
        out[(code, PROBLEM_JSON)] = OpenApiResponse(ProblemSerializer, description=_WHY[code])
    return out


def ok(serializer: Any, code: int = 200, description: str = "") -> dict[Any, Any]:
    return {code: OpenApiResponse(serializer, description=description or HTTPStatus(code).phrase)}


def parameters(*extra: OpenApiParameter) -> list[OpenApiParameter]:
    return [VERSION_HEADER, MAP_ID, *extra]
