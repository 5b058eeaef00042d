"""A map's version as a user may know it: its number, or a partner's opaque tag.

Forms (the hidden ``base`` field) and the API (``ETag``, ``If-Match``,
``If-None-Match``) say which version an editor started from, so that a save
on a map that changed in between is refused instead of undoing someone
else's change. For the municipality's own people that is the version number.

A ketenpartner without the whole map must not learn it: the number counts
every change of the map, most of them to parts the partner cannot see, and
it dates them by polling. It gets a *tag* instead: an HMAC, with the
installation's ``SECRET_KEY``, of the map, its party and the map data *as it
may read it* (:meth:`Access.visible_data`). So the tag

- cannot be guessed or computed without the key, and cannot be ordered;
- is the same for every version that looks the same to the partner, and
  changes only when its own part (or the map's header, which it reads)
  changes: a change elsewhere is not visible in it, and does not make the
  partner's save a conflict, since its save goes into the current map anyway;
- is compared only as a whole: a number sent by a partner never matches.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings

from weerbaar.web.analyses import cache
from weerbaar.web.maps.access import Access
from weerbaar.web.maps.models import MapVersion

#: What a partner's form carries when it started from a version that is no
#: longer current: matches no tag, so saving it is a conflict.
STALE = "stale"


def version_tag(access: Access, version: MapVersion) -> str:
    """``version`` as ``access``'s user knows it: ``"12"``, or ``"v"`` and 32 hex digits."""
    if not access.restricted:
        return str(version.number)
    # Versions never change: one tag per version and party, from the cache.
    return cache.remembered(version, ("tag", access.party_id), lambda: _tag(access, version))


def _tag(access: Access, version: MapVersion) -> str:
    seen = json.dumps(
        access.visible_data(version.data), sort_keys=True, separators=(",", ":"), default=str
    )
    text = f"{access.record.pk}:{access.party_id}:{seen}".encode()
    return "v" + hmac.new(settings.SECRET_KEY.encode(), text, hashlib.sha256).hexdigest()[:32]


def matches(access: Access, version: MapVersion, given: str) -> bool:
    """Is ``given`` (from a form or a header) ``version`` as this user knows it?"""
    return hmac.compare_digest(given.encode(), version_tag(access, version).encode())
