"""The live cascade forecast of an incident: what goes down, when, and when MTPDs are breached.

An incident names the map's nodes that went down, when, and when each came
back or is expected back: a point (``8h``) or a distribution (``tri(4h, 8h,
2d)``, ``lognormal(12h, 0.6)``), the length of the outage counted from when
the node went down, as a scenario's ``duration`` is. The forecast turns them
into a scenario that starts at the first failure and runs the engine:

- **exact**: the most likely restore times, :func:`weerbaar.engine.simulate`;
- **Monte Carlo**: every uncertain restore time, and every uncertain restart
  and tolerance of the map the cascade reaches, drawn per sample
  (:mod:`weerbaar.scale.distributions`) and simulated with the exact
  semantics: compiled, sample by sample (:func:`weerbaar.scale.samples.run_samples`,
  as ``weerbaar montecarlo`` runs them) when numba is there
  (:data:`weerbaar.engine.jit.ENABLED`), else all samples of a chunk at once
  in numpy (:func:`weerbaar.scale.cascade.run_chunk`). Both give the same
  forecast (``tests/test_incident_forecast_paths.py``).

Two choices make it a forecast from *now*:

- a node of the incident is back at its restore time: that time includes
  its own restart, so the node's ``restart`` is not added again;
- a node still down now is down at least until now: a drawn (or expected)
  restore before now counts as a restore now.

Examples
--------
>>> from datetime import datetime, timedelta, timezone
>>> from weerbaar.model import parse_map
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: net}
...   - {id: loket, kind: process, vital: true, mtpd: 1d, restart: 2h, requires: [net]}
... ''')
>>> down = datetime(2026, 12, 5, 8, tzinfo=timezone.utc)
>>> f = forecast(m, [Outage("net", down, expected=30.0)], down + timedelta(hours=4))
>>> p = f.process("loket")
>>> p.down.hour, p.up.isoformat(), p.breach.isoformat()
(8, '2026-12-06T16:00:00+00:00', '2026-12-06T08:00:00+00:00')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from weerbaar.engine import jit
from weerbaar.engine.graph import Graph
from weerbaar.engine.simulate import TICKS_PER_HOUR, SimulationResult, simulate
from weerbaar.model.durations import Distribution, point_of, spread_of
from weerbaar.model.limits import MAX_SAMPLES
from weerbaar.model.riskmap import Failure, Node, RiskMap, Scenario
from weerbaar.scale.cascade import run_chunk
from weerbaar.scale.distributions import QuantityKind, Sampler
from weerbaar.scale.montecarlo import CHUNK, chunks
from weerbaar.scale.plan import Plan, compile_plan

IntArray = npt.NDArray[np.int64]

#: The id of the scenario the forecast adds to the map.
SCENARIO = "incident"


class ForecastError(ValueError):
    """An incident the forecast cannot run: what is wrong, naming the node."""


@dataclass(frozen=True)
class Outage:
    """One node of the incident: down since ``down``, back at ``restored`` or expected back.

    ``expected`` is the length of the outage in hours from ``down`` (a
    :class:`Distribution` when uncertain); None with no ``restored``: it
    does not come back within the forecast.
    """

    node: str
    down: datetime
    restored: datetime | None = None
    expected: float | Distribution | None = None


@dataclass(frozen=True)
class ProcessForecast:
    """One vital process: the exact forecast and, with samples, its probabilities.

    ``down`` and ``up`` are the current or next outage (``up`` None: not back
    within the forecast); ``breach`` when its MTPD is (or was) exceeded.
    ``p_down`` is the share of samples in which it is down now or later,
    ``p_breach`` the share in which its MTPD is breached; ``breach_range``
    the 10th, 50th and 90th percentile of the moment of breach among those.
    """

    node: str
    name: str
    mtpd: float | None
    down: datetime | None
    up: datetime | None
    breach: datetime | None
    p_down: float | None = None
    p_breach: float | None = None
    breach_range: tuple[datetime, datetime, datetime] | None = None


@dataclass(frozen=True)
class Forecast:
    """The forecast at ``now``: the scenario started at ``start`` and runs until ``end``."""

    now: datetime
    start: datetime
    end: datetime
    processes: tuple[ProcessForecast, ...]
    down: dict[str, list[tuple[datetime, datetime | None]]]
    deadlock: tuple[str, ...]
    samples: int

    def process(self, node: str) -> ProcessForecast:
        return next(p for p in self.processes if p.node == node)

    def breaches(self) -> set[str]:
        """The processes whose MTPD the exact forecast breaches now or later."""
        return {p.node for p in self.processes if p.breach is not None and p.breach >= self.now}


@dataclass(frozen=True)
class Prepared:
    """The incident as a scenario on a copy of the map; hours count from ``start``."""

    map: RiskMap
    scenario: Scenario
    start: datetime
    now: float
    horizon: float
    #: failure index -> hours it has lasted so far, for the nodes still down now
    elapsed: dict[int, float]
    #: the failures with the most likely restore times, none before now
    exact: tuple[Failure, ...]

    def moment(self, hours: float) -> datetime:
        return self.start + timedelta(hours=hours)


def _hours(delta: timedelta) -> float:
    # Counted in whole milliseconds, as the engine counts time.
    return round(delta.total_seconds() * 1000) / 3_600_000


def prepare(m: RiskMap, outages: Sequence[Outage], now: datetime) -> Prepared:
    """The incident's scenario on ``m``; checks the outages against the map and ``now``.

    Raises
    ------
    ForecastError
        For no outages, an unknown node, a node named twice, a failure after
        ``now`` or a restore before its failure.
    """
    if not outages:
        raise ForecastError("no affected nodes: name at least one node that went down")
    known = {n.id for n in m.nodes}
    seen: set[str] = set()
    for o in outages:
        if o.node not in known:
            raise ForecastError(f"{o.node}: no such node in the map")
        if o.node in seen:
            raise ForecastError(f"{o.node}: named twice")
        seen.add(o.node)
        if o.down > now:
            raise ForecastError(f"{o.node}: went down after now ({o.down.isoformat()})")
        if o.restored is not None and o.restored < o.down:
            raise ForecastError(f"{o.node}: restored before it went down")
    start = min(o.down for o in outages)
    at_now = _hours(now - start)
    failures: list[Failure] = []
    elapsed: dict[int, float] = {}
    for i, o in enumerate(outages):
        at = _hours(o.down - start)
        lasted = _hours(now - o.down)
        if o.restored is not None:
            failures.append(Failure(o.node, at, _hours(o.restored - o.down)))
        elif o.expected is None:
            failures.append(Failure(o.node, at, None))
        else:
            elapsed[i] = lasted
            # The spread stays with its own most likely value (Monte Carlo
            # draws it, then moves draws before now to now); the exact run
            # takes that value, or now when it lies before now.
            failures.append(Failure(o.node, at, point_of(o.expected), spread_of(o.expected)))
    exact_failures = tuple(
        replace(f, duration=max(f.duration, elapsed[i]), duration_spread=None)
        if i in elapsed and f.duration is not None
        else f
        for i, f in enumerate(failures)
    )
    affected = {o.node for o in outages}

    def node(n: Node) -> Node:
        # The restore time of an affected node includes its restart.
        return replace(n, restart=0.0, restart_spread=None) if n.id in affected else n

    scenario = Scenario(SCENARIO, "Incident", tuple(failures))
    others = tuple(s for s in m.scenarios if s.id != SCENARIO)
    changed = replace(m, nodes=tuple(node(n) for n in m.nodes), scenarios=(*others, scenario))
    horizon = at_now + m.horizon
    # A failure's point may lie past the map's horizon: let the forecast see it end.
    ends = [f.at + f.duration + 1 for f in exact_failures if f.duration is not None]
    horizon = max([horizon, *ends])
    return Prepared(changed, scenario, start, at_now, horizon, elapsed, exact_failures)


def watched(m: RiskMap) -> list[Node]:
    """The processes the forecast follows: vital, or with an MTPD."""
    return [n for n in m.nodes if n.vital or n.mtpd is not None]


def _exact(p: Prepared, res: SimulationResult, node: Node) -> ProcessForecast | None:
    ivs = res.down.get(node.id, [])
    if not ivs:
        return None
    # An outage that ends exactly now is shown: it is back now.
    current = next((iv for iv in ivs if iv[1] is None or iv[1] >= p.now), None)
    breach = None
    if node.mtpd is not None:
        for a, b in ivs:
            if (p.horizon if b is None else b) - a > node.mtpd:
                breach = p.moment(a + node.mtpd)
                break
    return ProcessForecast(
        node.id,
        node.label,
        node.mtpd,
        None if current is None else p.moment(current[0]),
        None if current is None or current[1] is None else p.moment(current[1]),
        breach,
    )


def exact(
    p: Prepared, graph: Graph | None = None
) -> tuple[SimulationResult, dict[str, ProcessForecast]]:
    """The exact run of the prepared incident and what it means for each watched process.

    ``graph`` is ``build_graph(p.map)`` when the caller already has it: runs
    that change only the failures share it.
    """
    res = simulate(p.map if graph is None else graph, p.exact, p.horizon)
    out = {}
    for node in watched(p.map):
        one = _exact(p, res, node)
        if one is not None:
            out[node.id] = one
    return res, out


class FlooredSampler(Sampler):
    """The draws of a forecast: a restore drawn before now is a restore now.

    ``floor[q]`` is the least value of quantity ``q`` in ticks (the time a
    node still down now has already been down). The compiled loop draws in
    its kernel; it takes the quantities its :attr:`lognormal` marks as drawn
    beforehand (:func:`weerbaar.scale.samples.run_samples`), so the floored
    ones are marked there too and drawn here, with their own distribution.
    """

    def __init__(self, base: Sampler, floor: IntArray) -> None:
        self.key, self.count, self.params = base.key, base.count, base.params
        self.base = base
        self.floor = floor
        self.lognormal = base.lognormal | (floor > 0)

    def ticks(self, quantity: IntArray, sample: IntArray) -> IntArray:
        return np.maximum(self.base.ticks(quantity, sample), self.floor[quantity])

    def matrix(self, first: int, samples: int) -> IntArray:
        values = self.base.matrix(first, samples)
        np.maximum(values, self.floor[:, None], out=values)
        return values


#: Down intervals of one watched node in the samples of one chunk, ordered by
#: sample then start: (sample within the chunk, start, end) in ticks, with
#: ``open`` where the interval runs past the horizon (``end`` is the horizon).
Spans = tuple[IntArray, IntArray, IntArray, npt.NDArray[np.bool_]]


def _spans_numpy(
    plan: Plan, sampler: FlooredSampler, first: int, size: int, rows: list[int]
) -> list[Spans]:
    cascade = run_chunk(plan, sampler.matrix(first, size))
    w, h = plan.width, plan.horizon_ticks
    out = []
    for v in rows:
        a, b = cascade.spans(v)
        order = np.argsort(a, kind="stable")
        a, b = a[order], b[order]
        still = b % w > h
        out.append((a // w, a % w, np.where(still, h, b % w), still))
    return out


def _spans_compiled(
    plan: Plan, sampler: FlooredSampler, first: int, size: int, rows: list[int]
) -> list[Spans]:
    from weerbaar.scale.samples import NONE, run_samples

    run = run_samples(plan, sampler, first, size, np.array(rows, dtype=np.int64), record=True)
    h = plan.horizon_ticks
    rec = run.intervals
    # The record holds every node's intervals; keep the watched ones, started
    # before the horizon (as ChunkCascade.spans), before sorting.
    wanted = np.zeros(plan.n, dtype=bool)
    wanted[rows] = True
    rec = rec[wanted[rec[:, 1]] & (rec[:, 2] < h)]
    # Sorted once by node, sample and start: each node's rows are one slice.
    rec = rec[np.lexsort((rec[:, 2], rec[:, 0], rec[:, 1]))]
    bounds = np.searchsorted(rec[:, 1], [(v, v + 1) for v in rows])
    out = []
    for lo, hi in bounds.tolist():
        sample, start, end = rec[lo:hi, 0], rec[lo:hi, 2], rec[lo:hi, 3]
        still = (end == NONE) | (end > h)
        out.append((sample, start, np.where(still, h, end), still))
    return out


def _first_per_sample(sample: IntArray, mask: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
    """For each sample with a True, its sample number and the index of its first True."""
    where = np.flatnonzero(mask)
    uniq, first = np.unique(sample[where], return_index=True)
    return uniq, where[first]


def sampled(
    p: Prepared, samples: int, seed: int, compiled: bool | None = None
) -> dict[str, tuple[float, float, tuple[float, float, float] | None]]:
    """Per watched process: P(down now or later), P(MTPD breached), percentiles of the breach.

    Times are hours from the start of the scenario. ``compiled`` chooses the
    path (default: compiled when numba is there); both give the same result.
    """
    plan = compile_plan(p.map, p.scenario, p.horizon)
    floor = np.zeros(len(plan.quantities), dtype=np.int64)
    for q, quantity in enumerate(plan.quantities):
        if quantity.kind is QuantityKind.DURATION and quantity.index in p.elapsed:
            floor[q] = round(p.elapsed[quantity.index] * TICKS_PER_HOUR)
    # Still down now: a restore drawn before now is a restore now.
    sampler = FlooredSampler(Sampler(plan.spreads, seed), floor)
    local = {node_id: i for i, node_id in enumerate(plan.ids)}
    nodes = [n for n in watched(p.map) if n.id in local]
    rows = [local[n.id] for n in nodes]
    spans_of = _spans_compiled if (jit.ENABLED if compiled is None else compiled) else _spans_numpy
    now = round(p.now * TICKS_PER_HOUR)
    down_count = {n.id: 0 for n in nodes}
    breach_at: dict[str, list[IntArray]] = {n.id: [] for n in nodes}
    for chunk in chunks(samples, CHUNK):
        spans = spans_of(plan, sampler, chunk.first, chunk.size, rows) if rows else []
        for n, (sample, start, end, still) in zip(nodes, spans, strict=True):
            uniq, _ = _first_per_sample(sample, still | (end >= now))
            down_count[n.id] += len(uniq)
            if n.mtpd is not None:
                mtpd = round(n.mtpd * TICKS_PER_HOUR)
                _, first = _first_per_sample(sample, end - start > mtpd)
                breach_at[n.id].append(start[first] + mtpd)
    out: dict[str, tuple[float, float, tuple[float, float, float] | None]] = {}
    for n in nodes:
        at = np.concatenate(breach_at[n.id]) if breach_at[n.id] else np.zeros(0, np.int64)
        spread = None
        if len(at):
            q10, q50, q90 = np.percentile(at / TICKS_PER_HOUR, [10, 50, 90]).tolist()
            spread = (q10, q50, q90)
        out[n.id] = (down_count[n.id] / samples, len(at) / samples, spread)
    return out


def forecast(
    m: RiskMap, outages: Sequence[Outage], now: datetime, samples: int = 0, seed: int = 0
) -> Forecast:
    """The forecast of an incident at ``now``; with ``samples``, Monte Carlo as well.

    Parameters
    ----------
    m : RiskMap
        The map the incident's nodes belong to.
    outages : sequence of Outage
        The incident's affected nodes.
    now : datetime
        The moment of the forecast (aware, as the outages).
    samples : int
        Monte Carlo samples; 0 for the exact forecast only.
    seed : int
        The same seed gives the same samples.

    Raises
    ------
    ForecastError
        See :func:`prepare`; also for a number of samples out of bounds.
    """
    if not 0 <= samples <= MAX_SAMPLES:
        raise ForecastError(f"samples must be between 0 and {MAX_SAMPLES}, got {samples}")
    p = prepare(m, outages, now)
    res, found = exact(p)
    probs = sampled(p, samples, seed) if samples else {}
    processes = []
    for node in watched(p.map):
        one = found.get(node.id)
        prob = probs.get(node.id)
        if one is None and (prob is None or (prob[0] == 0 and prob[1] == 0)):
            continue
        if one is None:
            one = ProcessForecast(node.id, node.label, node.mtpd, None, None, None)
        if prob is not None:
            spread = prob[2]
            one = replace(
                one,
                p_down=prob[0],
                p_breach=prob[1] if node.mtpd is not None else None,
                breach_range=None
                if spread is None
                else (p.moment(spread[0]), p.moment(spread[1]), p.moment(spread[2])),
            )
        processes.append(one)
    far = p.moment(p.horizon)
    processes.sort(key=lambda x: (x.down or far, x.breach or far, x.node))
    down = {
        node: [(p.moment(a), None if b is None else p.moment(b)) for a, b in ivs]
        for node, ivs in sorted(res.down.items())
    }
    return Forecast(now, p.start, far, tuple(processes), down, tuple(res.deadlock), samples)
