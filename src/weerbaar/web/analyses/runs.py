"""Running a scenario for a page: inline and cached, or as a job for large maps.

A simulation is deterministic for a map version, a scenario, a horizon and a
measure, so its result is cached under exactly those. A map with more nodes
than ``settings.INLINE_NODE_LIMIT`` is never simulated inside a request: the
page gets the :class:`Job` that computes it (queued once, shared by everyone
who asks for the same thing) and shows its progress instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from weerbaar.engine import SimulationResult as SimulationResult  # re-exported for the pages
from weerbaar.engine import simulate
from weerbaar.model import MapError, RiskMap, Scenario, apply_measure
from weerbaar.scoring import Assessment, assess
from weerbaar.web.analyses import cache
from weerbaar.web.jobs import queue
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.maps.models import MapVersion, RiskMapRecord


@dataclass(frozen=True)
class Run:
    """A simulated and scored scenario.

    ``model`` is the map that was simulated (with the measure applied, if
    any); ``problem`` says why there is no assessment (the map uses criteria
    the methodology profile lacks).
    """

    scenario: Scenario
    model: RiskMap
    result: SimulationResult
    assessment: Assessment | None
    measure: str | None = None
    problem: str = ""


@dataclass(frozen=True)
class Summary:
    """What a run comes to, in counts: the scenario pages, the job page and the map say it."""

    down: int
    vital_down: int
    score: float | None
    expected: float | None
    breaches: int
    deadlock: list[str]


def summary(run: Run) -> Summary:
    nodes = {n.id: n for n in run.model.nodes}
    a = run.assessment
    return Summary(
        down=len(run.result.down),
        vital_down=sum(nodes[v].vital for v in run.result.down),
        score=None if a is None else a.score,
        expected=None if a is None or a.likelihood is None else a.expected,
        breaches=0 if a is None else len(a.breaches),
        deadlock=[nodes[v].label for v in run.result.deadlock],
    )


def down_at(result: SimulationResult, t: float) -> set[str]:
    """The nodes down at time ``t`` (intervals are half-open, [a, b))."""
    return {
        v for v, ivs in result.down.items() if any(a <= t and (b is None or t < b) for a, b in ivs)
    }


def params(
    scenario_id: str, horizon: float | None = None, measure: str | None = None
) -> dict[str, Any]:
    """The parameters of a simulation, as stored in a job and used in cache keys."""
    return {"scenario": scenario_id, "horizon": horizon, "measure": measure}


def simulate_json(m: RiskMap, p: dict[str, Any]) -> dict[str, Any]:
    """Simulate with parameters ``p`` (see :func:`params`); the result's JSON form."""
    model = apply_measure(m, p["measure"]) if p.get("measure") else m
    return simulate(model, p["scenario"], p.get("horizon")).to_json()


def result_from_json(data: dict[str, Any]) -> SimulationResult:
    """The inverse of ``SimulationResult.to_json``."""
    return SimulationResult(
        scenario=data["scenario"],
        horizon=float(data["horizon"]),
        down={
            node: [(float(a), None if b is None else float(b)) for a, b in ivs]
            for node, ivs in data["down"].items()
        },
        deadlock=list(data.get("deadlock", [])),
    )


def scored(m: RiskMap, p: dict[str, Any], result: SimulationResult) -> Run:
    model = apply_measure(m, p["measure"]) if p.get("measure") else m
    scenario = model.scenario(p["scenario"])
    try:
        assessment: Assessment | None = assess(model, result)
        problem = ""
    except MapError as exc:
        assessment, problem = None, str(exc)
    return Run(scenario, model, result, assessment, p.get("measure"), problem)


def inline(m: RiskMap) -> bool:
    """Whether simulations of ``m`` may run inside a request."""
    return len(m.nodes) <= settings.INLINE_NODE_LIMIT


def cached(version: MapVersion, m: RiskMap, p: dict[str, Any]) -> Run | None:
    """The run when it was computed already (in the cache or by a finished job)."""
    hit = cache.peek(version, ("run", *p.values()))
    if hit is not None:
        return scored(m, p, result_from_json(hit))
    job = finished_job(version, JobKind.SIMULATE, p)
    if job is not None and job.result is not None:
        cache.store(version, ("run", *p.values()), job.result["simulation"])
        return scored(m, p, result_from_json(job.result["simulation"]))
    return None


def obtain(
    record: RiskMapRecord,
    version: MapVersion,
    m: RiskMap,
    p: dict[str, Any],
    user: Any = None,
) -> Run | Job:
    """The run for ``p``, computed now for a small map; else the job computing it.

    Raises KeyError for a scenario or measure the map does not have.
    """
    m.scenario(p["scenario"])
    if p.get("measure"):
        m.measure(p["measure"])
    found = cached(version, m, p)
    if found is not None:
        return found
    if inline(m):
        data = simulate_json(m, p)
        cache.store(version, ("run", *p.values()), data)
        return scored(m, p, result_from_json(data))
    return pending_job(record, version, JobKind.SIMULATE, p, user)


def job_for(
    record: RiskMapRecord, version: MapVersion, kind: JobKind, p: dict[str, Any], user: Any
) -> Job:
    """The finished job for exactly this work, else the one doing it (queued once)."""
    return finished_job(version, kind, p) or pending_job(record, version, kind, p, user)


def finished_job(version: MapVersion, kind: JobKind, p: dict[str, Any]) -> Job | None:
    for job in Job.objects.filter(
        map=version.riskmap_id,
        version_number=version.number,
        kind=kind,
        status=JobStatus.DONE,
    ).defer("result")[:50]:
        if job.params == p:
            return job
    return None


def pending_job(
    record: RiskMapRecord, version: MapVersion, kind: JobKind, p: dict[str, Any], user: Any
) -> Job:
    """The latest unfinished or failed job for exactly this work, else a new one.

    Asking twice for the same work never queues it twice. A failed job is
    returned as it is: the same version fails the same way again, so it is
    not retried on every page view (see :func:`enqueue` for an explicit retry).
    """
    for job in (
        Job.objects.filter(map=record, version_number=version.number, kind=kind)
        .exclude(status=JobStatus.DONE)
        .defer("result")[:50]
    ):
        if job.params == p:
            return job
    return enqueue(record, version, kind, p, user)


def enqueue(
    record: RiskMapRecord, version: MapVersion, kind: JobKind, p: dict[str, Any], user: Any
) -> Job:
    return queue.enqueue(record, version, kind, p, user)
