"""The subscribed calendar: a per-user secret address, stored as its hash only.

A calendar app fetches ``/agenda/<token>/meldtermijnen.ics`` without a
session. The token is 256 random bits, shown once when made; the database
keeps its SHA-256, so the lookup is by digest and a copy of the database
gives no working address. Every fetch asks the map gate again which maps the
user may see the incidents of (:func:`weerbaar.web.maps.access.access_for`):
a user who lost a role, or was deactivated, stops seeing what it no longer
may, without anyone revoking the address.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from weerbaar.web.accounts.models import Action
from weerbaar.web.incidents.models import CalendarFeed
from weerbaar.web.maps.access import access_for, maps_for
from weerbaar.web.maps.models import RiskMapRecord

#: Random bytes of a token (256 bits; URL-safe base64 makes 43 characters).
TOKEN_BYTES = 32


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def renew(user: Any) -> str:
    """A new secret address for ``user``, replacing any earlier one; the token."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        CalendarFeed.objects.create(user=user, digest=digest(token))
    return token


def revoke(user: Any) -> bool:
    """Delete the user's address; whether there was one."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def owner_of(token: str) -> Any | None:
    """The active user whose address ``token`` is, or None."""
    if not token or len(token) > 200:
        return None
    found = CalendarFeed.objects.select_related("user").filter(digest=digest(token)).first()
    if found is None or not found.user.is_active:
        return None
    CalendarFeed.objects.filter(pk=found.pk).update(last_used=timezone.now())
    return found.user


def maps_with_incidents(user: Any) -> list[RiskMapRecord]:
    """The maps whose incidents ``user`` may read now, by name."""
    out = []
    for record in maps_for(user).order_by("name", "pk"):
        access = access_for(user, record)
        if access is not None and access.can(Action.INCIDENTS):
            out.append(record)
    return out
