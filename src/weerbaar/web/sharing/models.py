"""Communities, the items organisations share in them, and who saw what.

An item belongs to the organisation that shared it (``owner``) and carries a
TLP 2.0 label. Who may see it follows from the label, the community and the
named recipients alone (:func:`weerbaar.sharing.disclosure.may_see`); there is
no other grant. ``stix_id`` is the item's stable identity in exports and
feeds: it never changes, also when the item or its label does.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.sharing.detail import MapDetail
from weerbaar.sharing.threshold import DEFAULT_K
from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.maps.models import MapVersion, RiskMapRecord

TLP_CHOICES = [(t.value, t.label) for t in TLP]

#: The labels a member can share its map facts under with a community: the
#: map contribution is for the community (GREEN, nameable), or counted in
#: anonymous figures only (AMBER), or public (CLEAR).
MAP_TLP_CHOICES = [(t.value, t.label) for t in (TLP.CLEAR, TLP.GREEN, TLP.AMBER)]


class CommunityKind(models.TextChoices):
    VEILIGHEIDSREGIO = "veiligheidsregio", _("veiligheidsregio")
    IBD = "ibd", _("alle gemeenten met de IBD")
    SECTOR = "sector", _("sector")
    #: A response network (GRN) for mutual aid between municipalities.
    GRN = "grn", _("responsnetwerk (GRN)")


class CommunityRole(models.TextChoices):
    COORDINATOR = "coordinator", _("coördinator")
    MEMBER = "member", _("lid")


class MapDetailChoice(models.TextChoices):
    NOTHING = MapDetail.NOTHING.value, _("niets")
    SUPPLIERS = MapDetail.SUPPLIERS.value, _("leveranciersfeiten")
    NODES = MapDetail.NODES.value, _("knooppunten van de kaart")


class ItemKind(models.TextChoices):
    INCIDENT = "incident", _("incident")
    INDICATOR = "indicator", _("indicator")
    LESSON = "lesson", _("les")
    ADVISORY_IMPACT = "advisory-impact", _("lokale impact van een advies")
    EXERCISE_REPORT = "exercise-report", _("oefenverslag")
    DEPENDENCY_FACT = "dependency-fact", _("afhankelijkheidsfeit")


class Channel(models.TextChoices):
    """How an item reached someone outside its owner."""

    PAGE = "page", _("pagina")
    LIST = "list", _("lijst")
    EXPORT = "export", _("export")
    API = "api", _("API")
    FEED = "feed", _("feed (TAXII/MISP)")


class Community(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("soort"), max_length=40, choices=CommunityKind.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    #: A regional figure is shown only when at least k members contribute.
    k = models.PositiveSmallIntegerField(
        _("drempel k"), default=DEFAULT_K, validators=[MinValueValidator(2)]
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeenschap")
        verbose_name_plural = _("gemeenschappen")

    def __str__(self) -> str:
        return self.name


class CommunityMembership(models.Model):
    """An organisation in a community, and what of its map it shares there."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=CommunityRole.choices, default=CommunityRole.MEMBER
    )
    detail = models.CharField(
        _("detailniveau van de kaart"),
        max_length=20,
        choices=MapDetailChoice.choices,
        default=MapDetailChoice.NOTHING,
    )
    riskmap = models.ForeignKey(
        RiskMapRecord,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_shares",
        verbose_name=_("kaart"),
    )
    map_tlp = models.CharField(
        _("label van de kaartgegevens"),
        max_length=20,
        choices=MAP_TLP_CHOICES,
        default=TLP.AMBER.value,
    )
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "organisation"], name="one_membership_per_community"
            )
        ]
        verbose_name = _("lidmaatschap van een gemeenschap")
        verbose_name_plural = _("lidmaatschappen van gemeenschappen")

    def __str__(self) -> str:
        return f"{self.organisation} in {self.community}"

    @property
    def detail_enum(self) -> MapDetail:
        return MapDetail(self.detail)

    @property
    def map_tlp_enum(self) -> TLP:
        return TLP(self.map_tlp)


class SharedItem(models.Model):
    stix_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shared_items")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=ItemKind.choices)
    title = models.CharField(_("titel"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    #: Structured content by kind (an indicator's value, a fact's supplier…).
    payload = models.JSONField(default=dict, blank=True)
    tlp = models.CharField(_("TLP-label"), max_length=20, choices=TLP_CHOICES)
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("gemeenschap"),
    )
    recipient_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="items_named_for", verbose_name=_("organisaties")
    )
    recipient_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="items_named_for",
        verbose_name=_("personen"),
    )
    #: What the item was made from, when anything ("incidents.incident", "12").
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-modified", "-pk"]
        indexes = [
            models.Index(fields=["tlp", "owner"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        verbose_name = _("gedeeld item")
        verbose_name_plural = _("gedeelde items")

    def __str__(self) -> str:
        return self.title

    @property
    def tlp_enum(self) -> TLP:
        return TLP(self.tlp)


class Disclosure(models.Model):
    """An item shown or handed to someone outside its owner organisation."""

    item = models.ForeignKey(SharedItem, on_delete=models.CASCADE, related_name="disclosures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Kept as text: the trail must still say who when the account is gone.
    who = models.CharField(max_length=200)
    organisations = models.CharField(max_length=500, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    tlp = models.CharField(max_length=20, choices=TLP_CHOICES)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]


class Relabel(models.Model):
    """A change of an item's label by its owner (lowering discloses to more people)."""

    item = models.ForeignKey(SharedItem, on_delete=models.CASCADE, related_name="relabels")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    who = models.CharField(max_length=200)
    old = models.CharField(max_length=20, choices=TLP_CHOICES)
    new = models.CharField(max_length=20, choices=TLP_CHOICES)
    #: Who may see the item after the change, in words, as the owner was told.
    audience = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]


class RegionalSnapshot(models.Model):
    """A community's published regional figures (weerbaar.sharing.snapshot).

    Replaced only when at least k members' contributions changed since it
    was made, so that no difference between two snapshots is one member's.
    """

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="snapshot")
    k = models.PositiveSmallIntegerField()
    #: Member organisation id → fingerprint of what it contributed.
    contributions = models.JSONField(default=dict)
    figures = models.JSONField(default=dict)
    taken = models.DateTimeField()


class VersionFacts(models.Model):
    """The dependency facts of one stored map version, kept with it.

    A version never changes, so its facts never do; a community of hundreds
    of members outgrows the in-process cache of versions, and computing the
    facts again from each stored map took seconds (docs/performance.md).
    """

    version = models.OneToOneField(
        MapVersion, on_delete=models.CASCADE, related_name="dependency_facts"
    )
    facts = models.JSONField(default=list)
