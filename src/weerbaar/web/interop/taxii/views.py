"""TAXII 2.1 endpoints: discovery, API root, collections, objects, manifest, versions.

The objects of a collection are paged in the database by keyset on
(``added``, ``id``): a page is one query of ``limit + 1`` rows after the
position the ``next`` token names, whatever the size of the collection, so
the server's memory does not grow with it. ``added_after`` and the
``match[…]`` filters narrow the same query. Each page's items are recorded
as disclosed (channel feed) to the caller.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from weerbaar.web.interop.models import StixObject
from weerbaar.web.interop.objects import collection_rows, sync
from weerbaar.web.interop.taxii.collections import collection_for, collections_for
from weerbaar.web.interop.taxii.protocol import (
    STIX,
    TAXII,
    TaxiiError,
    answer,
    not_found,
    parse_stamp,
    stamp,
    taxii_view,
)
from weerbaar.web.sharing.models import Channel, SharedItem
from weerbaar.web.sharing.visibility import record_disclosures

DEFAULT_PAGE = 500


def _max_page() -> int:
    return int(getattr(settings, "TAXII_MAX_PAGE", 1000))


@taxii_view
def discovery(request: HttpRequest) -> HttpResponse:
    root = request.build_absolute_uri(reverse("taxii_root"))
    return answer(
        {
            "title": "Weerbaar",
            "description": "Gedeelde incidenten, indicatoren en lessen (TLP 2.0)",
            "default": root,
            "api_roots": [root],
        }
    )


@taxii_view
def api_root(request: HttpRequest) -> HttpResponse:
    return answer(
        {
            "title": "Weerbaar",
            "versions": [TAXII],
            "max_content_length": settings.MAX_BODY_BYTES,
        }
    )


@taxii_view
def collections(request: HttpRequest) -> HttpResponse:
    return answer({"collections": [c.resource() for c in collections_for(request.user)]})


@taxii_view
def collection(request: HttpRequest, collection_id: str) -> HttpResponse:
    return answer(collection_for(request.user, collection_id).resource())


def _list(request: HttpRequest, name: str) -> list[str]:
    return [v.strip() for value in request.GET.getlist(name) for v in value.split(",") if v.strip()]


def _limit(request: HttpRequest) -> int:
    text = request.GET.get("limit", "")
    if not text:
        return DEFAULT_PAGE
    if not text.isdigit() or int(text) < 1:
        raise TaxiiError(400, "Bad request", f"limit: {text!r} is not a positive whole number")
    return min(int(text), _max_page())


def _token(row: StixObject) -> str:
    raw = f"{stamp(row.added)}|{row.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(token: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        when, pk = raw.split("|")
        return parse_stamp(when, "next"), int(pk)
    except (ValueError, TaxiiError):
        raise TaxiiError(400, "Bad request", "next: not a token this server gave") from None


def _filtered(
    request: HttpRequest, rows: QuerySet[StixObject], object_id: str | None = None
) -> QuerySet[StixObject]:
    if object_id is not None:
        rows = rows.filter(stix_id=object_id)
    ids = _list(request, "match[id]")
    if ids:
        rows = rows.filter(stix_id__in=ids)
    types = _list(request, "match[type]")
    if types:
        rows = rows.filter(stix_type__in=types)
    specs = _list(request, "match[spec_version]")
    if specs:
        rows = rows.filter(spec_version__in=specs)
    versions = _list(request, "match[version]")
    # Only the current version of each object is kept: first, last and all are that one.
    stamps = [
        parse_stamp(v, "match[version]") for v in versions if v not in ("first", "last", "all")
    ]
    if stamps:
        rows = rows.filter(version__in=stamps)
    added_after = request.GET.get("added_after")
    if added_after:
        rows = rows.filter(added__gt=parse_stamp(added_after, "added_after"))
    return rows


def _page(
    request: HttpRequest, collection_id: str, object_id: str | None = None
) -> tuple[list[StixObject], bool]:
    found = collection_for(request.user, collection_id)
    items = found.items(request.user)
    token = request.GET.get("next")
    if not token:
        # The first page brings the stored objects up to date; the following
        # pages read on from where it stood (a newer version is added later
        # and reaches the client on its next poll with added_after).
        sync(items)
    rows = _filtered(request, collection_rows(items), object_id)
    if token:
        when, pk = _after(token)
        # ``added >= when`` lets the database start its index scan at the
        # position instead of reading every earlier row again for each page.
        rows = rows.filter(added__gte=when).filter(Q(added__gt=when) | Q(pk__gt=pk))
    limit = _limit(request)
    page = list(rows.order_by("added", "pk")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    shown = SharedItem.objects.filter(pk__in={r.item_id for r in page if r.item_id}).select_related(
        "owner"
    )
    record_disclosures(list(shown), request.user, Channel.FEED)
    return page, more


def _envelope(page: list[StixObject], more: bool, entries: list[Any]) -> HttpResponse:
    body: dict[str, Any] = {"more": more}
    if more:
        body["next"] = _token(page[-1])
    if entries:
        body["objects"] = entries
    headers = {}
    if page:
        headers = {
            "X-TAXII-Date-Added-First": stamp(page[0].added),
            "X-TAXII-Date-Added-Last": stamp(page[-1].added),
        }
    return answer(body, headers=headers)


@taxii_view
def objects(request: HttpRequest, collection_id: str) -> HttpResponse:
    page, more = _page(request, collection_id)
    return _envelope(page, more, [row.data for row in page])


@taxii_view
def manifest(request: HttpRequest, collection_id: str) -> HttpResponse:
    page, more = _page(request, collection_id)
    entries = [
        {
            "id": r.stix_id,
            "date_added": stamp(r.added),
            "version": stamp(r.version),
            "media_type": STIX,
        }
        for r in page
    ]
    return _envelope(page, more, entries)


@taxii_view
def one_object(request: HttpRequest, collection_id: str, object_id: str) -> HttpResponse:
    page, more = _page(request, collection_id, object_id)
    if not page and not request.GET.get("next"):
        raise not_found("object")
    return _envelope(page, more, [row.data for row in page])


@taxii_view
def versions(request: HttpRequest, collection_id: str, object_id: str) -> HttpResponse:
    page, more = _page(request, collection_id, object_id)
    if not page and not request.GET.get("next"):
        raise not_found("object")
    return answer(
        {"more": more, "versions": [stamp(r.version) for r in page]},
        headers={
            "X-TAXII-Date-Added-First": stamp(page[0].added) if page else "",
            "X-TAXII-Date-Added-Last": stamp(page[-1].added) if page else "",
        },
    )
