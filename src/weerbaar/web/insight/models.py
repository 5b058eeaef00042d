"""Which version of a map each user last saw on the dashboard.

The dashboard tells the college what changed "since your previous visit";
that needs the version seen last time, across sessions (a session ends when
the browser closes), so it is stored here, one row per user and map.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.web.maps.models import RiskMapRecord


class DashboardVisit(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dashboard_visits"
    )
    riskmap = models.ForeignKey(
        RiskMapRecord, on_delete=models.CASCADE, related_name="dashboard_visits"
    )
    number = models.PositiveIntegerField(_("laatst geziene versie"))
    seen = models.DateTimeField(_("laatst gezien"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "riskmap"], name="one_visit_per_user_map")
        ]
        verbose_name = _("dashboardbezoek")
        verbose_name_plural = _("dashboardbezoeken")

    def __str__(self) -> str:
        return f"{self.user} — {self.riskmap} v{self.number}"
