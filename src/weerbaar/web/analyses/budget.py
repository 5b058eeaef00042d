"""The risk-based budget of a stored map version, computed by the worker.

Exact search simulates every scenario once per subset of the measures that
touch it (:mod:`weerbaar.accountability.budget`): seconds on a municipal
map, up to half a minute with fifteen candidates, more on a large map. A
page never waits for it: the first request queues a job of kind
:attr:`~weerbaar.web.jobs.models.JobKind.BUDGET` for the current version,
the page follows the job's progress, and from then on every page (the budget
page, the council report, the role briefings, the API) reads the finished
job.

The exact frontier does not depend on the amount, so a map with at most
:data:`~weerbaar.accountability.budget.MAX_EXACT` measures has one job per
version and any amount is answered from it
(:func:`~weerbaar.accountability.budget.at_budget`). Above that the greedy
answer depends on the amount, which is then part of the job's parameters.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from weerbaar.accountability.budget import (
    MAX_EXACT,
    BudgetResult,
    Method,
    at_budget,
    from_json,
    plan_budget,
    simulations_needed,
)
from weerbaar.model import RiskMap
from weerbaar.scale.distributed import LocalPool, ProcessPool
from weerbaar.scoring.assess import check_criteria
from weerbaar.scoring.profile import default_profile
from weerbaar.web.analyses import cache, runs
from weerbaar.web.jobs.models import Job, JobKind
from weerbaar.web.maps.models import MapVersion, RiskMapRecord

#: Simulations above which the job runs on worker processes, and how many.
POOL_ABOVE = 200
PROCESSES = min(2, os.cpu_count() or 1)

#: Why there is no frontier: the map has no measures, or cannot be scored.
NO_MEASURES = "no-measures"
NOT_SCORABLE = "not-scorable"


def params(m: RiskMap, amount: float) -> dict[str, Any]:
    """The job's parameters: none for an exact frontier, the amount for a greedy one."""
    return {} if len(m.measures) <= MAX_EXACT else {"budget": round(amount, 2)}


def compute(m: RiskMap, p: dict[str, Any], progress: Callable[[int, int], None]) -> Any:
    """The job's work: the frontier of every measure of ``m``, as JSON."""
    exact = len(m.measures) <= MAX_EXACT
    n = len(m.measures)
    # Greedy runs at most n rounds of at most n candidates per scenario, plus
    # the singles: an upper bound, so the bar never runs past its end.
    total = simulations_needed(m) if exact else len(m.scenarios) * (n * (n + 3) // 2 + 1)
    done = 0
    progress(0, total)

    def step(_task: object) -> None:
        nonlocal done
        done += 1
        progress(min(done, total), total)

    # Two worker processes halve a long search; starting them costs about a
    # second, more than a short one takes.
    pool = ProcessPool(PROCESSES) if total > POOL_ABOVE and PROCESSES > 1 else LocalPool()
    result = plan_budget(m, float(p.get("budget", 0.0)), pool=pool, progress=step)
    progress(total, total)
    return result.to_json()


def _reason(m: RiskMap) -> str | None:
    if not m.measures:
        return NO_MEASURES
    if check_criteria(m, default_profile()):
        return NOT_SCORABLE
    return None


def frontier(
    record: RiskMapRecord, version: MapVersion, m: RiskMap, amount: float, user: Any = None
) -> BudgetResult | Job | str:
    """The best measures within ``amount`` and the frontier; else the job computing it.

    A string says why there can be none (:data:`NO_MEASURES`,
    :data:`NOT_SCORABLE`). The job is queued once per version (and amount,
    when greedy); a failed job is returned as it is, not queued again.
    """
    reason = _reason(m)
    if reason is not None:
        return reason
    p = params(m, amount)
    key = ("budget", tuple(sorted(p.items())))
    found: BudgetResult | None = cache.peek(version, key)
    if found is None:
        job = runs.finished_job(version, JobKind.BUDGET, p)
        if job is None:
            return runs.pending_job(record, version, JobKind.BUDGET, p, user)
        data = Job.objects.values_list("result", flat=True).get(pk=job.pk) or {}
        found = cache.store(version, key, from_json(data["budget"]))
    return at_budget(found, amount) if found.method is Method.EXACT else found


def compute_now(record: RiskMapRecord, version: MapVersion, m: RiskMap) -> BudgetResult | str:
    """Compute the frontier of ``version`` in this process and keep it as a finished job.

    For the demo loader and the benchmarks, which have no worker to wait for.
    """
    from weerbaar.web.jobs.queue import execute

    outcome = frontier(record, version, m, 0.0)
    if isinstance(outcome, Job):
        execute(outcome.pk)
        outcome = frontier(record, version, m, 0.0)
    assert not isinstance(outcome, Job)
    return outcome
