"""Catalogues, assessments per reporting year, evidence, their audit trail, actions.

A catalogue belongs to an organisation (imported once, used for its maps);
assessments belong to a map, because they link the map's nodes and
measures, and to a reporting year (ENSIA's reference date is 31 December).
Every change to an assessment or its evidence writes an
:class:`AssessmentChange` with who, when, and the assessment before and after.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.accountability.actions import ActionSource, ActionStatus, ImprovementAction
from weerbaar.accountability.assessment import SCALES, ControlAssessment
from weerbaar.accountability.assessment import Scale as PureScale
from weerbaar.accountability.catalogue import Catalogue, Control, ControlKind
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.maps.models import RiskMapRecord


class Scale(models.TextChoices):
    THREE_LEVELS = "niet-deels-volledig", _("niet / deels / volledig")
    MATURITY = "volwassenheid", _("volwassenheid 0–5")


class Kind(models.TextChoices):
    MEASURE = ControlKind.MEASURE.value, _("maatregel")
    NO_MEASURE = ControlKind.NO_MEASURE.value, _("zonder eigen maatregel")
    MOVED = ControlKind.MOVED.value, _("verplaatst")


class Source(models.TextChoices):
    CONTROL = ActionSource.CONTROL.value, _("beheersmaatregel")
    EXERCISE = ActionSource.EXERCISE.value, _("oefening")
    INCIDENT = ActionSource.INCIDENT.value, _("incident")
    ADVISORY = ActionSource.ADVISORY.value, _("beveiligingsadvies")


class Status(models.TextChoices):
    OPEN = ActionStatus.OPEN.value, _("open")
    IN_PROGRESS = ActionStatus.IN_PROGRESS.value, _("in uitvoering")
    DONE = ActionStatus.DONE.value, _("gereed")
    CANCELLED = ActionStatus.CANCELLED.value, _("vervallen")


class CatalogueRecord(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="catalogues"
    )
    name = models.CharField(_("naam"), max_length=200)
    version = models.CharField(_("versie"), max_length=50)
    issued = models.DateField(_("datum"), null=True, blank=True)
    source = models.CharField(_("bronbestand"), max_length=200)
    notes = models.TextField(_("toelichting"), blank=True)
    scale = models.CharField(
        _("schaal"), max_length=30, choices=Scale.choices, default=Scale.THREE_LEVELS
    )
    imported = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["name", "-imported"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "version"], name="one_catalogue_version"
            )
        ]
        verbose_name = _("catalogus")
        verbose_name_plural = _("catalogi")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def pure_scale(self) -> PureScale:
        return SCALES[self.scale]

    def to_catalogue(self) -> Catalogue:
        rows = list(self.controls.order_by("position"))
        return Catalogue(
            name=self.name,
            version=self.version,
            issued=self.issued,
            source=self.source,
            controls=tuple(
                Control(
                    r.control_id,
                    r.text,
                    r.chapter,
                    r.title,
                    ControlKind(r.kind),
                    r.moved_to or None,
                    r.line,
                )
                for r in rows
            ),
            chapters={r.chapter: r.chapter_name for r in rows if r.chapter_name},
            notes=self.notes,
        )


class ControlRecord(models.Model):
    catalogue = models.ForeignKey(
        CatalogueRecord, on_delete=models.CASCADE, related_name="controls"
    )
    position = models.PositiveIntegerField()
    control_id = models.CharField(max_length=100)
    chapter = models.CharField(max_length=100, blank=True)
    chapter_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEASURE)
    moved_to = models.CharField(max_length=100, blank=True)
    line = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "control_id"], name="one_control_id")
        ]

    def __str__(self) -> str:
        return self.control_id


class AssessmentRecord(models.Model):
    """One control's self-assessment for one map in one reporting year."""

    riskmap = models.ForeignKey(RiskMapRecord, on_delete=models.CASCADE, related_name="assessments")
    catalogue = models.ForeignKey(
        CatalogueRecord, on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("verslagjaar"))
    control_id = models.CharField(max_length=100)
    applicable = models.BooleanField(_("van toepassing"), null=True, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    level = models.PositiveSmallIntegerField(_("implementatie"), null=True, blank=True)
    owner = models.CharField(_("eigenaar"), max_length=200, blank=True)
    last_review = models.DateField(_("laatste beoordeling"), null=True, blank=True)
    next_review = models.DateField(_("volgende beoordeling"), null=True, blank=True)
    nodes = models.JSONField(default=list, blank=True)
    measures = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["catalogue", "year", "control_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["riskmap", "catalogue", "year", "control_id"], name="one_assessment"
            )
        ]
        verbose_name = _("zelfevaluatie")
        verbose_name_plural = _("zelfevaluaties")

    def __str__(self) -> str:
        return f"{self.control_id} {self.year}"

    def to_assessment(self) -> ControlAssessment:
        names = tuple(e.name for e in self.evidence.all()) + tuple(self.links)
        return ControlAssessment(
            control=self.control_id,
            applicable=self.applicable,
            reason=self.reason,
            level=self.level,
            owner=self.owner,
            evidence=names,
            last_review=self.last_review,
            next_review=self.next_review,
            nodes=tuple(self.nodes),
            measures=tuple(self.measures),
        )

    def snapshot(self) -> dict[str, Any]:
        """The assessment as the audit trail keeps it."""
        return {
            "applicable": self.applicable,
            "reason": self.reason,
            "level": self.level,
            "owner": self.owner,
            "last_review": _iso(self.last_review),
            "next_review": _iso(self.next_review),
            "nodes": list(self.nodes),
            "measures": list(self.measures),
            "links": list(self.links),
            "evidence": sorted(e.name for e in self.evidence.all()),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


class EvidenceStorage(FileSystemStorage):
    """Files under ``settings.EVIDENCE_DIR``, read each time it is used.

    Django's storage fixes its folder when the model class is created, at
    import; evidence reads the setting at use, so that a deployment's (or a
    test's) setting is the one that counts.
    """

    @property
    def base_location(self) -> str:
        return str(settings.EVIDENCE_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def evidence_storage() -> FileSystemStorage:
    # Outside the static files, never served directly: downloads go through
    # the access gate (views/controls.py).
    return EvidenceStorage()


class Evidence(models.Model):
    assessment = models.ForeignKey(
        AssessmentRecord, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(storage=evidence_storage, upload_to="%Y")
    name = models.CharField(_("bestandsnaam"), max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return self.name


class AssessmentChange(models.Model):
    """One entry of the audit trail of an assessment."""

    assessment = models.ForeignKey(
        AssessmentRecord, on_delete=models.CASCADE, related_name="changes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]


class ActionRecord(models.Model):
    """An improvement action of a map's plan (see :class:`ImprovementAction`)."""

    riskmap = models.ForeignKey(
        RiskMapRecord, on_delete=models.CASCADE, related_name="improvement_actions"
    )
    title = models.CharField(_("actie"), max_length=300)
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(_("verwijzing"), max_length=200, blank=True)
    owner = models.CharField(_("eigenaar"), max_length=200, blank=True)
    due = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    cost = models.DecimalField(_("kosten per jaar (€)"), max_digits=12, decimal_places=2, default=0)
    spent = models.DecimalField(_("uitgegeven (€)"), max_digits=12, decimal_places=2, default=0)
    measures = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "title"]
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")

    def __str__(self) -> str:
        return self.title

    def to_action(self) -> ImprovementAction:
        return ImprovementAction(
            title=self.title,
            source=ActionSource(self.source),
            source_ref=self.source_ref,
            owner=self.owner,
            due=self.due,
            status=ActionStatus(self.status),
            cost=float(self.cost),
            measures=tuple(self.measures),
        )


class CouncilStatement(models.Model):
    """The college's statement (collegeverklaring) of one reporting year, as edited."""

    riskmap = models.ForeignKey(
        RiskMapRecord, on_delete=models.CASCADE, related_name="council_statements"
    )
    year = models.PositiveSmallIntegerField(_("verslagjaar"))
    text = models.TextField(_("collegeverklaring"))
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["riskmap", "year"], name="one_statement_per_year")
        ]
