"""Background jobs of a map: the analyses too large to answer at once.

A simulation or criticality request on a map larger than the inline limit
answers ``202 Accepted`` with this job resource and its ``Location``; the
client polls the job until ``status`` is ``done`` and reads ``result``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import runs
from weerbaar.web.api import docs
from weerbaar.web.api.base import ApiView
from weerbaar.web.api.permissions import map_access
from weerbaar.web.api.serializers import JobSerializer
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.maps import service
from weerbaar.web.maps.models import MapVersion

JOB_ID = OpenApiParameter("jobId", OpenApiTypes.INT, OpenApiParameter.PATH, description="A job.")


def resource(request: Request, job: Job) -> dict[str, Any]:
    """The job as the API shows it."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "mapVersion": job.version_number,
        "progress": {"done": job.progress_done, "total": job.progress_total},
        "created": job.created,
        "finished": job.finished,
        "error": job.error if job.status == JobStatus.FAILED else None,
        "result": result(job) if job.status == JobStatus.DONE else None,
        "url": reverse("api:job", kwargs={"mapId": job.map_id, "jobId": job.pk}, request=request),
    }


def result(job: Job) -> dict[str, Any] | None:
    """A finished job's result in the shape of the request that queued it."""
    from weerbaar.web.api.views.analyses import simulation

    if job.kind in (JobKind.REPORT, JobKind.EXPORT_XLSX):
        return None  # a page's job: its file is downloaded from that page
    data = job.result or {}
    if job.kind == JobKind.BUDGET:
        return data.get("budget")
    if job.kind == JobKind.FETCH_ADVISORIES:
        found: dict[str, Any] | None = data.get("advisories")
        return found  # {"url", "documents", "new", "replaced"}
    if job.kind == JobKind.SIMULATE:
        version = MapVersion.objects.filter(riskmap=job.map_id, number=job.version_number).first()
        if version is None:
            return None
        run = runs.scored(
            service.to_model(version), job.params, runs.result_from_json(data["simulation"])
        )
        return simulation(run)
    ranking = [
        {"node": row["node"], "nodes": row["down"], "vital": row["vital_down"]}
        for row in data.get("nodes", [])
    ]
    if job.kind == JobKind.TIME_AWARE_CRITICALITY:
        return {"duration": data.get("duration"), "ranking": ranking}
    return {"singlePoints": data.get("single_points", {}), "ranking": ranking}


def accepted(request: Request, job: Job) -> Response:
    """``202 Accepted``: the work is a job; ``Location`` is where to follow it."""
    body = resource(request, job)
    return Response(body, status=202, headers={"Location": body["url"]})


class JobDetail(ApiView):
    """One job of a map: its state, progress and, when done, its result."""

    @extend_schema(
        operation_id="getJob",
        summary="A background job: status, progress and result",
        description="Simulations and criticality of maps larger than the inline limit run "
        "as jobs: the request answers 202 with this resource. Poll it until `status` is "
        "`done` (or `failed`); `result` then holds the answer the request would have given "
        "(for criticality: `singlePoints` and `ranking`, without `fails`).",
        tags=["analyses"],
        parameters=docs.parameters(JOB_ID),
        responses=docs.responses(docs.ok(JobSerializer), 403, 404),
    )
    def get(self, request: Request, mapId: int, jobId: int) -> Response:
        access = map_access(request, mapId, Action.ANALYSE)
        job = Job.objects.filter(pk=jobId, map=access.record).first()
        if job is None:
            raise NotFound("There is no job with this id in this map.")
        return Response(resource(request, job))
