"""Monte Carlo over the uncertain durations of a map: outages and scores as distributions.

:func:`monte_carlo` draws every uncertain duration the scenario can touch
(:mod:`weerbaar.scale.distributions`), runs the exact cascade semantics for
all samples at once (:mod:`weerbaar.scale.cascade`) and summarises, per
process, the distribution of its outage, the probability that its MTPD is
breached, and the distribution of the scenario's impact score
(:mod:`weerbaar.scale.impact`).

Samples are worked through in chunks of :data:`CHUNK` samples. Every draw
depends on the seed, the quantity and the sample's number only
(:class:`~weerbaar.scale.distributions.Sampler`), so the chunks give the same
samples however they are run, one after the other here or spread over a Dask
cluster (:mod:`weerbaar.scale.distributed`): the result depends on the seed
only.

Examples
--------
>>> from weerbaar.model import parse_map
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: net}
...   - id: loket
...     vital: true
...     mtpd: 2d
...     requires: [{node: net, tolerance: "tri(4h, 8h, 1d)"}]
... scenarios: [{id: s, failures: [{node: net, duration: "tri(1d, 2d, 5d)"}]}]
... ''')
>>> result = monte_carlo(m, "s", samples=2000, seed=1)
>>> [p.node for p in result.processes]
['loket']
>>> loket = result.process("loket")
>>> round(loket.p_mtpd_breached, 2), round(loket.longest.p50, 1)
(0.52, 49.2)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine import jit
from weerbaar.engine.graph import Graph, distinct
from weerbaar.model.limits import MAX_SAMPLES
from weerbaar.model.riskmap import RiskMap, Scenario
from weerbaar.scale.cascade import run_chunk
from weerbaar.scale.distributed import LocalPool, Pool, ProcessPool, ThreadPool
from weerbaar.scale.distributions import Sampler
from weerbaar.scale.impact import ImpactTable
from weerbaar.scale.outcome import MonteCarloResult, ProcessOutcome
from weerbaar.scale.plan import Plan, compile_plan
from weerbaar.scale.spread import BINS, Spread, histogram_counts, row_spreads
from weerbaar.scoring.assess import check_criteria
from weerbaar.scoring.profile import Profile, default_profile

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

__all__ = [
    "BINS",
    "CHUNK",
    "Chunk",
    "ChunkOutcome",
    "Job",
    "MonteCarloResult",
    "ProcessOutcome",
    "Spread",
    "chunk_outcome",
    "chunks",
    "monte_carlo",
    "prepare",
    "run_job_chunk",
    "summarise",
]

#: Samples per chunk: the unit of work.
CHUNK = 1000


@dataclass(frozen=True)
class Chunk:
    """Samples ``first .. first + size - 1`` of a run."""

    index: int
    first: int
    size: int


def chunks(samples: int, size: int = CHUNK) -> list[Chunk]:
    """The chunks of a run of ``samples`` samples.

    Examples
    --------
    >>> [(c.first, c.size) for c in chunks(2500)]
    [(0, 1000), (1000, 1000), (2000, 500)]
    """
    count = -(-samples // size)
    return [Chunk(i, i * size, min(size, samples - i * size)) for i in range(count)]


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to run chunks of one Monte Carlo run."""

    plan: Plan
    nodes: tuple[str, ...]  # processes and nodes with an impact, in map order
    reach: IntArray  # those the scenario can reach (indices into nodes)
    rows: IntArray  # their local index in the plan
    table: ImpactTable  # for nodes[reach]: what stays up adds nothing
    sampler: Sampler
    mtpd: FloatArray  # of nodes[reach], hours; infinity for none


@dataclass(frozen=True)
class ChunkOutcome:
    """Per sample of one chunk: outage hours of the job's nodes, score, deadlock.

    Only the nodes ``rows`` (indices into ``Job.nodes``) that are down in
    some sample of the chunk are listed; every other node is up throughout.
    Besides the outages themselves, what adds up over chunks is counted here,
    in the workers, for the listed nodes: the histograms of ``downtime`` and
    ``longest`` over [0, horizon], the samples in which the node is down at
    all (``down``) and those whose longest outage breaches its MTPD.
    """

    rows: IntArray
    downtime: FloatArray  # (rows, samples)
    longest: FloatArray
    score: FloatArray
    deadlocked: npt.NDArray[np.bool_]
    downtime_counts: IntArray  # (rows, BINS)
    longest_counts: IntArray
    down: IntArray  # (rows,)
    breached: IntArray


def prepare(
    m: RiskMap,
    scenario: Scenario | str,
    seed: int,
    profile: Profile | None = None,
    horizon: float | None = None,
    graph: Graph | None = None,
) -> Job:
    """The :class:`Job` of a run: the compiled plan and the scoring table.

    Raises
    ------
    MapError
        When the map uses criteria or likelihood classes the profile lacks.
    KeyError
        For an unknown scenario id.
    """
    from weerbaar.model.errors import MapError

    profile = default_profile() if profile is None else profile
    problems = check_criteria(m, profile)
    if problems:
        raise MapError(problems)
    plan = compile_plan(m, scenario, horizon, graph)
    nodes = tuple(n.id for n in m.nodes if n.vital or n.mtpd is not None or n.impact is not None)
    local = {node_id: i for i, node_id in enumerate(plan.ids)}
    rows = np.array([local.get(v, -1) for v in nodes], dtype=np.int64)
    reach = np.flatnonzero(rows >= 0)
    table = ImpactTable.of(m, profile, tuple(nodes[i] for i in reach.tolist()))
    mtpd = {n.id: n.mtpd for n in m.nodes if n.mtpd is not None}
    limits = np.array([mtpd.get(nodes[i], np.inf) for i in reach.tolist()], dtype=np.float64)
    return Job(plan, nodes, reach, rows[reach], table, Sampler(plan.spreads, seed), limits)


def run_job_chunk(job: Job, chunk: Chunk) -> ChunkOutcome:
    """Draw and simulate one chunk (what a worker runs).

    Compiled, sample by sample (:mod:`weerbaar.scale.samples`); without
    numba, all samples of the chunk at once in numpy
    (:mod:`weerbaar.scale.cascade`). Both give the exact engine's outcome.
    """
    if jit.ENABLED:
        from weerbaar.scale.samples import run_samples

        run = run_samples(job.plan, job.sampler, chunk.first, chunk.size, job.rows)
        downtime, longest, deadlocked = run.downtime, run.longest, run.deadlocked
    else:
        cascade = run_chunk(job.plan, job.sampler, chunk.first, chunk.size)
        downtime, longest = cascade.outages(job.rows)
        deadlocked = cascade.deadlocked()
    return chunk_outcome(job, downtime, longest, deadlocked)


def chunk_outcome(
    job: Job, downtime: FloatArray, longest: FloatArray, deadlocked: npt.NDArray[np.bool_]
) -> ChunkOutcome:
    """Score a simulated chunk and count what adds up over chunks (in the worker)."""
    score = job.table.score(longest, downtime)
    hit = np.flatnonzero(longest.any(axis=1))
    if len(hit) < len(longest):  # on a large map, usually every node is down somewhere
        downtime, longest = downtime[hit], longest[hit]
    horizon = job.plan.horizon
    return ChunkOutcome(
        rows=job.reach[hit],
        downtime=downtime,
        longest=longest,
        score=score,
        deadlocked=deadlocked,
        downtime_counts=histogram_counts(downtime, horizon),
        longest_counts=histogram_counts(longest, horizon),
        down=np.count_nonzero(longest > 0, axis=1),
        breached=np.count_nonzero(longest > job.mtpd[hit, None], axis=1),
    )


def monte_carlo(
    m: RiskMap,
    scenario: Scenario | str,
    samples: int,
    seed: int,
    profile: Profile | None = None,
    *,
    horizon: float | None = None,
    pool: Pool | None = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
) -> MonteCarloResult:
    """Run ``samples`` samples of ``scenario`` with draws fixed by ``seed``.

    Parameters
    ----------
    m : RiskMap
        The map; its ``tri(...)`` and ``lognormal(...)`` durations are drawn.
    scenario : Scenario or scenario id
    samples : int
        How many samples (at least 1).
    seed : int
        Fixes every draw: the same seed gives the same result, however run.
    profile : Profile, optional
        The methodology profile for the scores (default: the shipped one).
    horizon : float, optional
        Hours to simulate (default: the scenario's, else the map's).
    pool : Pool, optional
        Where to run the chunks (default: here, one after the other; see
        :mod:`weerbaar.scale.distributed` for a Dask cluster).
    progress : callable, optional
        Called with the number of samples finished after each chunk.
    chunk : int
        Samples per piece of work; the result does not depend on it.
    """
    if not 1 <= samples <= MAX_SAMPLES:
        raise ValueError(f"samples must be between 1 and {MAX_SAMPLES:,}, got {samples:,}")
    profile = default_profile() if profile is None else profile
    sc = m.scenario(scenario) if isinstance(scenario, str) else scenario
    job = prepare(m, sc, seed, profile, horizon)
    todo = chunks(samples, chunk)
    done = None if progress is None else (lambda chunk: progress(chunk.size))
    pool = pool or LocalPool()
    if jit.ENABLED and isinstance(pool, ProcessPool):
        # The compiled samples release the GIL: threads of this process do
        # the same work without starting and feeding worker processes.
        pool = ThreadPool(pool.processes)
    outcomes = pool.map(run_job_chunk, job, todo, done)
    return summarise(m, job, sc, seed, outcomes, profile, _threads(pool))


def _threads(pool: Pool) -> int:
    """The threads this process may summarise on: those the pool ran the chunks on."""
    if isinstance(pool, ThreadPool):
        return pool.threads
    if isinstance(pool, ProcessPool):
        return pool.processes
    return 1


def summarise(
    m: RiskMap,
    job: Job,
    scenario: Scenario,
    seed: int,
    outcomes: list[ChunkOutcome],
    profile: Profile,
    threads: int = 1,
) -> MonteCarloResult:
    """Combine the chunks' outcomes (in chunk order) into the result.

    The counts come summed from the chunks; only the means and percentiles
    need every sample of a node at once. ``threads`` summarise blocks of
    nodes side by side.
    """
    scores = np.concatenate([o.score for o in outcomes])
    samples = len(scores)
    deadlocked = int(np.concatenate([o.deadlocked for o in outcomes]).sum())
    horizon = job.plan.horizon
    # Every node down in some sample, as full rows over all samples.
    rows = distinct(np.concatenate([o.rows for o in outcomes]))
    counts = np.zeros((2, len(rows), BINS), dtype=np.int64)
    down = np.zeros(len(rows), dtype=np.int64)
    breached = np.zeros(len(rows), dtype=np.int64)
    # Samples of chunks that do not list a node: up, 0 hours, the first bin.
    absent = np.full(len(rows), samples, dtype=np.int64)
    ats = [np.searchsorted(rows, o.rows) for o in outcomes]
    for at, o in zip(ats, outcomes, strict=True):
        counts[0, at] += o.downtime_counts
        counts[1, at] += o.longest_counts
        down[at] += o.down
        breached[at] += o.breached
        absent[at] -= len(o.score)
    counts[:, :, 0] += absent
    # Means and percentiles need every sample of a node at once.
    downtime = row_spreads(
        [(at, o.downtime) for at, o in zip(ats, outcomes, strict=True)], len(rows), threads
    )
    longest = row_spreads(
        [(at, o.longest) for at, o in zip(ats, outcomes, strict=True)], len(rows), threads
    )
    spread_down = Spread.assemble(*downtime, counts[0], horizon)
    spread_long = Spread.assemble(*longest, counts[1], horizon)
    never = Spread.of(np.zeros(samples), horizon)
    row_of = {r: i for i, r in enumerate(rows.tolist())}
    nodes = {n.id: n for n in m.nodes}
    processes = []
    for j, node_id in enumerate(job.nodes):
        node = nodes[node_id]
        i = row_of.get(j)
        if i is None:  # up in every sample, so never past its MTPD
            breached_share = None if node.mtpd is None else 0.0
            processes.append(
                ProcessOutcome(node_id, node.vital, node.mtpd, never, never, 0.0, breached_share)
            )
            continue
        processes.append(
            ProcessOutcome(
                node=node_id,
                vital=node.vital,
                mtpd=node.mtpd,
                downtime=spread_down[i],
                longest=spread_long[i],
                # As np.mean of the booleans: the count over the samples.
                p_down=int(down[i]) / samples,
                p_mtpd_breached=None if node.mtpd is None else int(breached[i]) / samples,
            )
        )
    likelihood = scenario.likelihood
    yearly = None if likelihood is None else profile.likelihood(likelihood).yearly
    return MonteCarloResult(
        scenario=scenario.id,
        samples=len(scores),
        seed=seed,
        horizon=horizon,
        likelihood=likelihood,
        yearly=yearly,
        uncertain=len(job.plan.quantities),
        reached=job.plan.n,
        processes=tuple(processes),
        score=Spread.of(scores),
        deadlocked=deadlocked,
        scores=scores,
    )
