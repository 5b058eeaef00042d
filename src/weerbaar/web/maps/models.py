"""Risk maps, their versions (the audit trail) and what is shared with partners.

A map's content is the map file's data (the same JSON-able structure as the
YAML file), stored whole in every version. Every change writes a new version
with who, when, what and the changed object before and after, so the audit
trail and "restore an earlier version" need no separate machinery, and the
CLI's validation applies unchanged to every save.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.web.accounts.models import Organisation


class ObjectKind(models.TextChoices):
    MAP = "map", _("kaart")
    NODE = "node", _("knooppunt")
    PARTY = "party", _("ketenpartner")
    SCENARIO = "scenario", _("scenario")
    MEASURE = "measure", _("maatregel")


class RiskMapRecord(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="riskmaps"
    )
    name = models.CharField(_("naam"), max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("risicokaart")
        verbose_name_plural = _("risicokaarten")

    def __str__(self) -> str:
        return self.name

    def current(self) -> MapVersion:
        version = self.versions.order_by("-number").first()
        if version is None:
            raise MapVersion.DoesNotExist(f"map {self.pk} has no version")
        return version


class MapVersion(models.Model):
    riskmap = models.ForeignKey(RiskMapRecord, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(max_length=300)
    object_kind = models.CharField(max_length=20, choices=ObjectKind.choices)
    object_id = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["riskmap", "number"], name="one_number_per_version")
        ]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")

    def __str__(self) -> str:
        return f"{self.riskmap} v{self.number}"


class Share(models.Model):
    """A municipality shares its map with a chain partner's organisation.

    The partner's users see and edit the nodes of ``party_id`` (the partner's
    id in the map); with ``whole_map`` they also read the rest of the map.
    """

    riskmap = models.ForeignKey(RiskMapRecord, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shares")
    party_id = models.CharField(_("ketenpartner in de kaart"), max_length=200)
    whole_map = models.BooleanField(_("hele kaart lezen"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["riskmap", "organisation"], name="one_share_per_org")
        ]
        verbose_name = _("gedeelde kaart")
        verbose_name_plural = _("gedeelde kaarten")
