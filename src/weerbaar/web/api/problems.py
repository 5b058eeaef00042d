"""Errors as problem details (RFC 9457, ``application/problem+json``).

Every error of the API, including DRF's own (authentication, permission,
parsing), leaves through :func:`problem_handler` with ``type``, ``title``,
``status``, ``detail`` and ``instance``. Validation errors add
``invalidParams``, as the Dutch API design rules' error handling extension
does: one ``{name, code, reason}`` per invalid parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_JSON = "application/problem+json"


class InvalidParam(dict[str, str]):
    """One entry of ``invalidParams``: which parameter, and why."""

    def __init__(self, name: str, reason: str, code: str = "invalid") -> None:
        super().__init__(name=name, code=code, reason=reason)


class Unprocessable(exceptions.APIException):
    """The request was understood but the map it would make is not valid (422)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The change would make the map invalid."
    default_code = "invalid"

    def __init__(self, params: Sequence[InvalidParam], detail: str | None = None) -> None:
        super().__init__(detail)
        self.invalid_params = list(params)


class BadParameters(exceptions.APIException):
    """A query or header parameter has a value the API cannot use (400)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "A parameter has an invalid value."
    default_code = "invalid"

    def __init__(self, params: Sequence[InvalidParam], detail: str | None = None) -> None:
        super().__init__(detail)
        self.invalid_params = list(params)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The map changed since you read it; read it again and retry."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    # Replacing a whole map without saying which version it replaces would
    # silently undo other people's changes (RFC 6585, section 3).
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag of the map you read."
    default_code = "precondition_required"


def json_path(path: Iterable[str | int]) -> str:
    """The JSONPath (RFC 9535, dot notation) of a place in a JSON document.

    Examples
    --------
    >>> json_path(("nodes", 3, "requires", 0))
    '$.nodes[3].requires[0]'
    >>> json_path(())
    '$'
    """
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def problem(
    status_code: int,
    detail: str,
    *,
    instance: str = "",
    headers: Mapping[str, str] | None = None,
    invalid_params: Sequence[Mapping[str, str]] | None = None,
) -> Response:
    """A problem details response; ``title`` is the status's standard phrase."""
    body: dict[str, Any] = {
        # about:blank means "no more than the status code says" (RFC 9457 4.2.1).
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if invalid_params is not None:
        body["invalidParams"] = list(invalid_params)
    return Response(
        body, status=status_code, headers=dict(headers or {}), content_type=PROBLEM_JSON
    )


def problem_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    """DRF exception handler turning every API error into problem details."""
    response = exception_handler(exc, dict(context))
    if response is None:
        return None  # an unexpected error: a 500, logged by Django
    request = context.get("request")
    instance = request.path if request is not None else ""
    return problem(
        response.status_code,
        _text(response.data),
        instance=instance,
        headers={k: v for k, v in response.items() if k.lower() != "content-type"},
        invalid_params=getattr(exc, "invalid_params", None),
    )


def _text(data: Any) -> str:
    if isinstance(data, Mapping) and "detail" in data:
        return str(data["detail"])
    return str(data)
