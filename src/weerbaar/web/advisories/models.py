"""Advisories an organisation imported: the CSAF document as read, and what the lists show.

An advisory belongs to the organisation, not to one map: the NCSC's advice
on a product is the same for every map the organisation keeps. The document
itself is stored (already validated) so that it is matched again whenever a
map changes; the other fields are what lists show without reading it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.advisories import Advisory
from weerbaar.advisories import Label as PureLabel
from weerbaar.advisories.csaf import from_data
from weerbaar.web.accounts.models import Organisation


class Label(models.TextChoices):
    URGENT = PureLabel.URGENT.value, _("Urgent")
    NORMAL = PureLabel.NORMAL.value, _("Normaal")
    NONE = "", _("zonder label")


class AdvisoryRecord(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="advisories"
    )
    tracking_id = models.CharField(_("kenmerk"), max_length=1000)
    version = models.CharField(_("versie"), max_length=1000)
    title = models.TextField(_("titel"))
    publisher = models.CharField(_("uitgever"), max_length=1000)
    label = models.CharField(_("label"), max_length=10, choices=Label.choices, blank=True)
    cvss = models.FloatField(_("CVSS"), null=True, blank=True)
    released = models.CharField(_("uitgegeven"), max_length=1000)
    document = models.JSONField()
    source = models.CharField(_("bronbestand"), max_length=200)
    imported = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-released", "tracking_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "tracking_id"], name="one_advisory_per_id"
            )
        ]
        verbose_name = _("beveiligingsadvies")
        verbose_name_plural = _("beveiligingsadviezen")

    def __str__(self) -> str:
        return f"{self.tracking_id} {self.title}"

    def to_advisory(self) -> Advisory:
        """The stored document read again (it was valid when stored)."""
        return from_data(self.document, self.source)
