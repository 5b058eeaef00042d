"""TAXII 2.1 on the wire: media types, error messages, authentication, timestamps.

Every TAXII answer, errors included, is ``application/taxii+json;version=2.1``
(section 1.6.8); an error is a TAXII error message (section 3.6.1) with the
HTTP status. A client authenticates with the API token of ``weerbaar.web.api``
(``Authorization: Token <key>``, as ``taxii2client.common.TokenAuth`` sends
it) or, in a browser, with its session; an anonymous request is answered
401 with ``WWW-Authenticate: Token``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"
ACCEPTED = ("application/taxii+json;version=2.1", "application/taxii+json", "*/*")


def answer(
    data: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type=TAXII)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def error(status: int, title: str, description: str = "") -> HttpResponse:
    body: dict[str, Any] = {"title": title, "http_status": str(status)}
    if description:
        body["description"] = description
    response = answer(body, status)
    if status == 401:
        response["WWW-Authenticate"] = 'Token realm="taxii"'
    return response


class TaxiiError(Exception):
    """Raised inside a view, answered as a TAXII error message."""

    def __init__(self, status: int, title: str, description: str = "") -> None:
        super().__init__(title)
        self.status, self.title, self.description = status, title, description


def not_found(what: str) -> TaxiiError:
    # The same answer whether the thing does not exist or the caller may not see it.
    return TaxiiError(404, "Not found", f"There is no {what} here for you.")


def _accepts(request: HttpRequest) -> bool:
    header = request.headers.get("Accept", "*/*")
    for part in header.split(","):
        media = part.split(";q=")[0].replace(" ", "").lower()
        if media in ACCEPTED:
            return True
    return False


def taxii_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Authenticate, check the Accept header and the method, answer errors as TAXII."""

    @csrf_exempt  # no session-changing method is served; POST is answered 405
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            found = TokenAuthentication().authenticate(request)  # type: ignore[arg-type]
        except AuthenticationFailed:
            return error(401, "Unauthorized", "The token is not valid.")
        user = found[0] if found else request.user
        if not getattr(user, "is_authenticated", False):
            return error(401, "Unauthorized", "Send 'Authorization: Token <your API token>'.")
        if request.method not in ("GET", "HEAD"):
            return error(405, "Method not allowed", "This TAXII server is read-only.")
        if not _accepts(request):
            return error(406, "Not acceptable", f"This server answers {TAXII}.")
        request.user = user
        try:
            return view(request, *args, **kwargs)
        except TaxiiError as exc:
            return error(exc.status, exc.title, exc.description)

    return wrapped


def stamp(when: datetime) -> str:
    """A TAXII timestamp: UTC, microseconds, ``Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(text: str, parameter: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise TaxiiError(400, "Bad request", f"{parameter}: {text!r} is not a timestamp") from None
    if value.tzinfo is None:
        raise TaxiiError(400, "Bad request", f"{parameter}: {text!r} has no time zone")
    return value
