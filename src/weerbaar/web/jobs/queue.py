"""Claiming and running queued jobs: what the worker does with each.

Several workers may poll the same queue. On PostgreSQL a job is claimed with
``SELECT ... FOR UPDATE SKIP LOCKED``; SQLite has no row locks, so there a
conditional ``UPDATE ... WHERE status = 'queued'`` that changes one row is the
claim: of two workers racing for a job, only one sees its update count as 1.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from weerbaar.engine import structural, time_aware
from weerbaar.web.analyses import runs
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.maps.models import MapVersion
from weerbaar.web.maps.service import to_model

log = logging.getLogger(__name__)

#: Write progress at most this often (seconds): enough for a page polling
#: every two seconds, without a database write per node.
PROGRESS_INTERVAL = 0.5

Progress = Callable[[int, int], None]


def claim() -> Job | None:
    """Take the oldest queued job and mark it running; None when there is none."""
    now = timezone.now()
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(skip_locked=True)
                .filter(status=JobStatus.QUEUED)
                .order_by("created", "pk")
                .first()
            )
            if job is None:
                return None
            job.status, job.started = JobStatus.RUNNING, now
            job.save(update_fields=["status", "started"])
            return job
    candidates = Job.objects.filter(status=JobStatus.QUEUED).order_by("created", "pk")
    for pk in candidates.values_list("pk", flat=True)[:10]:
        claimed = Job.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started=now
        )
        if claimed == 1:
            return Job.objects.get(pk=pk)
    return None


def execute(job: Job) -> None:
    """Run a claimed job to the end; a failure is stored on the job, never raised."""
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done == total or now - last >= PROGRESS_INTERVAL:
            last = now
            Job.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)

    try:
        version = MapVersion.objects.get(riskmap=job.map_id, number=job.version_number)
        result = RUNNERS[JobKind(job.kind)](version, job.params, progress)
    except Exception as exc:
        log.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:5000],
            finished=timezone.now(),
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, result=result, finished=timezone.now()
    )


def _simulate(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    progress(0, 1)
    data = runs.simulate_json(to_model(version), p)
    progress(1, 1)
    return {"simulation": data}


def _criticality(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    m = to_model(version)
    progress(0, 1)
    s = structural(m)
    vital = np.array([n.vital for n in m.nodes], dtype=bool)
    total, vital_down = s.counts().tolist(), s.counts(vital).tolist()
    rows = [
        {"node": n.id, "down": total[i], "vital_down": vital_down[i]} for i, n in enumerate(m.nodes)
    ]
    rows.sort(key=lambda r: (-r["vital_down"], -r["down"], r["node"]))
    progress(1, 1)
    return {"nodes": rows}


def _time_aware(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    m = to_model(version)
    vital = {n.id for n in m.vital_processes}
    total = len(m.nodes)
    rows: list[dict[str, Any]] = []
    progress(0, total)
    for i, impact in enumerate(time_aware(m, float(p["duration"]), p.get("horizon")), 1):
        down = impact.down
        rows.append(
            {
                "node": impact.node,
                "down": len(down),
                "vital_down": sum(v in vital for v in down),
            }
        )
        progress(i, total)
    rows.sort(key=lambda r: (-r["vital_down"], -r["down"], r["node"]))
    return {"nodes": rows, "duration": p["duration"]}


RUNNERS: dict[JobKind, Callable[[MapVersion, dict[str, Any], Progress], dict[str, Any]]] = {
    JobKind.SIMULATE: _simulate,
    JobKind.CRITICALITY: _criticality,
    JobKind.TIME_AWARE_CRITICALITY: _time_aware,
}
