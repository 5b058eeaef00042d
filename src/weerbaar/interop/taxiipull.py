"""Pull a remote TAXII 2.1 collection with ``taxii2-client``, as hostile input.

The collection is paged through with the client's ``as_pages``; every
response is read under the size limit (:class:`LimitedSession`: the
client's own session reads whole bodies), the number of objects and of
pages is capped (a server answering ``more: true`` forever ends at the
cap), redirects are not followed, and the address is checked like a feed's
(:func:`~weerbaar.interop.fetch.check_url`). The objects of all pages are
then read as one bundle (:func:`~weerbaar.interop.stiximport.read_objects`):
all of them are kept, or none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import requests
from taxii2client.common import TokenAuth
from taxii2client.v21 import Collection, as_pages

from weerbaar.interop.fetch import TIMEOUT, check_url
from weerbaar.interop.hostile import DEFAULT_LIMITS, Limits, read_limited
from weerbaar.interop.records import ImportRefused, Item, Party, refuse
from weerbaar.interop.stiximport import read_objects
from weerbaar.sharing.tlp import TLP

PAGE = 500


class LimitedSession(requests.Session):
    """A session that reads each response body to at most ``max_bytes``, follows no redirect."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__()
        self.max_bytes = max_bytes

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.update(stream=True, allow_redirects=False)
        kwargs.setdefault("timeout", TIMEOUT)
        response = super().request(method, url, *args, **kwargs)
        try:
            body = read_limited(response.iter_content(64 * 1024), str(url), self.max_bytes)
        finally:
            response.close()
        response._content = body  # the client reads .json() / .content from here
        return response


def pull(
    url: str,
    *,
    token: str,
    default_owner: Party,
    default_tlp: TLP | None = None,
    added_after: datetime | None = None,
    limits: Limits = DEFAULT_LIMITS,
    allow_private: bool = False,
) -> list[Item]:
    """The items of the TAXII 2.1 collection at ``url`` (its ``…/collections/<id>/``).

    Raises
    ------
    ImportRefused
        When the server cannot be read, answers too much, or any object
        cannot be kept; then nothing is returned.
    """
    check_url(url, allow_private=allow_private)
    collection = Collection(url, auth=TokenAuth(token))
    # taxii2-client makes its own session; ours reads every body under the limit.
    session = LimitedSession(limits.max_bytes)
    session.auth = TokenAuth(token)
    collection._conn.session = session
    objects: list[dict[str, Any]] = []
    filters: dict[str, Any] = {"added_after": added_after} if added_after else {}
    max_pages = limits.max_objects // 10 + 1
    try:
        for pages, envelope in enumerate(
            as_pages(collection.get_objects, per_request=PAGE, **filters)
        ):
            found = envelope.get("objects", []) if isinstance(envelope, dict) else None
            if not isinstance(found, list):
                raise refuse(url, ["the server answered no TAXII envelope"])
            objects.extend(found)
            if len(objects) > limits.max_objects or pages >= max_pages:
                raise refuse(
                    url, [f"more than {limits.max_objects:,} objects; at most that many are read"]
                )
    except ImportRefused:
        raise
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise refuse(url, [f"the server answered {status}"]) from None
    except (requests.RequestException, ValueError, RecursionError) as exc:
        raise refuse(
            url, [f"cannot be read as a TAXII 2.1 collection: {type(exc).__name__}: {exc}"]
        ) from None
    except Exception as exc:  # taxii2-client raises its own exception types
        raise refuse(url, [f"cannot be read as a TAXII 2.1 collection: {exc}"]) from None
    return read_objects(
        objects, url, default_owner=default_owner, default_tlp=default_tlp, limits=limits
    )
