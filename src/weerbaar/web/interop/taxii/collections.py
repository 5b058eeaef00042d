"""The caller's TAXII collections: one per community of its organisations, and one of all.

A collection's id is a uuid5 of the community's slug, so it never changes;
the collection ``alles`` holds every item the caller may see (also those
shared with its organisation by name, without a community). Items come from
``visible_items`` only, narrowed to the community.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from weerbaar.interop.records import derived
from weerbaar.web.accounts.models import Membership
from weerbaar.web.interop.taxii.protocol import STIX, not_found
from weerbaar.web.sharing.models import Community, SharedItem
from weerbaar.web.sharing.visibility import visible_items

ALL = "alles"


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    description: str
    community: Community | None

    def items(self, user: Any) -> QuerySet[SharedItem]:
        items = visible_items(user)
        return items if self.community is None else items.filter(community=self.community)

    def resource(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "can_read": True,
            "can_write": False,
            "media_types": [STIX],
        }


def collection_id(slug: str) -> str:
    return str(derived("taxii", "collection", slug))


def collections_for(user: Any) -> list[Collection]:
    organisations = Membership.objects.filter(user=user).values("organisation")
    communities = Community.objects.filter(memberships__organisation__in=organisations).distinct()
    found = [
        Collection(
            collection_id(ALL),
            str(_("Alles wat ik mag zien")),
            str(_("Alle gedeelde items die u volgens hun TLP-label mag zien.")),
            None,
        )
    ]
    found += [
        Collection(collection_id(c.slug), c.name, c.description or c.get_kind_display(), c)
        for c in communities.order_by("name")
    ]
    return found


def collection_for(user: Any, wanted: str) -> Collection:
    for collection in collections_for(user):
        if collection.id == wanted:
            return collection
    raise not_found("collection")
