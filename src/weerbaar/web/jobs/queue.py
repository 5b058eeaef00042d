"""Queuing, running and looking after jobs on django-tasks' database backend.

A page (or the API) stores a :class:`Job` and enqueues the one task
:func:`weerbaar.web.jobs.tasks.run_job` for it; ``weerbaar-web worker``
runs the task, which runs the job. The job row is what pages show: status,
progress, result. Two things the task library leaves to its users are done
here:

- a **heartbeat**: while a job runs, its ``heartbeat`` is renewed every few
  seconds. A job whose heartbeat is older than ``settings.JOB_STALE_SECONDS``
  lost its worker (killed, out of memory, machine restarted); the next worker
  to look puts it back in the queue, up to ``settings.JOB_MAX_ATTEMPTS`` runs
  in all, then marks it failed;
- **cleaning up**: finished jobs and task results older than
  ``settings.JOB_KEEP_DAYS`` days are deleted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.jobs.tasks import run_job
from weerbaar.web.maps.models import MapVersion, RiskMapRecord

log = logging.getLogger(__name__)

#: Write progress at most this often (seconds): enough for a page polling
#: every two seconds, without a database write per node.
PROGRESS_INTERVAL = 0.5


def enqueue(
    record: RiskMapRecord, version: MapVersion, kind: JobKind, p: dict[str, Any], user: Any
) -> Job:
    """Store a job for ``kind`` on ``version`` and queue it for the worker."""
    job = Job.objects.create(
        map=record,
        version_number=version.number,
        kind=kind,
        params=p,
        requested_by=user if user is not None and user.is_authenticated else None,
    )
    _submit(job)
    return job


def _submit(job: Job) -> None:
    """Enqueue the task that runs ``job`` (again)."""
    job.task_id = run_job.enqueue(job.pk).id
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def execute(job_id: int) -> None:
    """Run a queued job to the end; a failure is stored on the job, never raised.

    A job that is no longer queued (done, failed, or taken by another worker
    after a retry) is left alone: a task may outlive the run it was for.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started=now,
        heartbeat=now,
        attempts=F("attempts") + 1,
        progress_done=0,
        progress_total=0,
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        moment = time.monotonic()
        if done == total or moment - last >= PROGRESS_INTERVAL:
            last = moment
            Job.objects.filter(pk=job_id).update(
                progress_done=done, progress_total=total, heartbeat=timezone.now()
            )

    # Imported here: the service layer queues jobs through this module.
    from weerbaar.web.analyses import jobs as runners

    try:
        with _heartbeat(job_id):
            version = MapVersion.objects.get(riskmap=job.map_id, number=job.version_number)
            result = runners.run(JobKind(job.kind), version, job.params, progress)
    except Exception as exc:
        log.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:5000],
            finished=timezone.now(),
        )
        return
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE, result=result, finished=timezone.now()
    )


@contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """Renew the job's heartbeat from a thread while the body runs.

    A thread, because one engine call (the criticality of a large map) can
    take longer than the stale limit without calling back. A job that ends
    before the first beat never touches the database from the thread.
    """
    every = max(1.0, settings.JOB_STALE_SECONDS / 4)
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
                    heartbeat=timezone.now()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def requeue_stale(now: datetime | None = None) -> list[int]:
    """Put the jobs of dead workers back in the queue; the ids of those found.

    A job runs at most ``settings.JOB_MAX_ATTEMPTS`` times: one that keeps
    killing its worker (a map too large for its memory) is marked failed.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    found = []
    for job in Job.objects.filter(status=JobStatus.RUNNING, heartbeat__lt=cutoff):
        # The dead worker's task row says "running" for ever otherwise.
        if job.task_id is not None:
            DBTaskResult.objects.filter(pk=job.task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="weerbaar.web.jobs.queue.WorkerLost",
                traceback="The worker stopped sending heartbeats while running this task.",
            )
        stale = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, heartbeat__lt=cutoff)
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            stale.update(
                status=JobStatus.FAILED,
                finished=now,
                error=f"The worker stopped while running this job, {job.attempts} times.",
            )
        elif stale.update(status=JobStatus.QUEUED, heartbeat=None):
            log.warning("job %s lost its worker; queued again", job.pk)
            _submit(job)
        found.append(job.pk)
    return found


def clean_up(now: datetime | None = None) -> int:
    """Delete finished jobs and task results older than ``settings.JOB_KEEP_DAYS``."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.JOB_KEEP_DAYS)
    gone, _ = Job.objects.filter(
        status__in=(JobStatus.DONE, JobStatus.FAILED), finished__lt=cutoff
    ).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return gone
