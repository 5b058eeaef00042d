"""The cascade of one scenario in a whole chunk of samples at once.

This is the exact semantics of ``docs/engine.md`` (the engine's
:func:`weerbaar.engine.simulate`) as interval algebra, vectorised across
samples and across the nodes of one dependency level. For a node that is not
on a cycle, with the down intervals of everything it needs known:

1. a requirement is *unmet* where at least ``slack + 1`` of its members are
   down: one sweep over the sorted member interval ends of all requirements
   of the level in all samples (:func:`~weerbaar.scale.intervals.covered`);
2. it is *lost* on ``[a + T, b)`` of each maximal unmet ``[a, b)``;
3. the node is *failing* on the union of its initiating windows and lost
   requirements;
4. it is *down* on ``[a, b + rho)`` of each maximal failing ``[a, b)``, merged.

Components with a cycle are simulated event by event, all samples in lock
step (:mod:`weerbaar.scale.cyclic`).

One detail of the engine needs care there. At an instant the engine first
puts down what a window starts, then drops what has no reason (rule 6), and
only then adds what has a lost requirement (rule 5). A node that goes down in
that last step, or that is dropped and added again within the instant, is
not down yet while the drops are decided: it is *late*. Outside cycles this
never shows, but a cycle it feeds may be released by it. So for nodes that
feed a cycle the algebra also derives these late instants, and the cycle
simulation counts them as the engine does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.graph import distinct
from weerbaar.engine.simulate import TICKS_PER_HOUR, Interval, SimulationResult
from weerbaar.scale.cyclic import solve_component
from weerbaar.scale.distributions import Sampler
from weerbaar.scale.intervals import (
    EMPTY,
    at_time,
    extend_and_merge,
    just_before,
    members_of,
    ragged_arange,
    union,
)
from weerbaar.scale.late import unheld
from weerbaar.scale.losses import Losses, losses, owned
from weerbaar.scale.plan import Durations, Plan
from weerbaar.scale.store import Block, Store

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def run_chunk(
    plan: Plan, draws: Sampler | IntArray, first: int = 0, samples: int | None = None
) -> ChunkCascade:
    """Simulate ``plan``'s scenario in every sample of a chunk.

    ``draws`` gives the uncertain quantities of the plan: a
    :class:`~weerbaar.scale.distributions.Sampler`, for ``samples`` samples
    from sample ``first`` on; or a matrix ``values[q, i]`` of ticks, one
    column per sample.
    """
    if isinstance(draws, Sampler):
        if samples is None:
            raise ValueError("a Sampler needs the number of samples")
        draws = draws.matrix(first, samples)
    values = draws
    durations = Durations(plan, int(values.shape[1]), lambda q, i: values[q, i])
    store = Store(plan.n, durations.samples, plan.width)
    for step in plan.steps:
        if step.cyclic:
            solve_component(plan, durations, store, step.nodes, step.parts)
        else:
            _solve_batch(plan, durations, store, step.nodes)
    return ChunkCascade(plan, durations.samples, store)


def _solve_batch(plan: Plan, dur: Durations, store: Store, nodes: IntArray) -> None:
    """Down intervals of single nodes whose needs are all known (steps 1-4 above)."""
    n, w = dur.samples, plan.width
    g = n * w  # keys per node while merging: index * g + sample * w + time
    where = np.full(plan.n, -1, dtype=np.int64)
    where[nodes] = np.arange(len(nodes))
    reqs = ragged_arange(plan.own_ptr[nodes], np.diff(plan.own_ptr)[nodes])
    owner = where[plan.req_owner[reqs]]
    feeds = plan.feeds_cycle[nodes]
    track = bool(feeds.any())
    # 1, 2. Unmet and lost requirements.
    unmet = losses(plan, dur, store, reqs)
    la, lb, lr = unmet.lost
    # 3. Failing: windows and lost requirements, per node.
    wi, ws, wa, we = dur.windows(nodes)
    window = wi * g + ws * w
    fa, fb = union(
        np.concatenate([owner[lr] * g + la, window + wa]),
        np.concatenate([owner[lr] * g + lb, window + we]),
    )
    # 4. Down: each failing [a, b) as [a, b + rho), merged.
    fo = fa // g
    rho = dur.restart_at(nodes[fo], fa - fo * g)
    da, db = extend_and_merge(fa, fb, rho, w)
    # What gives a reason in step 1 besides requirements: a window, a restart.
    spans_of = (
        union(window + wa, window + we),
        union(fa[rho > 0] + 1, fb[rho > 0] + rho[rho > 0]),
        (da, db),
    )
    do = da // g
    bounds = np.arange(len(nodes) + 1, dtype=np.int64)
    late, late_ptr = EMPTY, np.zeros(len(nodes) + 1, dtype=np.int64)
    if track:
        # A node that goes down at an instant without a window starting then
        # goes down in step 2 of that instant: a cycle it feeds must not count
        # it in step 1 (its late instants).
        found = da[~members_of(np.sort(window + wa), da)]
        found = distinct(
            np.concatenate([found, _dips(plan, dur, store, unmet, reqs, owner, spans_of)])
        )
        found = found[feeds[found // g]]
        fg = found // g
        late, late_ptr = found - fg * g, np.searchsorted(fg, bounds)
    spans = (da - do * g, db - do * g, np.searchsorted(do, bounds))
    store.add(nodes, Block(*spans, late, late_ptr))
    if store.stuck and track:
        _stuck(plan, dur, store, nodes, feeds, reqs, owner, unmet, (wi, ws, wa, we), fb)


def _stuck(
    plan: Plan,
    dur: Durations,
    store: Store,
    nodes: IntArray,
    feeds: BoolArray,
    reqs: IntArray,
    owner: IntArray,
    unmet: Losses,
    windows: tuple[IntArray, IntArray, IntArray, IntArray],
    fb: IntArray,
) -> None:
    """Samples in which a node is down at the horizon only behind a recovery deadlock.

    As the engine decides it: a node has an outside reason when a window
    still holds it, its restart still runs, or a requirement is lost at the
    horizon counting only members that have an outside reason themselves.
    Only nodes that feed a cycle and have a stuck member can be stuck; all
    of them are decided at once, per (node, sample) pair. ``fb`` are the
    ends of the nodes' failing intervals (keys ``index * g + sample key``).
    """
    n, w, h = dur.samples, plan.width, plan.horizon_ticks
    g = n * w
    # (node, sample) pairs with a member stuck in that sample.
    slot_req, slot_node = plan.slots(reqs)
    stuck_nodes = np.array(sorted(store.stuck), dtype=np.int64)
    hit = np.flatnonzero(members_of(stuck_nodes, slot_node) & feeds[owner[slot_req]])
    if not len(hit):
        return
    masks = np.stack([store.stuck[v] for v in slot_node[hit].tolist()])
    slot, sample = np.nonzero(masks)
    pair = distinct(owner[slot_req[hit[slot]]] * n + sample)
    i, s = np.divmod(pair, n)
    # Down at the horizon, not held by a window nor restarting after the last
    # failing interval that ended by the horizon.
    keep = store.down_at(nodes[i], s * w + h)
    wi, ws, wa, we = windows
    held = (wa <= h) & (we > h)
    keep &= ~members_of(np.sort(wi[held] * n + ws[held]), pair)
    done = fb % w <= h
    last = np.full(len(nodes) * n, -1, dtype=np.int64)
    np.maximum.at(last, fb[done] // w, fb[done] % w)
    keep &= ~((last[pair] >= 0) & (last[pair] + dur.restart(nodes[i], s) > h))
    pair, i, s = pair[keep], i[keep], s[keep]
    if not len(pair):
        return
    # Stuck unless a requirement is lost at the horizon counting only members
    # with a reason of their own (down and not stuck).
    which, j = owned(owner, i)
    at_h = s[which] * w + h
    lost = at_time(*unmet.lost_keys, j * g + at_h)
    which, j, at_h = which[lost], j[lost], at_h[lost]
    combo, u = plan.slots(reqs[j])
    key = at_h[combo]
    reason = store.down_at(u, key) & ~store.stuck_at(u, key // w)
    held_by = np.bincount(combo[reason], minlength=len(j)) > plan.req_slack[reqs[j]]
    free = np.bincount(which[held_by], minlength=len(pair)) > 0
    stuck_i, stuck_s = i[~free], s[~free]
    for x in distinct(stuck_i).tolist():
        mask = np.zeros(n, dtype=bool)
        mask[stuck_s[stuck_i == x]] = True
        store.stuck[int(nodes[x])] = mask


@dataclass(frozen=True)
class ChunkCascade:
    """The outcome of every sample of one chunk (see :func:`run_chunk`)."""

    plan: Plan
    samples: int
    store: Store

    def spans(self, v: int) -> tuple[IntArray, IntArray]:
        """Down intervals of local node ``v`` that start before the horizon (sample keys)."""
        a, b = self.store.spans(v)
        keep = a % self.plan.width < self.plan.horizon_ticks
        return a[keep], b[keep]

    def result(self, i: int) -> SimulationResult:
        """Sample ``i`` in the engine's own terms, to compare with :func:`simulate`."""
        p = self.plan
        w, h = p.width, p.horizon_ticks
        down: dict[str, list[Interval]] = {}
        for v, node in enumerate(p.ids):
            a, b = self.spans(v)
            mine = a // w == i
            intervals: list[Interval] = [
                (int(x % w) / TICKS_PER_HOUR, None if y % w > h else int(y % w) / TICKS_PER_HOUR)
                for x, y in zip(a[mine].tolist(), b[mine].tolist(), strict=True)
            ]
            if intervals:
                down[node] = intervals
        stuck = sorted(
            int(v) for samples, nodes in self.store.deadlock for v in nodes[samples == i].tolist()
        )
        return SimulationResult(p.scenario, p.horizon, down, [p.ids[v] for v in stuck])

    def deadlocked(self) -> BoolArray:
        """For each sample whether it ends in a recovery deadlock."""
        out = np.zeros(self.samples, dtype=bool)
        for samples, _ in self.store.deadlock:
            out[samples] = True
        return out

    def outages(self, nodes: IntArray) -> tuple[FloatArray, FloatArray]:
        """Per local node and sample the hours it is down, in total and at most at a stretch.

        Both ``(len(nodes), samples)``; a node ``-1`` (outside the plan) is
        never down. Computed as :meth:`SimulationResult.downtime` and
        :meth:`~SimulationResult.longest_outage` compute them, to the last bit.
        """
        p = self.plan
        n, w, h = self.samples, p.width, p.horizon_ticks
        downtime = np.zeros(len(nodes) * n, dtype=np.float64)
        longest = np.zeros(len(nodes) * n, dtype=np.float64)
        inside = np.flatnonzero(nodes >= 0)
        a, b, which = self.store.gather(nodes[inside])
        keep = a % w < h
        # One group per (node, sample), its intervals in time order.
        keys = inside[which[keep]] * (n * w) + a[keep]
        order = np.argsort(keys)
        keys, b = keys[order], b[keep][order]
        group = keys // w
        start = (keys % w) / TICKS_PER_HOUR
        end = np.where(b % w > h, p.horizon, (b % w) / TICKS_PER_HOUR)
        length = end - start
        if len(keys):
            # Add each sample's intervals in time order, as Python's sum() does.
            rank = np.arange(len(keys)) - np.searchsorted(group, group)
            for k in range(int(rank.max()) + 1):
                at = rank == k
                downtime[group[at]] += length[at]
            np.maximum.at(longest, group, length)
        shape = (len(nodes), n)
        return downtime.reshape(shape), longest.reshape(shape)


def _dips(
    plan: Plan,
    dur: Durations,
    store: Store,
    unmet: Losses,
    reqs: IntArray,
    owner: IntArray,
    spans_of: tuple[tuple[IntArray, IntArray], ...],
) -> IntArray:
    """Keys ``index * g + time`` at which a node down just before and after has no
    reason in step 1 of the instant (it comes back and goes down again).

    Only its requirements can fail it then, where they are lost only through
    members that go down in step 2 (:func:`~weerbaar.scale.late.unheld`).
    """
    keys = unheld(plan, dur, store, unmet, reqs, owner)
    (wa, wb), (ra, rb), (da, db) = spans_of
    dips = at_time(da, db, keys) & just_before(da, db, keys)
    out: IntArray = keys[dips & ~at_time(wa, wb, keys) & ~at_time(ra, rb, keys)]
    return out
