"""Advisories from a CSAF provider, fetched by the server: its metadata, its ROLIE feeds,
its documents.

An address typed into a form must not make the server read its own network
(a cloud metadata address, an internal admin page): every download goes
through :func:`weerbaar.interop.fetch.fetch`, which refuses loopback,
private, link-local and other non-public addresses unless
``WEERBAAR_FEEDS_ALLOW_PRIVATE`` is set, follows no redirect, and bounds size
and time. That holds for the feeds and documents the metadata names as
well, each checked when fetched (a provider cannot point the server inside).
As with an upload, the set is read whole: one problem and nothing is stored.
The worker runs it (:class:`~weerbaar.web.jobs.models.JobKind` ``FETCH_ADVISORIES``);
``weerbaar-web fetchadvisories`` runs it from cron.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from weerbaar.advisories.csaf import AdvisoryError
from weerbaar.advisories.sources import metadata_url, read_provider
from weerbaar.interop import fetch as guarded
from weerbaar.interop.records import ImportRefused
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.advisories import store

#: Seconds to wait for each of the provider's answers.
TIMEOUT = 15.0


def _problems(exc: ImportRefused) -> list[str]:
    return [str(p) for p in exc.problems]


def check(url: str) -> list[str]:
    """What is wrong with fetching from ``url`` (nothing when it may be fetched)."""
    try:
        guarded.check_url(metadata_url(url), allow_private=settings.FEEDS_ALLOW_PRIVATE)
    except ImportRefused as exc:
        return _problems(exc)
    return []


class Downloads:
    """The guarded download, keeping each document's bytes to store them as read."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {}

    def __call__(self, url: str, limit: int) -> bytes:
        try:
            body = guarded.fetch(
                url,
                limit,
                headers={"Accept": "application/json"},
                allow_private=settings.FEEDS_ALLOW_PRIVATE,
                timeout=TIMEOUT,
            )
        except ImportRefused as exc:
            raise AdvisoryError(_problems(exc)) from None
        self.bodies[url] = body
        return body


def import_provider(organisation: Organisation, url: str, user: Any) -> dict[str, Any]:
    """Fetch every advisory the provider at ``url`` lists and store them for
    ``organisation``; what was done. AdvisoryError (every problem) stores nothing."""
    downloads = Downloads()
    advisories = read_provider(url, downloads)
    found: list[tuple[Any, Any]] = []
    seen: dict[str, str] = {}
    problems: list[str] = []
    for advisory in advisories:
        if advisory.id in seen:
            problems.append(f"{advisory.source}: {advisory.id} is also in {seen[advisory.id]}")
            continue
        seen[advisory.id] = advisory.source
        found.append((advisory, json.loads(downloads.bodies[advisory.source])))
    if problems:
        raise AdvisoryError(problems)
    new, replaced = store.save(organisation, found, user)
    return {"url": url, "documents": len(found), "new": new, "replaced": replaced}
