"""Long work off the request: jobs, the worker command and the job pages."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from weerbaar.web.accounts.models import Role
from weerbaar.web.analyses import cache as analyses_cache
from weerbaar.web.analyses import jobs as analysis_jobs
from weerbaar.web.analyses import runs
from weerbaar.web.jobs import queue as jobqueue
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.maps import service
from weerbaar.web.maps.models import MapVersion

pytestmark = pytest.mark.django_db


def job_url(world: dict[str, Any], job: Job, name: str = "job", key: str = "map_a") -> str:
    return reverse(f"jobs:{name}", kwargs={"map_id": world[key].pk, "job_id": job.pk})


def queue(world: dict[str, Any], kind: JobKind, params: dict[str, Any]) -> Job:
    version = MapVersion.objects.get(riskmap=world["map_a"], number=1)
    return runs.enqueue(world["map_a"], version, kind, params, None)


def work() -> str:
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


def test_it_runs_a_queued_simulation_and_shows_the_scenario(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.INLINE_NODE_LIMIT = 3
    client = login(world["users"][Role.CISO])
    detail = reverse(
        "scenarios:detail", kwargs={"map_id": world["map_a"].pk, "scenario_id": "stroom"}
    )
    assert client.get(detail).status_code == 202
    job = Job.objects.get()
    work()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.started and job.finished
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert job.result["simulation"]["down"]["power"] == [[0, 24]]
    analyses_cache.clear()  # the page must read the result from the job, not the cache
    response = client.get(detail)
    assert response.status_code == 200
    assert "Verloop van de uitval: Stroomstoring" in response.content.decode()
    page = client.get(job_url(world, job)).content.decode()
    assert "Klaar op" in page and "Onderdelen uitgevallen" in page


def test_it_marks_a_failing_job_failed_and_carries_on(world: dict[str, Any], login: Any) -> None:
    bad = queue(world, JobKind.SIMULATE, runs.params("no-such-scenario"))
    good = queue(world, JobKind.CRITICALITY, {})
    work()
    work()
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == JobStatus.FAILED and "no-such-scenario" in bad.error
    assert bad.finished is not None and bad.result is None
    assert good.status == JobStatus.DONE
    page = login(world["users"][Role.CISO]).get(job_url(world, bad)).content.decode()
    assert "Deze taak is mislukt" in page and "Opnieuw proberen" in page


def test_it_does_nothing_when_the_queue_is_empty(world: dict[str, Any]) -> None:
    assert work() == ""
    assert not DBTaskResult.objects.exists()


def test_it_ranks_nodes_by_structural_criticality(world: dict[str, Any], login: Any) -> None:
    job = queue(world, JobKind.CRITICALITY, {})
    work()
    job.refresh_from_db()
    first = job.result["nodes"][0]
    assert first == {"node": "power", "down": 4, "vital_down": 1}
    page = login(world["users"][Role.BESTUURDER]).get(job_url(world, job)).content.decode()
    assert "Wat het meest meeneemt" in page and "Stroom" in page


def test_it_reports_progress_per_node_of_a_time_aware_run(world: dict[str, Any]) -> None:
    job = queue(world, JobKind.TIME_AWARE_CRITICALITY, {"duration": 1.0})
    work()
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (5, 5)
    rows = {r["node"]: r for r in job.result["nodes"]}
    # One hour without power is within the ISP's two hours of tolerance, so
    # power takes down hosting, the suite and the process, but not internet-a.
    assert rows["power"] == {"node": "power", "down": 3, "vital_down": 1}


def test_it_queues_a_task_per_job_and_runs_each_job_once(world: dict[str, Any]) -> None:
    first = queue(world, JobKind.CRITICALITY, {})
    second = queue(world, JobKind.TIME_AWARE_CRITICALITY, {"duration": 2.0})
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [t.args_kwargs["args"] for t in tasks] == [[first.pk], [second.pk]]
    work()
    work()
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    assert set(tasks.values_list("status", flat=True)) == {"SUCCESSFUL"}
    # A task that outlives its run (a retry raced a slow worker) changes nothing.
    jobqueue.execute(first.pk)
    first.refresh_from_db()
    assert first.attempts == 1 and first.status == JobStatus.DONE


def die_while_running(job: Job, minutes_ago: int) -> None:
    """What a worker killed in the middle of ``job`` leaves behind."""
    then = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", started_at=then)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started=then, heartbeat=then, attempts=F("attempts") + 1
    )


def test_it_runs_again_a_job_whose_worker_died(world: dict[str, Any], settings: Any) -> None:
    settings.JOB_STALE_SECONDS = 60
    job = queue(world, JobKind.CRITICALITY, {})
    dead_task = job.task_id
    die_while_running(job, minutes_ago=5)
    out = work()
    job.refresh_from_db()
    assert f"job {job.pk}: its worker stopped; queued again" in out
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert job.task_id != dead_task
    assert DBTaskResult.objects.get(id=dead_task).status == "FAILED"
    assert job.result["nodes"][0]["node"] == "power"


def test_it_leaves_a_job_with_a_fresh_heartbeat_alone(world: dict[str, Any], settings: Any) -> None:
    settings.JOB_STALE_SECONDS = 600
    job = queue(world, JobKind.CRITICALITY, {})
    die_while_running(job, minutes_ago=5)
    assert jobqueue.requeue_stale() == []
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_it_gives_up_on_a_job_that_keeps_killing_its_worker(
    world: dict[str, Any], settings: Any
) -> None:
    settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 60, 2
    job = queue(world, JobKind.CRITICALITY, {})
    for _ in range(2):
        die_while_running(job, minutes_ago=5)
        jobqueue.requeue_stale()
        job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "2 times" in job.error
    assert not DBTaskResult.objects.ready().exists()


def test_it_deletes_old_finished_jobs_and_their_tasks(world: dict[str, Any], settings: Any) -> None:
    settings.JOB_KEEP_DAYS = 30
    old = queue(world, JobKind.CRITICALITY, {})
    recent = queue(world, JobKind.TIME_AWARE_CRITICALITY, {"duration": 1.0})
    waiting = queue(world, JobKind.TIME_AWARE_CRITICALITY, {"duration": 2.0})
    work()
    work()
    long_ago = timezone.now() - timedelta(days=31)
    Job.objects.filter(pk=old.pk).update(finished=long_ago)
    DBTaskResult.objects.filter(id=old.task_id).update(finished_at=long_ago)
    waiting_before = Job.objects.filter(pk=waiting.pk).update(created=long_ago)
    assert jobqueue.clean_up() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(id=old.task_id).exists()
    assert waiting_before == 1


def test_it_runs_a_job_on_the_version_it_was_asked_for(world: dict[str, Any]) -> None:
    job = queue(world, JobKind.SIMULATE, runs.params("stroom"))
    data = dict(MapVersion.objects.get(riskmap=world["map_a"]).data, horizon="10h")
    service.save(world["map_a"], data, author=None, summary="horizon", kind="map")
    work()
    job.refresh_from_db()
    assert job.version_number == 1 and job.result["simulation"]["horizon"] == 120


def test_it_reports_progress_as_json(world: dict[str, Any], login: Any) -> None:
    job = queue(world, JobKind.TIME_AWARE_CRITICALITY, {"duration": 2.0})
    client = login(world["users"][Role.BESTUURDER])
    data = client.get(job_url(world, job, "job_data")).json()
    assert data["status"] == "queued" and data["percent"] == 0
    html = client.get(job_url(world, job)).content.decode()
    assert 'id="wb-job-progress"' in html and '<noscript><meta http-equiv="refresh"' in html
    work()
    assert client.get(job_url(world, job, "job_data")).json()["percent"] == 100


def test_it_keeps_jobs_inside_their_map(world: dict[str, Any], login: Any, client: Any) -> None:
    job = queue(world, JobKind.CRITICALITY, {})
    assert client.get(job_url(world, job)).status_code == 302
    other = login(world["user_b"])
    assert other.get(job_url(world, job)).status_code == 404
    # Not through the other municipality's own map either.
    assert other.get(job_url(world, job, key="map_b")).status_code == 404
    assert other.get(job_url(world, job, "job_data", key="map_b")).status_code == 404
    partner = login(world["users"][Role.KETENPARTNER])
    assert partner.get(job_url(world, job)).status_code == 403


def test_it_lets_only_editors_retry_a_job(world: dict[str, Any], login: Any) -> None:
    job = queue(world, JobKind.SIMULATE, runs.params("no-such-scenario"))
    work()
    target = job_url(world, job, "job_retry")
    assert login(world["users"][Role.BESTUURDER]).post(target).status_code == 403
    response = login(world["users"][Role.CISO]).post(target)
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and again.status == JobStatus.QUEUED
    assert again.params == job.params


def test_it_counts_progress_node_by_node(world: dict[str, Any]) -> None:
    version = MapVersion.objects.get(riskmap=world["map_a"])
    seen: list[tuple[int, int]] = []
    analysis_jobs.run(
        JobKind.TIME_AWARE_CRITICALITY,
        version,
        {"duration": 3.0},
        lambda done, total: seen.append((done, total)),
    )
    assert seen == [(i, 5) for i in range(6)]


def test_it_keeps_the_worker_alive_when_polling_fails(monkeypatch: Any) -> None:
    from weerbaar.web.jobs.management.commands import worker

    polls: list[str] = []

    def broken() -> list[int]:
        polls.append("poll")
        raise RuntimeError("database went away")

    def sleep(seconds: float) -> None:
        polls.append("sleep")
        if len(polls) >= 4:
            raise KeyboardInterrupt  # stop the endless loop as Ctrl-C would

    monkeypatch.setattr(jobqueue, "requeue_stale", broken)
    monkeypatch.setattr(worker.time, "sleep", sleep)
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    out = StringIO()
    call_command("worker", "--sleep", "0", stdout=out)
    assert polls == ["poll", "sleep", "poll", "sleep"]
    assert "worker stopped" in out.getvalue()


def test_it_shows_a_failed_scenario_job_without_refreshing_forever(
    world: dict[str, Any], login: Any, settings: Any, monkeypatch: Any
) -> None:
    settings.INLINE_NODE_LIMIT = 3

    def broken(m: Any, p: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("out of memory")

    monkeypatch.setattr(runs, "simulate_json", broken)
    client = login(world["users"][Role.CISO])
    detail = reverse(
        "scenarios:detail", kwargs={"map_id": world["map_a"].pk, "scenario_id": "stroom"}
    )
    client.get(detail)
    work()
    response = client.get(detail)
    html = response.content.decode()
    assert response.status_code == 200
    assert "RuntimeError: out of memory" in html and "Opnieuw proberen" in html
    assert "refresh" not in html and "scenario.js" not in html
    assert Job.objects.count() == 1  # viewing again does not queue the same failure again
