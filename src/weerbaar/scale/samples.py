"""Monte Carlo samples one at a time, compiled: the exact event loop where cycles
need it, interval algebra everywhere else.

:mod:`weerbaar.scale.cascade` works through a chunk of samples with interval
algebra in numpy: dozens of array operations per dependency level, each
paying for sorts and temporaries over all samples. This module works through
the scenario's :class:`~weerbaar.scale.plan.Plan` one sample after the
other, as compiled loops (:mod:`weerbaar.engine.jit`), in two parts:

- the nodes on a cycle or feeding one (``Plan.feeds_cycle``) run through
  the event loop of :mod:`weerbaar.engine.eventloop` itself, rule for rule:
  inside a cycle the order of events within an instant decides (rule 6).
  These nodes need nothing outside themselves, so they come out as they
  would with the whole plan;
- every other node follows from the down intervals of what it needs, in
  dependency order, by rules 1-4 as interval algebra, as the numpy cascade
  does for them. On the generated regional maps three nodes in four and
  most requirements are of this kind, and a node costs a few interval
  operations instead of the event loop's queue, instants and book-keeping
  for each of its transitions: a sample of the 280-municipality map takes a
  third of the time it took with every node in the event loop.

Both are compiled in :mod:`weerbaar.scale.sampleloop`; this module prepares
their arrays and hands out the outcome.

Two more things keep it fast:

- every uncertain quantity of a sample is drawn at its start, in one tight
  loop (:func:`~weerbaar.scale.sampleloop.draw_all`), with the same
  counter-based generator as :class:`~weerbaar.scale.distributions.Sampler`
  (so the same value to the last bit). A cascade needs almost all of them,
  and drawn one after the other they cost a few nanoseconds each, where a
  value drawn the moment it was needed kept the loop waiting for it.
  Log-normal draws need the normal quantile function, which only scipy has;
  they are drawn in numpy beforehand, a row per such quantity;
- the outputs are what Monte Carlo keeps: per node of interest and sample
  the hours down in total and at most at a stretch, summed in time order as
  :meth:`~weerbaar.engine.simulate.SimulationResult.downtime` sums them, and
  whether the sample ends in a recovery deadlock. The down intervals and
  deadlocked nodes of each sample are kept only when asked for, to compare
  with the exact engine.

In the event loop, the order of the engine's three steps within an instant
is kept (windows that start; drop what has no reason, rule 6; add what has a
lost requirement, rule 5). The engine takes each step's fixpoint a frontier
at a time, this loop one node at a time; the fixpoints are the same, as both
steps are monotone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.simulate import TICKS_PER_HOUR, Interval, SimulationResult
from weerbaar.scale.distributions import Sampler
from weerbaar.scale.intervals import ragged_arange
from weerbaar.scale.plan import Plan
from weerbaar.scale.sampleloop import NEVER, NONE, sample_loop

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SampleRun:
    """Samples ``first ..`` of a plan's scenario, by :func:`run_samples`.

    ``downtime[j, i]`` and ``longest[j, i]`` are the hours local node
    ``rows[j]`` is down in sample ``first + i``, in total and at most at a
    stretch; ``deadlocked[i]`` whether that sample ends in a recovery
    deadlock. With ``record``, ``intervals`` holds rows (sample, node,
    start, end) in ticks (end :data:`NONE`: open at the horizon) and
    ``stuck`` rows (sample, node) of the deadlocked nodes.
    """

    plan: Plan
    downtime: FloatArray
    longest: FloatArray
    deadlocked: BoolArray
    intervals: IntArray
    stuck: IntArray

    def result(self, i: int) -> SimulationResult:
        """Sample ``i`` of the run in the engine's own terms (needs ``record``)."""
        p = self.plan
        mine = self.intervals[self.intervals[:, 0] == i]
        down: dict[str, list[Interval]] = {}
        for _, v, a, b in mine.tolist():
            end = None if b == NONE else b / TICKS_PER_HOUR
            down.setdefault(p.ids[v], []).append((a / TICKS_PER_HOUR, end))
        stuck = sorted(self.stuck[self.stuck[:, 0] == i, 1].tolist())
        return SimulationResult(p.scenario, p.horizon, down, [p.ids[v] for v in stuck])


def run_samples(
    plan: Plan,
    sampler: Sampler,
    first: int,
    samples: int,
    rows: IntArray,
    *,
    record: bool = False,
    events: int | None = None,
) -> SampleRun:
    """Simulate samples ``first .. first + samples - 1`` of ``plan``'s scenario, one by one.

    ``rows`` are the local nodes whose outages to keep. Needs numba
    (:data:`weerbaar.engine.jit.ENABLED`). ``events`` is the room the event
    queue and the store of intervals start with (default: one event per node
    and requirement, two intervals per node, more than generated maps need);
    a sample that needs more runs again with twice the room.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> from weerbaar.scale.plan import compile_plan
    >>> m = parse_map('''
    ... weerbaar: 1
    ... nodes: [{id: a}, {id: b, requires: [{node: a, tolerance: "tri(1h, 2h, 3h)"}]}]
    ... scenarios: [{id: s, failures: [{node: a, duration: 10h}]}]
    ... ''')
    >>> plan = compile_plan(m, "s")
    >>> run = run_samples(plan, Sampler(plan.spreads, 7), 0, 2, np.array([1]), record=True)
    >>> run.downtime.round(2).tolist(), run.result(0).down["a"]
    ([[7.9, 7.62]], [(0.0, 10.0)])
    """
    o = _Order.of(plan)
    n, nr, nu, nru = plan.n, len(o.owner), o.nu, o.nru
    # What each node is a member of, for the event loop: the requirements of
    # the nodes in the loop only (the others' are the algebra's).
    use_ptr = np.zeros(n + 1, dtype=np.int64)
    looped = o.members[: o.req_ptr[nru]]
    np.cumsum(np.bincount(looped, minlength=n), out=use_ptr[1:])
    slot_req = np.repeat(np.arange(nr, dtype=np.int64), np.diff(o.req_ptr))
    uses = slot_req[: len(looped)][np.argsort(looped, kind="stable")]
    win_f = np.argsort(o.win_node, kind="stable").astype(np.int64)
    win_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(o.win_node, minlength=n), out=win_ptr[1:])
    log_q = np.flatnonzero(sampler.lognormal)
    log_row = np.full(sampler.count, -1, dtype=np.int64)
    log_row[log_q] = np.arange(len(log_q))
    column = np.arange(first, first + samples, dtype=np.int64)
    log_ticks = sampler.ticks(np.repeat(log_q, samples), np.tile(column, len(log_q)))
    row_of = np.full(n, -1, dtype=np.int64)
    row_of[o.position[rows]] = np.arange(len(rows))
    # Sample by sample, each sample's row at once: transposed at the end.
    downtime = np.zeros((samples, len(rows)), dtype=np.float64)
    longest = np.zeros((samples, len(rows)), dtype=np.float64)
    deadlocked = np.zeros(samples, dtype=np.bool_)
    rec = np.empty((64 * samples if record else 0, 4), dtype=np.int64)
    stuck = np.empty((8 * samples if record else 0, 2), dtype=np.int64)
    room = n + nr + 2 * len(plan.win_at) + 64 if events is None else max(1, events)
    pool = np.empty((room, 3), dtype=np.int64)
    store = Room(2 * n + len(plan.win_at) + 64 if events is None else max(1, events))
    done = used = stuck_used = 0
    while True:
        done, used, stuck_used = sample_loop(
            n,
            nu,
            nru,
            plan.horizon_ticks,
            float(plan.horizon),
            o.owner,
            o.slack,
            o.req_ptr,
            o.members,
            o.own_ptr,
            use_ptr,
            uses,
            slot_req,
            o.tol,
            o.tol_q,
            o.restart,
            o.restart_q,
            win_ptr,
            win_f,
            o.win_node,
            plan.win_at,
            plan.win_dur,
            plan.win_q,
            np.uint64(sampler.key),
            sampler.params,
            log_row,
            log_ticks.reshape(len(log_q), samples),
            first,
            row_of,
            downtime,
            longest,
            deadlocked,
            record,
            rec,
            used,
            stuck,
            stuck_used,
            done,
            pool,
            *store.arrays,
        )
        if done == samples:
            intervals, stuck = rec[:used], stuck[:stuck_used]
            intervals[:, 1] = o.nodes[intervals[:, 1]]
            stuck[:, 1] = o.nodes[stuck[:, 1]]
            return SampleRun(
                plan,
                np.ascontiguousarray(downtime.T),
                np.ascontiguousarray(longest.T),
                deadlocked,
                intervals,
                stuck,
            )
        # Out of room for the record, the events or the intervals: twice as
        # much, on from the sample that did not fit.
        rec = np.concatenate([rec, np.empty_like(rec)])
        stuck = np.concatenate([stuck, np.empty_like(stuck)])
        pool = np.concatenate([pool, np.empty_like(pool)])
        store = Room(2 * len(store.arrays[0]))


class Room:
    """Room for one sample's down intervals, and the algebra's scratch space.

    The algebra's scratch holds the intervals one node or requirement
    gathers from its members; when it or the store is full, the sample runs
    again with twice the room.
    """

    def __init__(self, room: int) -> None:
        self.arrays = (
            np.empty(room, dtype=np.int64),  # iv_a
            np.empty(room, dtype=np.int64),  # iv_b
            np.empty(room, dtype=np.int64),  # iv_next
            np.empty(2 * room, dtype=np.int64),  # sa
            np.empty(2 * room, dtype=np.int64),  # sb
            np.empty(2 * room, dtype=np.int64),  # ta
            np.empty(2 * room, dtype=np.int64),  # td
        )


@dataclass(frozen=True)
class _Order:
    """The plan renumbered for :func:`_run`: first the nodes on or feeding a
    cycle (``nu`` of them, with the first ``nru`` requirements), simulated
    event by event; then the others, level by level, for the algebra.

    ``nodes[k]`` is the plan's index of node ``k``; ``position`` the inverse.
    """

    nodes: IntArray
    position: IntArray
    nu: int
    nru: int
    owner: IntArray
    slack: IntArray
    req_ptr: IntArray
    members: IntArray
    own_ptr: IntArray
    tol: IntArray
    tol_q: IntArray
    restart: IntArray
    restart_q: IntArray
    win_node: IntArray

    @classmethod
    def of(cls, plan: Plan) -> _Order:
        looped = plan.feeds_cycle
        later = [step.nodes[~looped[step.nodes]] for step in plan.steps if not step.cyclic]
        nodes = np.concatenate([np.flatnonzero(looped), *later]).astype(np.int64)
        position = np.empty(plan.n, dtype=np.int64)
        position[nodes] = np.arange(plan.n)
        reqs = np.argsort(position[plan.req_owner], kind="stable")
        owner = position[plan.req_owner[reqs]]
        size = np.diff(plan.req_ptr)[reqs]
        req_ptr = np.zeros(len(reqs) + 1, dtype=np.int64)
        np.cumsum(size, out=req_ptr[1:])
        own_ptr = np.zeros(plan.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=plan.n), out=own_ptr[1:])
        nu = int(looped.sum())
        return cls(
            nodes=nodes,
            position=position,
            nu=nu,
            nru=int(own_ptr[nu]),
            owner=owner,
            slack=plan.req_slack[reqs],
            req_ptr=req_ptr,
            members=position[plan.req_members[ragged_arange(plan.req_ptr[reqs], size)]],
            own_ptr=own_ptr,
            tol=plan.req_tol[reqs],
            tol_q=plan.req_tol_q[reqs],
            restart=plan.restart[nodes],
            restart_q=plan.restart_q[nodes],
            win_node=position[plan.win_node],
        )


__all__ = ["NEVER", "NONE", "SampleRun", "run_samples"]
