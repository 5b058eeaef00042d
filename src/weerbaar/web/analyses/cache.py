"""Results cached per map version.

A stored map version never changes, and the engine is deterministic, so a
result computed for one version (a simulation, the dependency analysis) can
be reused by every later request for that version. The key includes the
version's creation time as well as its primary key: a database may hand out
the key of a deleted version again (SQLite after a rollback does), and a
result must never be served for different data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from weerbaar.web.maps.models import MapVersion

T = TypeVar("T")

#: An hour: long enough to serve a whole session, short enough not to pile up.
TIMEOUT = 3600


def version_key(version: MapVersion, *parts: Any) -> str:
    stamp = version.created.timestamp() if version.created else 0
    tail = ":".join(str(p) for p in parts)
    return f"weerbaar:{version.pk}:{stamp:.6f}:{tail}"


def remembered(version: MapVersion, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()`` once per version and ``parts``, then from the cache."""
    key = version_key(version, *parts)
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, value, TIMEOUT)
    return value


def peek(version: MapVersion, parts: tuple[Any, ...]) -> Any:
    """The cached value, or None when it was not computed yet."""
    return cache.get(version_key(version, *parts))


def store(version: MapVersion, parts: tuple[Any, ...], value: Any) -> None:
    cache.set(version_key(version, *parts), value, TIMEOUT)
