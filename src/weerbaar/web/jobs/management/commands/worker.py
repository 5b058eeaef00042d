"""``weerbaar-web worker``: run queued simulations and criticality jobs.

Runs until stopped, taking the oldest queued job each time; ``--once``
handles at most one job and exits (for tests and cron). A job that fails is
marked failed with its error; the worker itself carries on.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from weerbaar.web.jobs import queue

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run queued jobs (simulations and criticality of large maps)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run at most one job, then exit.")
        parser.add_argument(
            "--sleep",
            type=float,
            default=2.0,
            help="Seconds to wait before looking again when the queue is empty.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self.step()
            return
        try:
            self.loop(options["sleep"])
        except KeyboardInterrupt:
            self.stdout.write("worker stopped")

    def loop(self, pause: float) -> None:
        while True:
            # A long-lived process must drop connections the database closed
            # meanwhile, as Django does between requests.
            close_old_connections()
            try:
                ran = self.step()
            except Exception:
                # A lost database connection or the like: log, wait, retry.
                # The worker must outlive every error of a single poll.
                log.exception("worker: polling the queue failed")
                ran = False
            if not ran:
                time.sleep(pause)

    def step(self) -> bool:
        """Run one job if there is one; whether there was."""
        job = queue.claim()
        if job is None:
            return False
        self.stdout.write(f"job {job.pk}: {job.kind} on map {job.map_id} v{job.version_number}")
        queue.execute(job)
        job.refresh_from_db()
        self.stdout.write(f"job {job.pk}: {job.status}")
        return True
