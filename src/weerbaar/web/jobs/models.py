"""Long work done off the request: a queue of jobs that the worker runs.

A simulation of a large map, or a criticality run that simulates every node,
takes longer than a page may. The page stores a :class:`Job` and shows its
progress; ``weerbaar-web worker`` claims and runs it. A job belongs to one
map, so the same gate as every other page decides who may see it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.web.maps.models import RiskMapRecord


class JobKind(models.TextChoices):
    SIMULATE = "simulate", _("scenario doorrekenen")
    CRITICALITY = "criticality", _("structurele criticaliteit")
    TIME_AWARE_CRITICALITY = "time_aware_criticality", _("criticaliteit met tijd")
    REPORT = "report", _("risicorapport")
    EXPORT_XLSX = "export_xlsx", _("Excel-export")
    BUDGET = "budget", _("risicogestuurd budget")
    FETCH_ADVISORIES = "fetch_advisories", _("beveiligingsadviezen ophalen")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class Job(models.Model):
    map = models.ForeignKey(RiskMapRecord, on_delete=models.CASCADE, related_name="jobs")
    # The map version the job was asked for: results always belong to one
    # version, and a job keeps running on it even if the map changes meanwhile.
    version_number = models.PositiveIntegerField(_("kaartversie"))
    kind = models.CharField(_("soort"), max_length=40, choices=JobKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # The django-tasks task that runs the job (a new one for each attempt),
    # the runs so far, and the last sign of life of the worker running it.
    task_id = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["status", "created"], name="job_queue")]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def pending(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
