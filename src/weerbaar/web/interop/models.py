"""The STIX objects of shared items, stored for the TAXII server.

A TAXII collection is paged by the time its objects were added, in the
database (keyset on ``added``, ``id``), so a client can page through
100,000 objects while the server holds one page at a time. Building a STIX
object costs about a millisecond (the ``stix2`` library checks every
pattern), so each object is built once per version of its item and stored
here; :mod:`weerbaar.web.interop.objects` brings the rows up to date before
a collection is read.

Rows follow their item: one per STIX object (the item's own object and its
relationships), with the item's ``modified`` as ``version``; a new version
replaces the row and is *added* anew, as TAXII counts it. Identities of the
owner organisations and the TLP marking definitions are rows without an item.
Who may see a row is decided by its item, through ``visible_items`` only.
"""

from __future__ import annotations

from django.db import models

from weerbaar.web.accounts.models import Organisation
from weerbaar.web.sharing.models import SharedItem


class StixObject(models.Model):
    #: The item the object belongs to; None for identities and marking definitions.
    item = models.ForeignKey(
        SharedItem, null=True, blank=True, on_delete=models.CASCADE, related_name="stix_objects"
    )
    #: The organisation an identity row describes.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    stix_id = models.CharField(max_length=120, unique=True)
    stix_type = models.CharField(max_length=40)
    version = models.DateTimeField()
    spec_version = models.CharField(max_length=8, default="2.1")
    added = models.DateTimeField(db_index=True)
    data = models.JSONField()

    class Meta:
        indexes = [
            models.Index(fields=["added", "id"], name="interop_stix_keyset"),
            models.Index(fields=["item", "version"], name="interop_stix_item_version"),
        ]

    def __str__(self) -> str:
        return self.stix_id
