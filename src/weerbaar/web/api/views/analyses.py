"""Scenarios, their simulation and scores, and the criticality of every node.

The results are the CLI's JSON contracts (``simulate --json``,
``criticality --json``) with camelCase for the keys this API adds, computed
from the cached model of the current version. On a map larger than the
inline limit the answer is ``202 Accepted`` and a job resource
(:mod:`weerbaar.web.api.views.jobs`) that holds the result once it is done.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from weerbaar.model import DurationError, RiskMap, parse_duration
from weerbaar.scoring import Assessment
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import criticality as crit
from weerbaar.web.analyses import runs
from weerbaar.web.api import docs
from weerbaar.web.api.base import ApiView, ListView
from weerbaar.web.api.changes import etag
from weerbaar.web.api.permissions import map_access
from weerbaar.web.api.problems import BadParameters, InvalidParam
from weerbaar.web.api.serializers import (
    CriticalitySerializer,
    JobSerializer,
    ScenarioSerializer,
    SimulationSerializer,
)
from weerbaar.web.api.views.jobs import accepted
from weerbaar.web.forms import horizon_problem
from weerbaar.web.jobs.models import Job, JobKind
from weerbaar.web.maps import service


class ScenarioList(ListView):
    """The scenarios of a map."""

    @extend_schema(
        operation_id="listScenarios",
        summary="The map's scenarios",
        description="Scenarios as in the map file (`scenarios:` entries).",
        tags=["analyses"],
        parameters=docs.parameters(*docs.PAGING),
        responses=docs.responses(docs.ok(ScenarioSerializer(many=True)), 403, 404),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.ANALYSE)
        return self.page(request, access.record.current().data.get("scenarios", []))


class Simulation(ApiView):
    """A scenario simulated on the current version, and its scores."""

    @extend_schema(
        operation_id="simulateScenario",
        summary="The cascade of a scenario, its impact and MTPD breaches",
        description="`weerbaar simulate --json`: `down` per node as [from, until] hours, "
        "plus the scores on the criteria of the methodology profile.",
        tags=["analyses"],
        parameters=docs.parameters(
            docs.SCENARIO_ID,
            OpenApiParameter(
                "horizon",
                OpenApiTypes.STR,
                description="Override the horizon: hours, or 30m, 4h, 2d, 1w.",
            ),
            docs.ETAG,
        ),
        responses=docs.responses(
            {**docs.ok(SimulationSerializer), **docs.ok(JobSerializer, 202, docs.QUEUED)},
            400,
            403,
            404,
        ),
    )
    def get(self, request: Request, mapId: int, scenarioId: str) -> Response:
        access = map_access(request, mapId, Action.ANALYSE)
        version, m = service.current(access.record)
        if scenarioId not in {s.id for s in m.scenarios}:
            raise NotFound("There is no scenario with this id in this map.")
        horizon = _horizon(request.query_params.get("horizon"))
        outcome = runs.obtain(
            access.record, version, m, runs.params(scenarioId, horizon), request.user
        )
        if isinstance(outcome, Job):
            return accepted(request, outcome)
        return Response(simulation(outcome), headers={"ETag": etag(access, version)})


def simulation(run: runs.Run) -> dict[str, Any]:
    """``weerbaar simulate --json`` of a run, with its scores."""
    out = run.result.to_json()
    if run.assessment is not None:
        out.update(scores(run.assessment))
    return out


def scores(assessment: Assessment) -> dict[str, Any]:
    """``impact`` and ``mtpdBreaches`` of an assessment, as the CLI writes them."""
    return {
        "impact": {
            "score": assessment.score,
            "likelihood": assessment.likelihood,
            "criteria": {
                c.criterion: {"quantity": c.quantity, "class": c.cls} for c in assessment.criteria
            },
        },
        "mtpdBreaches": [
            {"node": b.node, "mtpd": b.mtpd, "outage": b.outage, "breachedAt": b.breached_at}
            for b in assessment.breaches
        ],
    }


def _horizon(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        hours = parse_duration(raw)
    except DurationError as exc:
        raise BadParameters([InvalidParam("horizon", str(exc))]) from None
    if hours <= 0:
        raise BadParameters([InvalidParam("horizon", "must be longer than 0")])
    problem = horizon_problem(hours)
    if problem is not None:
        raise BadParameters([InvalidParam("horizon", problem)])
    return hours


class Criticality(ApiView):
    """Structural criticality of every node of the current version."""

    @extend_schema(
        operation_id="getCriticality",
        summary="What each node takes down when it fails; single points of failure",
        description="`weerbaar criticality --json` (structural: permanent failures).",
        tags=["analyses"],
        parameters=docs.parameters(docs.ETAG),
        responses=docs.responses(
            {**docs.ok(CriticalitySerializer), **docs.ok(JobSerializer, 202, docs.QUEUED)},
            403,
            404,
        ),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.ANALYSE)
        version, m = service.current(access.record)
        if not runs.inline(m):
            job = runs.job_for(access.record, version, JobKind.CRITICALITY, {}, request.user)
            return accepted(request, job)
        return Response(criticality(m), headers={"ETag": etag(access, version)})


def criticality(m: RiskMap) -> dict[str, Any]:
    """Structural criticality in the shape of ``weerbaar criticality --json``."""
    c = crit.criticality(m)
    assert c.exact is not None  # an inline map is always small enough
    return {"fails": c.exact.fails(), "singlePoints": c.single_points, "ranking": c.ranked()}
