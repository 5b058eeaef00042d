"""Limits on the work one API request may cause, answered as problem details.

Two things a client controls cost the server more than the request's size
suggests: the body itself (read into memory whole) and the nesting of the JSON
in it (parsers and validators recurse once per level; a body of 2,000 opening
brackets ended in a ``RecursionError`` and a 500). Both are refused before any
map code runs:

- a body longer than ``WEERBAAR_MAX_BODY_BYTES`` answers 413 Content Too Large,
  decided on the ``Content-Length`` header, before the body is read;
- JSON nested deeper than ``WEERBAAR_MAX_JSON_DEPTH`` answers 400 Bad Request.

Examples
--------
>>> depth({"a": [1, {"b": []}]})
4
>>> depth(3)
0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from weerbaar.model.limits import depth
from weerbaar.web.api.problems import PROBLEM_JSON

API_PREFIX = "/api/"


class LimitedJSONParser(JSONParser):
    """DRF's JSON parser, refusing documents nested deeper than the setting allows."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The C decoder gives up near Python's recursion limit, far past ours.
            data = None
            too_deep = True
        else:
            too_deep = depth(data) > settings.MAX_JSON_DEPTH
        if too_deep:
            raise ParseError(
                f"JSON nested more than {settings.MAX_JSON_DEPTH} levels deep "
                "(WEERBAAR_MAX_JSON_DEPTH); no map needs that many."
            )
        return data


class BodySizeMiddleware:
    """Answer 413 to an API request whose declared body exceeds the limit.

    Django's own check (``DATA_UPLOAD_MAX_MEMORY_SIZE``, set to the same
    value) still guards the pages, with its usual 400 page; the API answers in
    its own format, so clients see why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            limit = settings.MAX_BODY_BYTES
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0  # Django reads no body for a malformed length
            if length > limit:
                return too_large(request, length, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, length: int, limit: int) -> HttpResponse:
    return JsonResponse(
        {
            "type": "about:blank",
            "title": "Content Too Large",
            "status": 413,
            "detail": f"The body has {length:,} bytes; this server accepts at most "
            f"{limit:,} (WEERBAAR_MAX_BODY_BYTES).",
            "instance": request.path,
        },
        status=413,
        content_type=PROBLEM_JSON,
    )
