"""An exercise as stored: its script, its live clock, and what was logged during it.

The script (roles, injects, objectives, expectations, lessons, improvement
actions) is the exercise file's data (:mod:`weerbaar.exercise.fileformat`)
in one JSON field, so the web and the file hold exactly the same thing.
What people write while the exercise runs — decisions, observations, the
hot wash — goes into rows of its own, one insert each, so that two people
writing at once never overwrite each other and nothing written is lost
when the server stops. The clock is four fields (:class:`~weerbaar.exercise.clock.Clock`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.web.maps.models import RiskMapRecord


class Status(models.TextChoices):
    DRAFT = "draft", _("concept")
    PLANNED = "planned", _("gepland")
    RUNNING = "running", _("loopt")
    PAUSED = "paused", _("gepauzeerd")
    ENDED = "ended", _("afgelopen")
    EVALUATED = "evaluated", _("geëvalueerd")


class ClockState(models.TextChoices):
    STOPPED = "stopped", _("niet gestart")
    RUNNING = "running", _("loopt")
    PAUSED = "paused", _("gepauzeerd")
    ENDED = "ended", _("afgelopen")


class Kind(models.TextChoices):
    PLAYER = "player", _("speler")
    EVALUATOR = "evaluator", _("evaluator")


class ExerciseRecord(models.Model):
    riskmap = models.ForeignKey(RiskMapRecord, on_delete=models.CASCADE, related_name="exercises")
    map_version = models.PositiveIntegerField(_("kaartversie"))
    title = models.CharField(_("titel"), max_length=300)
    scenario_id = models.CharField(_("scenario"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    held = models.DateField(_("datum"), null=True, blank=True)
    # Dates (a due date, a logged time) are stored as ISO text, as in the file.
    script = models.JSONField(encoder=DjangoJSONEncoder)
    clock_state = models.CharField(
        max_length=20, choices=ClockState.choices, default=ClockState.STOPPED
    )
    clock_offset = models.FloatField(default=0.0)
    clock_speed = models.FloatField(default=1.0)
    clock_since = models.DateTimeField(null=True, blank=True)
    #: Whether the control room shows the players the cascade as played.
    cascade_shown = models.BooleanField(_("verloop zichtbaar voor spelers"), default=False)
    #: Bumped on every change of the script or the clock; the pages poll it.
    revision = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("oefening")
        verbose_name_plural = _("oefeningen")

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    exercise = models.ForeignKey(
        ExerciseRecord, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_roles"
    )
    role = models.CharField(_("rol in de oefening"), max_length=200)
    kind = models.CharField(_("deelname"), max_length=20, choices=Kind.choices, default=Kind.PLAYER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "user"], name="one_part_per_exercise")
        ]


class DecisionEntry(models.Model):
    exercise = models.ForeignKey(ExerciseRecord, on_delete=models.CASCADE, related_name="decisions")
    at = models.FloatField()  # exercise hours
    by = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    inject = models.CharField(max_length=200, blank=True)
    intervention = models.JSONField(null=True, blank=True)
    logged = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ObservationEntry(models.Model):
    exercise = models.ForeignKey(
        ExerciseRecord, on_delete=models.CASCADE, related_name="observations"
    )
    at = models.FloatField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    kind = models.CharField(max_length=20, default="note")
    objective = models.CharField(max_length=200, blank=True)
    logged = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class HotWash(models.Model):
    """A participant's short answers straight after the exercise."""

    exercise = models.ForeignKey(ExerciseRecord, on_delete=models.CASCADE, related_name="hotwash")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    went_well = models.TextField(_("wat ging goed"))
    to_improve = models.TextField(_("wat kan beter"))
    logged = models.DateTimeField(auto_now_add=True)


class ScriptChange(models.Model):
    """One change of the script by the control room: who, when, and the part before and after.

    The script itself is one JSON field that each change rewrites; this row
    keeps what was there, so an edited or deleted inject can be read back.
    """

    exercise = models.ForeignKey(
        ExerciseRecord, on_delete=models.CASCADE, related_name="script_changes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    part = models.CharField(max_length=20)  # weerbaar.exercise.editing.Part
    item = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-created", "-pk"]
