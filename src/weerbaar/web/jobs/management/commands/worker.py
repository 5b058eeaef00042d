"""``weerbaar-web worker``: run queued jobs (simulations and criticality of large maps).

The jobs are django-tasks tasks on its database backend; this command runs
them with that backend's worker, one at a time, and between tasks looks
after the queue (:mod:`weerbaar.web.jobs.queue`): jobs whose worker died are
queued again, old results are deleted. ``--once`` handles at most one job
and exits (for tests and cron). A job that fails is marked failed with its
error; the worker itself carries on.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from weerbaar.web.jobs import queue

log = logging.getLogger(__name__)

#: The django-tasks backend of the jobs (settings.TASKS).
BACKEND = "default"
#: Seconds between two rounds of looking after the queue.
HOUSEKEEPING_INTERVAL = 30.0


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
        self.worker_id = get_random_string(32)
        self.runner = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name=BACKEND,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
        )
        self.housekept = float("-inf")
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
        """Look after the queue when due, then run one task if there is one; whether there was."""
        if time.monotonic() - self.housekept >= HOUSEKEEPING_INTERVAL:
            for job_id in queue.requeue_stale():
                self.stdout.write(f"job {job_id}: its worker stopped; queued again")
            queue.clean_up()
            # Reporting deadlines of incidents: reminders once they are due.
            from weerbaar.web.incidents.reminders import send_due

            send_due()
            self.housekept = time.monotonic()
        # Claimed as django-tasks' own worker does, then run by it; its run
        # loop is not used because it closes the database connection between
        # tasks, which the loop above already does where it is safe.
        tasks = DBTaskResult.objects.ready().filter(backend_name=BACKEND)
        with exclusive_transaction(tasks.db):
            task = tasks.get_locked()
            if task is not None:
                task.claim(self.worker_id)
        if task is None:
            return False
        self.runner.run_task(task)
        return True
