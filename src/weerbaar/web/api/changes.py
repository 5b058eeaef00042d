"""Writing through the API: preconditions, validation, the audit trail.

Every write builds the whole new map data from the current version and
stores it with :func:`weerbaar.web.maps.service.save`, which validates it as
``weerbaar check`` does and refuses a stale base version. The ETag of a map
is its version as the caller knows it (:mod:`weerbaar.web.maps.versiontag`):
the number, or for a ketenpartner without the whole map an opaque tag of its
own part. ``If-Match`` says which version a change replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from weerbaar.model import MapError, Problem
from weerbaar.web.api.problems import (
    InvalidParam,
    PreconditionFailed,
    PreconditionRequired,
    Unprocessable,
    json_path,
)
from weerbaar.web.api.visibility import restricted
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access
from weerbaar.web.maps.models import MapVersion, ObjectKind
from weerbaar.web.maps.versiontag import version_tag

#: Without If-Match a node change is re-applied to a newer version this often.
ATTEMPTS = 3


class Busy(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The map is being changed by others right now; try again."
    default_code = "conflict"


@dataclass(frozen=True)
class Edit:
    """A change: the new map data and the changed object before and after.

    ``body_at`` is where the request body lies in ``data`` (``()`` for the
    whole map, ``("nodes", 3)`` for a node; None when there is no body).
    """

    data: Any
    before: Any = None
    after: Any = None
    body_at: tuple[str | int, ...] | None = None


def etag(access: Access, version: MapVersion) -> str:
    """The ``ETag`` of ``version`` for this caller (a strong validator, quoted)."""
    return f'"{version_tag(access, version)}"'


def if_match(request: Request) -> set[str] | None:
    """The ETags of the ``If-Match`` header; ``{"*"}`` for any; None when absent."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    return {tag.strip() for tag in raw.split(",") if tag.strip()}


def not_modified(request: Request, access: Access, version: MapVersion) -> bool:
    """Does the client's ``If-None-Match`` already name this version?"""
    raw = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in raw.split(",")}
    return etag(access, version) in tags or "*" in tags


def apply(
    request: Request,
    access: Access,
    build: Callable[[dict[str, Any]], Edit],
    *,
    summary: str,
    kind: ObjectKind,
    object_id: str = "",
    cause: str = "$",
    require_if_match: bool = False,
) -> MapVersion:
    """Apply ``build`` to the current map data and store the result as a new version.

    ``cause`` names the parameter blamed for problems outside the body.
    """
    wanted = if_match(request)
    if wanted is None and require_if_match:
        raise PreconditionRequired
    for _ in range(ATTEMPTS):
        version = access.record.current()
        if wanted is not None and "*" not in wanted and etag(access, version) not in wanted:
            raise PreconditionFailed
        edit = build(version.data)
        try:
            stored = service.save(
                access.record,
                edit.data,
                author=request.user,
                summary=summary,
                kind=kind,
                object_id=object_id,
                before=edit.before,
                after=edit.after,
                base=version.number,
            )
        except MapError as exc:
            raise Unprocessable(invalid_params(access, exc.problems, edit.body_at, cause)) from None
        except service.Conflict:
            # Someone saved in between: check If-Match against their version
            # and rebuild on it. A partner's tag still matches when the
            # change was outside its part, so the partner does not learn of it.
            continue
        return stored
    raise Busy


def invalid_params(
    access: Access,
    problems: Sequence[Problem],
    body_at: tuple[str | int, ...] | None,
    cause: str,
) -> list[InvalidParam]:
    """``invalidParams`` for the loader's problems, named in the request body."""
    out: list[InvalidParam] = []
    for p in problems:
        message = _bare(p)
        if body_at is not None and p.path[: len(body_at)] == body_at:
            param = InvalidParam(json_path(p.path[len(body_at) :]), message)
        elif restricted(access):
            # The problem lies in nodes this partner cannot see; say no more.
            param = InvalidParam(cause, "the change breaks a part of the map you cannot see")
        else:
            param = InvalidParam(cause, f"{json_path(p.path)}: {message}")
        if param not in out:
            out.append(param)
    return out


def _bare(p: Problem) -> str:
    """The message without the loader's own ``nodes.3.id:`` prefix (the name says it)."""
    prefix = ".".join(str(part) for part in p.path) + ": "
    return p.message.removeprefix(prefix) if p.path else p.message
