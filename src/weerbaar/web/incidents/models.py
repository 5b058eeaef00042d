"""Incidents, the nodes they took down, their log, contacts and reports.

Every change writes a :class:`LogEntry` of kind ``change`` with who, when,
what and the values before and after: the log is the audit trail as well as
the action and decision log (``action``, ``decision``) the team keeps.
Contacts are roles, with no more personal data than a way to reach them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.incident.deadlines import Duty as CoreDuty
from weerbaar.incident.deadlines import Reminder as CoreReminder
from weerbaar.incident.lifecycle import GripLevel, IncidentType, Phase, Severity
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.maps.models import RiskMapRecord


class PhaseChoice(models.TextChoices):
    REPORT = Phase.REPORT.value, _("Melding")
    TRIAGE = Phase.TRIAGE.value, _("Triage")
    RESPONSE = Phase.RESPONSE.value, _("Respons")
    RECOVERY = Phase.RECOVERY.value, _("Herstel")
    AFTERCARE = Phase.AFTERCARE.value, _("Nazorg")
    CLOSED = Phase.CLOSED.value, _("Gesloten")


class TypeChoice(models.TextChoices):
    RANSOMWARE = IncidentType.RANSOMWARE.value, _("Ransomware")
    DDOS = IncidentType.DDOS.value, _("DDoS")
    DATALEK = IncidentType.DATALEK.value, _("Datalek")
    STORING = IncidentType.STORING.value, _("Storing")
    PHISHING = IncidentType.PHISHING.value, _("Phishing")
    OTHER = IncidentType.OTHER.value, _("Anders")


class SeverityChoice(models.TextChoices):
    LOW = Severity.LOW.value, _("Laag")
    MEDIUM = Severity.MEDIUM.value, _("Midden")
    HIGH = Severity.HIGH.value, _("Hoog")
    CRITICAL = Severity.CRITICAL.value, _("Kritiek")


class GripChoice(models.TextChoices):
    GRIP_0 = GripLevel.GRIP_0.value, "GRIP 0"
    GRIP_1 = GripLevel.GRIP_1.value, "GRIP 1"
    GRIP_2 = GripLevel.GRIP_2.value, "GRIP 2"
    GRIP_3 = GripLevel.GRIP_3.value, "GRIP 3"
    GRIP_4 = GripLevel.GRIP_4.value, "GRIP 4"
    GRIP_5 = GripLevel.GRIP_5.value, "GRIP 5"
    GRIP_RIJK = GripLevel.GRIP_RIJK.value, "GRIP Rijk"


class DutyChoice(models.TextChoices):
    AP_DATALEK = (
        CoreDuty.AP_DATALEK.value,
        _("Autoriteit Persoonsgegevens: melding datalek (72 uur)"),
    )
    NIS2_EARLY_WARNING = (
        CoreDuty.NIS2_EARLY_WARNING.value,
        _("Cyberbeveiligingswet (NIS2): vroege waarschuwing (24 uur)"),
    )
    NIS2_NOTIFICATION = (
        CoreDuty.NIS2_NOTIFICATION.value,
        _("Cyberbeveiligingswet (NIS2): incidentmelding (72 uur)"),
    )
    NIS2_FINAL_REPORT = (
        CoreDuty.NIS2_FINAL_REPORT.value,
        _("Cyberbeveiligingswet (NIS2): eindrapport (een maand na de melding)"),
    )
    IBD = CoreDuty.IBD.value, _("IBD: melding (24 uur)")


class ReminderChoice(models.TextChoices):
    SOON = CoreReminder.SOON.value, _("bijna verlopen")
    OVERDUE = CoreReminder.OVERDUE.value, _("verlopen")


class EntryKind(models.TextChoices):
    ACTION = "action", _("Actie")
    DECISION = "decision", _("Besluit")
    CHANGE = "change", _("Wijziging")


class Incident(models.Model):
    riskmap = models.ForeignKey(RiskMapRecord, on_delete=models.CASCADE, related_name="incidents")
    reference = models.CharField(_("kenmerk"), max_length=40)
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("soort"), max_length=20, choices=TypeChoice.choices)
    severity = models.CharField(
        _("ernst"), max_length=20, choices=SeverityChoice.choices, default=SeverityChoice.MEDIUM
    )
    grip = models.CharField(
        _("GRIP-niveau"), max_length=10, choices=GripChoice.choices, default=GripChoice.GRIP_0
    )
    phase = models.CharField(
        _("fase"), max_length=20, choices=PhaseChoice.choices, default=PhaseChoice.REPORT
    )
    detected = models.DateTimeField(_("ontdekt op"))
    personal_data = models.BooleanField(_("persoonsgegevens betrokken"), default=False)
    significant = models.BooleanField(_("significant incident (NIS2)"), default=False)
    description = models.TextField(_("omschrijving"), blank=True)
    lessons = models.TextField(_("lessen"), blank=True)
    closed = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-detected", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["riskmap", "reference"], name="one_reference_per_map")
        ]
        verbose_name = _("incident")
        verbose_name_plural = _("incidenten")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def phase_enum(self) -> Phase:
        return Phase(self.phase)


class AffectedNode(models.Model):
    """A node of the map the incident took down; ``expected`` as a map duration (or empty)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected")
    node_id = models.CharField(_("knooppunt"), max_length=200)
    down = models.DateTimeField(_("uitgevallen op"))
    expected = models.CharField(_("verwachte duur tot herstel"), max_length=100, blank=True)
    restored = models.DateTimeField(_("hersteld op"), null=True, blank=True)

    class Meta:
        ordering = ["down", "node_id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "node_id"], name="one_row_per_node")
        ]


class LogEntry(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(_("soort"), max_length=20, choices=EntryKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("wat"))
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]


class Contact(models.Model):
    """Who to reach in a role: a function, not a person's file."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("rol"), max_length=200)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    reach = models.CharField(_("bereikbaar via"), max_length=200, blank=True)

    class Meta:
        ordering = ["role", "pk"]


class ReportMade(models.Model):
    """A report (melding) made to meet a duty."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    duty = models.CharField(_("meldplicht"), max_length=40, choices=DutyChoice.choices)
    made = models.DateTimeField(_("gemeld op"))
    reference = models.CharField(_("kenmerk van de melding"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "duty"], name="one_report_per_duty")
        ]


class ReminderSent(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reminders")
    duty = models.CharField(max_length=40, choices=DutyChoice.choices)
    reminder = models.CharField(max_length=20, choices=ReminderChoice.choices)
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "duty", "reminder"], name="one_reminder_each"
            )
        ]


class DutySettings(models.Model):
    """Which reporting duties apply to an organisation, and who gets the reminders."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="duty_settings"
    )
    duties = models.JSONField(default=list)
    recipients = models.TextField(_("e-mailadressen voor herinneringen"), blank=True)


class DutyChange(models.Model):
    """A change to an organisation's reporting duties: who, when, before and after."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="duty_changes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField()

    class Meta:
        ordering = ["-created", "-pk"]


class CalendarFeed(models.Model):
    """A user's secret address for the calendar of reporting deadlines.

    A calendar app subscribes without a session, so the address itself is the
    key: only its SHA-256 is stored (a leaked database gives no working
    address), a new address replaces the old one and revoking deletes it.
    Each fetch checks the user's rights again (:mod:`weerbaar.web.incidents.feed`).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
