"""A worker killed in the middle of a job, and the heartbeat that tells.

The first test uses real processes: ``weerbaar-web worker`` on a database file
of its own (pytest-django's test database lives in this process's memory),
killed with SIGKILL while it runs a job; a second worker finds the job's
heartbeat stale, queues it again and finishes it. The second tests the
heartbeat thread itself, in this process.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from weerbaar.web.jobs import queue as jobqueue
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.maps.models import MapVersion

WEB = str(Path(sys.executable).parent / "weerbaar-web")
#: Seconds without a heartbeat after which the second worker takes the job over.
STALE = 2

SEED = """
from weerbaar.model import to_data
from weerbaar.scale.generate import generate_map
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.jobs import queue
from weerbaar.web.jobs.models import JobKind
from weerbaar.web.maps import service
org = Organisation.objects.create(name="Regio", slug="regio")
record = service.create_map(org, to_data(generate_map(8, 1)), None, "generated")
job = queue.enqueue(
    record, record.current(), JobKind.TIME_AWARE_CRITICALITY, {"duration": 8.0}, None
)
print(job.pk)
"""


def job_row(db: Path, job_id: int) -> dict[str, Any]:
    with sqlite3.connect(db, timeout=10) as c:
        c.row_factory = sqlite3.Row
        row = c.execute(
            "SELECT status, progress_done, progress_total, attempts, result "
            "FROM jobs_job WHERE id = ?",
            (job_id,),
        ).fetchone()
    return dict(row)


def wait_for(check: Any, seconds: float) -> None:
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_it_finishes_the_job_of_a_worker_killed_in_the_middle(tmp_path: Path) -> None:
    db = tmp_path / "weerbaar.sqlite3"
    env = {
        **os.environ,
        "WEERBAAR_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{db}",
        "WEERBAAR_JOB_STALE_SECONDS": str(STALE),
    }

    def web(*args: str) -> str:
        done = subprocess.run([WEB, *args], env=env, check=True, capture_output=True, text=True)
        return done.stdout

    web("migrate", "--noinput", "-v0")
    job_id = int(web("shell", "-v0", "-c", SEED).strip())
    first = subprocess.Popen(
        [WEB, "worker", "--sleep", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: job_row(db, job_id)["progress_done"] > 0, 60)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    dead = job_row(db, job_id)
    # Killed mid-job: nothing marked it done or failed.
    assert dead["status"] == JobStatus.RUNNING and dead["attempts"] == 1
    assert 0 < dead["progress_done"] < dead["progress_total"]
    time.sleep(STALE + 0.5)  # the heartbeat goes stale
    out = web("worker", "--once")
    assert f"job {job_id}: its worker stopped; queued again" in out
    finished = job_row(db, job_id)
    assert finished["status"] == JobStatus.DONE and finished["attempts"] == 2
    assert finished["progress_done"] == finished["progress_total"] == dead["progress_total"]
    assert finished["result"].count('"node"') == dead["progress_total"]


@pytest.mark.django_db(transaction=True)
def test_it_renews_the_heartbeat_while_a_job_runs_and_stops_after(
    world: dict[str, Any], settings: Any
) -> None:
    settings.JOB_STALE_SECONDS = 4  # a beat a second, the shortest there is
    version = MapVersion.objects.get(riskmap=world["map_a"], number=1)
    long_ago = timezone.now() - timedelta(hours=1)
    job = Job.objects.create(
        map=world["map_a"],
        version_number=version.number,
        kind=JobKind.CRITICALITY,
        status=JobStatus.RUNNING,
        heartbeat=long_ago,
    )
    before = timezone.now()
    with jobqueue._heartbeat(job.pk):
        # A long engine call that never calls back: only the thread beats.
        time.sleep(1.5)
        beating = [t for t in threading.enumerate() if t.name == f"job-{job.pk}-heartbeat"]
        job.refresh_from_db()
        assert job.heartbeat is not None and job.heartbeat >= before
    assert not any(t.is_alive() for t in beating)
    last = job.heartbeat
    time.sleep(1.5)
    job.refresh_from_db()
    assert job.heartbeat == last  # stopped with the job
