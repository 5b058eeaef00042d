"""Jobs: their progress page and JSON, a retry, and starting a criticality run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from weerbaar.model import RiskMap
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import runs
from weerbaar.web.jobs.forms import CriticalityForm
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.maps.models import MapVersion

#: Rows of a criticality ranking shown on the job page.
TOP = 25
#: The URL that hands out the file a job of each kind makes.
DOWNLOADS = {JobKind.REPORT: "insight:report", JobKind.EXPORT_XLSX: "maps:export_xlsx"}


def _job(access: Access, job_id: int) -> Job:
    # Only through the map the user was let into: a job of another map is
    # not found, exactly like the map itself.
    # The result (a report: megabytes) is read only where it is shown.
    return get_object_or_404(Job.objects.defer("result"), pk=job_id, map=access.record)


def _status(access: Access, job: Job) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "error": job.error if job.status == JobStatus.FAILED else "",
        "url": reverse("jobs:job", kwargs={"map_id": access.record.pk, "job_id": job.pk}),
    }


def _model(job: Job) -> RiskMap | None:
    """The map the job ran (or will run) on."""
    version = MapVersion.objects.filter(riskmap=job.map_id, number=job.version_number).first()
    return None if version is None else service.to_model(version)


def _outcome(job: Job, m: RiskMap | None) -> dict[str, Any]:
    """What a finished job shows, with labels from the version it ran on."""
    if job.kind in DOWNLOADS:
        # Handed out by the file's own URL, which serves the finished job.
        pk = job.map_id
        return {"download": reverse(DOWNLOADS[JobKind(job.kind)], kwargs={"map_id": pk})}
    if m is None or job.result is None:
        return {}
    nodes = {n.id: n for n in m.nodes}
    if job.kind == JobKind.SIMULATE:
        run = runs.scored(m, job.params, runs.result_from_json(job.result["simulation"]))
        return {"run": run, "summary": runs.summary(run)}
    ranking = [
        {**row, "label": nodes[row["node"]].label if row["node"] in nodes else row["node"]}
        for row in job.result.get("nodes", [])[:TOP]
    ]
    return {"ranking": ranking, "ranked": len(job.result.get("nodes", []))}


def _label(find: Callable[[str], Any], ident: str | None) -> str:
    if not ident:
        return ""
    try:
        return str(find(ident).label)
    except KeyError:
        return ident


@map_view(Action.ANALYSE)
def job(request: HttpRequest, access: Access, job_id: int) -> HttpResponse:
    j = _job(access, job_id)
    version = access.record.current()
    m = _model(j)
    scenario_url = scenario_label = measure_label = ""
    if j.kind == JobKind.SIMULATE and m is not None:
        scenario_url = reverse(
            "scenarios:detail",
            kwargs={"map_id": access.record.pk, "scenario_id": j.params["scenario"]},
        )
        scenario_label = _label(m.scenario, j.params["scenario"])
        measure_label = _label(m.measure, j.params.get("measure"))
    return render(
        request,
        "jobs/job.html",
        {
            "access": access,
            "job": j,
            "status": _status(access, j),
            "outcome": _outcome(j, m) if j.status == JobStatus.DONE else {},
            "scenario_label": scenario_label,
            "measure_label": measure_label,
            "outdated": j.version_number != version.number,
            "scenario_url": scenario_url,
        },
    )


@map_view(Action.ANALYSE)
def job_data(request: HttpRequest, access: Access, job_id: int) -> JsonResponse:
    return JsonResponse(_status(access, _job(access, job_id)))


@map_view(Action.RUN)
@require_POST
def job_retry(request: HttpRequest, access: Access, job_id: int) -> HttpResponse:
    old = _job(access, job_id)
    version = MapVersion.objects.get(riskmap=access.record, number=old.version_number)
    new = runs.enqueue(access.record, version, JobKind(old.kind), old.params, request.user)
    return redirect("jobs:job", map_id=access.record.pk, job_id=new.pk)


@map_view(Action.RUN)
@require_POST
def criticality(request: HttpRequest, access: Access) -> HttpResponse:
    """Queue a criticality run of the current version for the worker."""
    form = CriticalityForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("duration", []):
            messages.error(request, str(error))
        return redirect("graph:graph", map_id=access.record.pk)
    version, _ = service.current(access.record)
    duration = form.cleaned_data["duration"]
    if duration is None:
        kind, p = JobKind.CRITICALITY, {}
    else:
        kind, p = JobKind.TIME_AWARE_CRITICALITY, {"duration": duration}
    # The same run of the same version is never done twice: a finished or
    # queued one is shown; only a failed one is tried again.
    new = runs.job_for(access.record, version, kind, p, request.user)
    if new.status == JobStatus.FAILED:
        new = runs.enqueue(access.record, version, kind, p, request.user)
    return redirect("jobs:job", map_id=access.record.pk, job_id=new.pk)
