"""One cache of everything derived from a stored map version.

A stored version never changes and the engine is deterministic, so whatever
is computed from one version (its validated model, simulations, the
dependency analysis, the decision pages' figures) can serve every later
request for that version. Each version has one entry; the least recently
used versions are dropped past ``VERSIONS`` entries, and an entry keeps at
most ``VALUES`` results (what-if runs with many horizons cannot grow it
without bound).

The key is the version's primary key *and* creation time: a database may
hand out the key of a deleted version again (SQLite after a rollback does),
and a result must never be served for different data.

The cache lives in the process: each web process and the worker compute what
they need once. Results that took a background job are kept on the job.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

from weerbaar.web.maps.models import MapVersion

T = TypeVar("T")

#: Map versions kept: the current version of a few maps and their recent history.
VERSIONS = 16
#: Results kept per version.
VALUES = 64

Key = tuple[int, object]


_ENTRIES: OrderedDict[Key, OrderedDict[Hashable, Any]] = OrderedDict()
_LOCK = Lock()


def _values(version: MapVersion) -> OrderedDict[Hashable, Any]:
    """The results of ``version``; call with the lock held."""
    key = (version.pk, version.created)
    values = _ENTRIES.get(key)
    if values is None:
        values = _ENTRIES[key] = OrderedDict()
        while len(_ENTRIES) > VERSIONS:
            _ENTRIES.popitem(last=False)
    _ENTRIES.move_to_end(key)
    return values


def peek(version: MapVersion, parts: Hashable) -> Any:
    """The result stored under ``parts`` for ``version``, or None."""
    with _LOCK:
        values = _values(version)
        if parts in values:
            values.move_to_end(parts)
            return values[parts]
    return None


def store(version: MapVersion, parts: Hashable, value: Any) -> Any:
    """Keep ``value`` under ``parts``; the value kept (an earlier one wins)."""
    with _LOCK:
        values = _values(version)
        # Two requests computing at once: the first stored value stays, so
        # what was already computed on it is not thrown away.
        value = values.setdefault(parts, value)
        values.move_to_end(parts)
        while len(values) > VALUES:
            values.popitem(last=False)
    return value


def remembered(version: MapVersion, parts: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per version and ``parts``, then from the cache.

    The computation runs outside the lock: validating or analysing a large
    map takes seconds, and other versions must stay readable meanwhile.
    """
    hit = peek(version, parts)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    return store(version, parts, compute())  # type: ignore[no-any-return]


def clear() -> None:
    """Forget everything (for tests, whose rolled-back data reuses keys)."""
    with _LOCK:
        _ENTRIES.clear()
