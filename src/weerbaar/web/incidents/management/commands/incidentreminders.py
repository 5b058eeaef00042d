"""``weerbaar-web incidentreminders``: send the reminders of reporting deadlines that are due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from weerbaar.web.incidents.reminders import send_due


class Command(BaseCommand):
    help = "Send the e-mail reminders of incident reporting deadlines that are due now."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_due()} reminder(s) sent")
