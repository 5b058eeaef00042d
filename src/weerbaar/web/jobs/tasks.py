"""The task the worker runs for every job (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    """Run the :class:`~weerbaar.web.jobs.models.Job` ``job_id``."""
    # Imported here: the queue imports this module to enqueue the task.
    from weerbaar.web.jobs.queue import execute

    execute(job_id)
