"""Requests for help, offers, and the agreements between them, within a GRN.

The response network is a :class:`~weerbaar.web.sharing.models.Community` of
kind GRN: a request goes to the members of one network, and only they may
offer. What of a request the others see is what the requester chose
(``shared``, values of :class:`weerbaar.aid.SharedField`); the capacity type
is always shown. An agreement is an offer accepted by the requester and
confirmed by the offerer, each with who and when, so both sides hold it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.aid import CapacityType, SharedField
from weerbaar.aid.lifecycle import OfferState, RequestState, Step
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.sharing.models import Community

#: The most of one kind of capacity a request or offer names.
MAX_AMOUNT = 10_000


class Capacity(models.TextChoices):
    INCIDENT_RESPONSE = CapacityType.INCIDENT_RESPONSE.value, _("incidentrespons")
    FORENSICS = CapacityType.FORENSICS.value, _("forensisch onderzoek")
    COMMUNICATION = CapacityType.COMMUNICATION.value, _("communicatie")
    WORKPLACES = CapacityType.WORKPLACES.value, _("tijdelijke werkplekken")
    EQUIPMENT = CapacityType.EQUIPMENT.value, _("materieel")
    LIAISON = CapacityType.LIAISON.value, _("liaison")


class Shared(models.TextChoices):
    ORGANISATION = SharedField.ORGANISATION.value, _("de vragende organisatie")
    AMOUNT = SharedField.AMOUNT.value, _("het aantal")
    WINDOW = SharedField.WINDOW.value, _("de periode")
    DESCRIPTION = SharedField.DESCRIPTION.value, _("de toelichting")
    CONTACT = SharedField.CONTACT.value, _("de contactpersoon")


class RequestStatus(models.TextChoices):
    OPEN = RequestState.OPEN.value, _("open")
    CLOSED = RequestState.CLOSED.value, _("gesloten")


class OfferStatus(models.TextChoices):
    OFFERED = OfferState.OFFERED.value, _("aangeboden")
    ACCEPTED = OfferState.ACCEPTED.value, _("aanvaard, wacht op bevestiging")
    AGREED = OfferState.AGREED.value, _("afgesproken")
    WITHDRAWN = OfferState.WITHDRAWN.value, _("ingetrokken")


class StepChoice(models.TextChoices):
    REQUEST = Step.REQUEST.value, _("verzoek gedaan")
    OFFER = Step.OFFER.value, _("aanbod gedaan")
    ACCEPT = Step.ACCEPT.value, _("aanbod aanvaard")
    CONFIRM = Step.CONFIRM.value, _("afspraak bevestigd")
    WITHDRAW = Step.WITHDRAW.value, _("aanbod ingetrokken")
    CLOSE = Step.CLOSE.value, _("verzoek gesloten")


class AidLocation(models.Model):
    """Where an organisation sends help from and receives it (for distances)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="aid_location"
    )
    lat = models.FloatField(
        _("breedtegraad"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lon = models.FloatField(
        _("lengtegraad"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )

    class Meta:
        verbose_name = _("locatie voor bijstand")
        verbose_name_plural = _("locaties voor bijstand")


class AidRequest(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="aid_requests"
    )
    network = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="aid_requests",
        verbose_name=_("responsnetwerk"),
    )  # fmt: skip
    capacity = models.CharField(_("soort hulp"), max_length=30, choices=Capacity.choices)
    amount = models.PositiveIntegerField(
        _("hoeveel"), validators=[MinValueValidator(1), MaxValueValidator(MAX_AMOUNT)]
    )
    starts = models.DateTimeField(_("vanaf"))
    ends = models.DateTimeField(_("tot"))
    description = models.TextField(_("toelichting"), blank=True, max_length=4000)
    contact = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    shared = models.JSONField(_("gedeeld met het netwerk"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("verzoek om bijstand")
        verbose_name_plural = _("verzoeken om bijstand")

    def __str__(self) -> str:
        return f"{self.get_capacity_display()} ({self.pk})"

    @property
    def shared_fields(self) -> set[SharedField]:
        return {SharedField(v) for v in self.shared if v in SharedField.__members__.values()}


class AidOffer(models.Model):
    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="offers")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="aid_offers"
    )
    amount = models.PositiveIntegerField(
        _("hoeveel"), validators=[MinValueValidator(1), MaxValueValidator(MAX_AMOUNT)]
    )
    starts = models.DateTimeField(_("vanaf"))
    ends = models.DateTimeField(_("tot"))
    note = models.TextField(_("toelichting"), blank=True, max_length=4000)
    contact = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organisation"], name="one_offer_per_organisation"
            )
        ]
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbiedingen")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.request}"


class AidEvent(models.Model):
    """One step in mutual aid: who (person and organisation) did what, when.

    The audit trail of a request and its offers. The requester sees every
    event of its request; an offering organisation the events of its own
    offer (:func:`weerbaar.web.aid.store.events_for`).
    """

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="events")
    offer = models.ForeignKey(
        AidOffer, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="aid_events"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    step = models.CharField(_("stap"), max_length=20, choices=StepChoice.choices)
    before = models.CharField(max_length=20, blank=True)
    after = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["created", "pk"]
