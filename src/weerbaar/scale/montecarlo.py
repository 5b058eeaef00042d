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
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from weerbaar.engine import jit
from weerbaar.engine.graph import Graph, distinct
from weerbaar.model.riskmap import Node, RiskMap, Scenario
from weerbaar.scale.cascade import run_chunk
from weerbaar.scale.distributed import LocalPool, Pool, ProcessPool, ThreadPool
from weerbaar.scale.distributions import Sampler
from weerbaar.scale.impact import ImpactTable
from weerbaar.scale.plan import Plan, compile_plan
from weerbaar.scoring.assess import check_criteria
from weerbaar.scoring.profile import Profile, default_profile

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Samples per chunk: the unit of work.
CHUNK = 1000
#: Bins of the outage histograms, over [0, horizon].
BINS = 12


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


@dataclass(frozen=True)
class ChunkOutcome:
    """Per sample of one chunk: outage hours of the job's nodes, score, deadlock.

    Only the nodes ``rows`` (indices into ``Job.nodes``) that are down in
    some sample of the chunk are listed; every other node is up throughout.
    """

    rows: IntArray
    downtime: FloatArray  # (rows, samples)
    longest: FloatArray
    score: FloatArray
    deadlocked: npt.NDArray[np.bool_]


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
    return Job(plan, nodes, reach, rows[reach], table, Sampler(plan.spreads, seed))


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
    score = job.table.score(longest, downtime)
    hit = np.flatnonzero(longest.any(axis=1))
    return ChunkOutcome(job.reach[hit], downtime[hit], longest[hit], score, deadlocked)


@dataclass(frozen=True)
class Spread:
    """The distribution of one quantity over the samples."""

    mean: float
    p5: float
    p50: float
    p95: float
    histogram: tuple[int, ...] = ()
    edges: tuple[float, ...] = ()

    @classmethod
    def of(cls, values: FloatArray, upper: float | None = None) -> Spread:
        """The spread of ``values``; with ``upper``, also a histogram over [0, upper]."""
        return cls.of_rows(values[None, :], upper)[0]

    @classmethod
    def of_rows(cls, values: FloatArray, upper: float | None = None) -> list[Spread]:
        """The spread of every row of ``values`` at once.

        The histogram has :data:`BINS` bins of equal width over [0, upper],
        the last one closed.

        Examples
        --------
        >>> s = Spread.of(np.array([0.0, 1.0, 2.0, 3.0, 4.0]), upper=4.0)
        >>> s.p50, s.histogram[:3], s.histogram[-1]
        (2.0, (1, 0, 0), 1)
        """
        mean = values.mean(axis=1)
        p5, p50, p95 = np.percentile(values, [5, 50, 95], axis=1)
        if upper is None:
            return [
                cls(float(a), float(b), float(c), float(d))
                for a, b, c, d in zip(mean, p5, p50, p95, strict=True)
            ]
        edges = tuple(float(x) for x in np.linspace(0.0, upper, BINS + 1))
        bins = (
            np.minimum((values * (BINS / upper)).astype(np.int64), BINS - 1)
            if upper > 0
            else np.zeros(values.shape, dtype=np.int64)
        )
        rows = np.arange(len(values), dtype=np.int64)[:, None] * BINS
        counts = np.bincount((rows + bins).ravel(), minlength=len(values) * BINS)
        counts = counts.reshape(len(values), BINS)
        return [
            cls(
                float(mean[i]),
                float(p5[i]),
                float(p50[i]),
                float(p95[i]),
                tuple(int(x) for x in counts[i]),
                edges,
            )
            for i in range(len(values))
        ]

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "mean": self.mean,
            "p5": self.p5,
            "p50": self.p50,
            "p95": self.p95,
        }
        if self.histogram:
            out["histogram"] = {"edges": list(self.edges), "counts": list(self.histogram)}
        return out


@dataclass(frozen=True)
class ProcessOutcome:
    """One process over all samples: its outage (hours) and MTPD breaches.

    ``downtime`` is the total time down before the horizon, ``longest`` the
    longest continuous outage; ``p_down`` the share of samples with any
    outage; ``p_mtpd_breached`` the share whose longest outage is longer
    than the MTPD (None without an MTPD).
    """

    node: str
    vital: bool
    mtpd: float | None
    downtime: Spread
    longest: Spread
    p_down: float
    p_mtpd_breached: float | None

    def to_json(self) -> dict[str, object]:
        return {
            "node": self.node,
            "vital": self.vital,
            "mtpd": self.mtpd,
            "p_down": self.p_down,
            "p_mtpd_breached": self.p_mtpd_breached,
            "downtime": self.downtime.to_json(),
            "longest": self.longest.to_json(),
        }


@dataclass(frozen=True)
class MonteCarloResult:
    """Outcome of :func:`monte_carlo`: per process, and the score, over all samples.

    ``uncertain`` counts the uncertain durations drawn (those the scenario
    can reach); ``deadlocked`` the samples ending in a recovery deadlock.
    ``scores`` holds every sample's impact score, in sample order.
    """

    scenario: str
    samples: int
    seed: int
    horizon: float
    likelihood: str | None
    yearly: float | None
    uncertain: int
    reached: int
    processes: tuple[ProcessOutcome, ...]
    score: Spread
    deadlocked: int
    scores: FloatArray = field(repr=False, compare=False)

    def process(self, node: str) -> ProcessOutcome:
        for p in self.processes:
            if p.node == node:
                return p
        raise KeyError(node)

    def to_json(self) -> dict[str, object]:
        """The machine-readable result of ``weerbaar montecarlo --json``."""
        return {
            "scenario": self.scenario,
            "samples": self.samples,
            "seed": self.seed,
            "horizon": self.horizon,
            "uncertain": self.uncertain,
            "reached": self.reached,
            "deadlocked": self.deadlocked,
            "likelihood": self.likelihood,
            "score": self.score.to_json(),
            "expected": None
            if self.yearly is None
            else {"mean": self.score.mean * self.yearly, "yearly_likelihood": self.yearly},
            "processes": [p.to_json() for p in self.processes],
        }


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
    if samples < 1:
        raise ValueError("samples must be at least 1")
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
    return summarise(m, job, sc, seed, outcomes, profile)


def summarise(
    m: RiskMap,
    job: Job,
    scenario: Scenario,
    seed: int,
    outcomes: list[ChunkOutcome],
    profile: Profile,
) -> MonteCarloResult:
    """Combine the chunks' outcomes (in chunk order) into the result."""
    scores = np.concatenate([o.score for o in outcomes])
    deadlocked = int(np.concatenate([o.deadlocked for o in outcomes]).sum())
    horizon = job.plan.horizon
    # Every node down in some sample, as full rows over all samples.
    rows = distinct(np.concatenate([o.rows for o in outcomes]))
    downtime = np.zeros((len(rows), len(scores)), dtype=np.float64)
    longest = np.zeros((len(rows), len(scores)), dtype=np.float64)
    first = 0
    for o in outcomes:
        at = np.searchsorted(rows, o.rows)
        downtime[at, first : first + len(o.score)] = o.downtime
        longest[at, first : first + len(o.score)] = o.longest
        first += len(o.score)
    spread_down = Spread.of_rows(downtime, horizon)
    spread_long = Spread.of_rows(longest, horizon)
    never = Spread.of(np.zeros(len(scores)), horizon)
    row_of = {int(r): i for i, r in enumerate(rows.tolist())}
    nodes = {n.id: n for n in m.nodes}
    processes = []
    for j, node_id in enumerate(job.nodes):
        node = nodes[node_id]
        i = row_of.get(j)
        if i is None:  # up in every sample
            processes.append(
                ProcessOutcome(
                    node_id, node.vital, node.mtpd, never, never, 0.0, _breached(node, 0.0)
                )
            )
            continue
        processes.append(
            ProcessOutcome(
                node=node_id,
                vital=node.vital,
                mtpd=node.mtpd,
                downtime=spread_down[i],
                longest=spread_long[i],
                p_down=float((longest[i] > 0).mean()),
                p_mtpd_breached=_breached(node, longest[i]),
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


def _breached(node: Node, longest: FloatArray | float) -> float | None:
    """The share of samples whose longest outage is longer than the node's MTPD."""
    return None if node.mtpd is None else float(np.mean(longest > node.mtpd))
