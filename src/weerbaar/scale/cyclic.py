"""A strongly connected component with a cycle, simulated in all samples in lock step.

Inside a cycle rule 6 (a node only comes back when what it needs is back)
makes the outcome depend on the order of events, so the component is
simulated event by event exactly as :mod:`weerbaar.engine.simulate` does,
but for all samples at once: each sample advances to its own next event
(a window of a node of the component starts or ends, a member outside the
component goes down or comes back or has a *moment*, a tolerance runs out,
a restart ends) and then every sample due takes the engine's step with
arrays of shape ``(samples, nodes)``:

1. add every node forced now or with a requirement lost, counting what was
   down just before (members outside count as down when they were down just
   before, are down now, or have a moment now), until nothing changes;
2. drop every node without a reason to be down, counting only what is down
   now, until nothing changes;
3. keep the books: failing, restart deadlines, since when each requirement
   is unmet.

At the horizon the engine's deadlock analysis follows, on the same arrays.
Everything outside the component comes from the :class:`~weerbaar.scale.store.Store`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from weerbaar.scale.intervals import (
    EMPTY,
    at_time,
    just_before,
    members_of,
    ragged_arange,
)
from weerbaar.scale.plan import Durations, Plan
from weerbaar.scale.store import Block, Store

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_NEVER = np.iinfo(np.int64).max


class _Component:
    """The fixed data of one component: requirements as sparse count matrices."""

    def __init__(self, plan: Plan, dur: Durations, comp: IntArray) -> None:
        n = dur.samples
        self.comp = comp
        k = len(comp)
        where = np.full(plan.n, -1, dtype=np.int64)
        where[comp] = np.arange(k)
        self.reqs = reqs = ragged_arange(plan.own_ptr[comp], np.diff(plan.own_ptr)[comp])
        size = np.diff(plan.req_ptr)[reqs]
        slot_req = np.repeat(np.arange(len(reqs), dtype=np.int64), size)
        slot_node = plan.req_members[ragged_arange(plan.req_ptr[reqs], size)]
        inside = where[slot_node] >= 0
        self.outside = np.unique(slot_node[~inside])
        column = np.where(inside, where[slot_node], k + np.searchsorted(self.outside, slot_node))
        units = k + len(self.outside)
        ones = np.ones(len(slot_req), dtype=np.float32)
        #: (inside nodes + outside members) x requirements: how many members down.
        self.count = csr_matrix((ones, (column, slot_req)), shape=(units, len(reqs)))
        owner = where[plan.req_owner[reqs]]
        #: requirements x inside nodes: which node owns which requirement.
        self.own = csr_matrix(
            (np.ones(len(reqs), dtype=np.float32), (np.arange(len(reqs)), owner)),
            shape=(len(reqs), k),
        )
        self.slack = plan.req_slack[reqs]
        # Inside members of each requirement, for the deadlock's cycles.
        self.edges = (slot_req[inside], owner[slot_req[inside]], where[slot_node[inside]])
        every = np.arange(n, dtype=np.int64)
        self.tol = dur.tolerance(np.tile(reqs, n), np.repeat(every, len(reqs))).reshape(n, -1)
        self.rho = dur.restart(np.tile(comp, n), np.repeat(every, k)).reshape(n, k)
        wi, ws, wa, we = dur.windows(comp)
        order = np.lexsort((wa, wi, ws))
        wi, ws, wa, we = wi[order], ws[order], wa[order], we[order]
        group = ws * k + wi
        rank = np.arange(len(group)) - np.searchsorted(group, group)
        slots = int(rank.max()) + 1 if len(rank) else 1
        # Windows per (sample, node); unused slots never hold (start > end).
        self.win_at = np.full((n, k, slots), 1, dtype=np.int64)
        self.win_end = np.zeros((n, k, slots), dtype=np.int64)
        self.win_at[ws, wi, rank] = wa
        self.win_end[ws, wi, rank] = we
        self.window_keys = np.concatenate([ws * plan.width + wa, ws * plan.width + we])

    def lost_nodes(self, lost: BoolArray) -> BoolArray:
        """Which nodes have at least one of the given lost requirements."""
        hits: npt.NDArray[np.float32] = lost.astype(np.float32) @ self.own
        return hits > 0

    def counts(self, inside: BoolArray, outside: BoolArray) -> npt.NDArray[np.float32]:
        units = np.concatenate([inside, outside], axis=1).astype(np.float32)
        out: npt.NDArray[np.float32] = units @ self.count
        return out


def solve_component(plan: Plan, dur: Durations, store: Store, comp: IntArray) -> None:
    """Simulate component ``comp`` in every sample and add it to ``store``."""
    n, w, h = dur.samples, plan.width, plan.horizon_ticks
    c = _Component(plan, dur, comp)
    k = len(comp)
    spans = [store.spans(int(u)) for u in c.outside.tolist()]
    moments = [store.moments(int(u)) for u in c.outside.tolist()]
    keys = [c.window_keys, *(x for s in spans for x in s), *moments]
    static = np.unique(np.concatenate(keys))
    static = static[static % w <= h]
    base = np.arange(n, dtype=np.int64) * w

    down = np.zeros((n, k), dtype=bool)
    failing = np.zeros((n, k), dtype=bool)
    restore = np.full((n, k), -1, dtype=np.int64)
    since = np.full((n, len(c.reqs)), -1, dtype=np.int64)
    now = np.full(n, -1, dtype=np.int64)
    went_down: list[IntArray] = []
    went_up: list[IntArray] = []
    moment_keys: list[IntArray] = []
    group = n * w  # keys per node in the records

    while True:
        i = np.searchsorted(static, base + now, side="right")
        nxt = static[np.minimum(i, len(static) - 1)] if len(static) else base
        t_next = np.where((i < len(static)) & (nxt < base + w), nxt - base, _NEVER)
        timer = (since >= 0) & (c.tol > 0) & (since + c.tol > now[:, None])
        t_next = np.minimum(
            t_next, np.where(timer, since + c.tol, _NEVER).min(axis=1, initial=_NEVER)
        )
        pending = restore > now[:, None]
        t_next = np.minimum(t_next, np.where(pending, restore, _NEVER).min(axis=1, initial=_NEVER))
        due = np.flatnonzero(t_next <= h)
        if not len(due):
            break
        t = t_next[due]
        at = base[due] + t
        before = np.zeros((len(due), len(spans)), dtype=bool)
        after = np.zeros((len(due), len(spans)), dtype=bool)
        flash = np.zeros((len(due), len(spans)), dtype=bool)
        for e, (sa, sb) in enumerate(spans):
            before[:, e] = just_before(sa, sb, at)
            after[:, e] = at_time(sa, sb, at)
            flash[:, e] = members_of(moments[e], at)
        tc = t[:, None]
        forced = ((c.win_at[due] <= tc[:, :, None]) & (tc[:, :, None] < c.win_end[due])).any(2)
        was = down[due]
        tol = c.tol[due]
        sn = since[due]
        # Rule 2 at t: unmet since `since` for T, or unmet from now with T = 0.
        timing = ((sn >= 0) & (sn + tol <= tc)) | ((sn < 0) & (tol == 0))
        # Pass 1: add (rule 5).
        outside = before | after | flash
        cand = was | forced
        while True:
            lost = (c.counts(cand, outside) > c.slack) & timing
            grown = cand | c.lost_nodes(lost)
            if (grown == cand).all():
                break
            cand = grown
        # Pass 2: drop what has no reason (rule 6).
        rho = c.rho[due]
        restoring = (restore[due] > tc) | (failing[due] & (rho > 0))
        x = cand
        while True:
            count = c.counts(x, after)
            lost = (count > c.slack) & timing
            kept = x & (forced | restoring | c.lost_nodes(lost))
            if (kept == x).all():
                break
            x = kept
        # Book-keeping, as the engine's step does it.
        fails = x & (forced | c.lost_nodes(lost))
        ended = failing[due] & ~fails & (rho > 0)
        restore[due] = np.where(ended, np.maximum(restore[due], tc + rho), restore[due])
        failing[due] = fails
        unmet = count > c.slack
        since[due] = np.where(unmet, np.where(sn < 0, tc, sn), -1)
        for mask, out in (
            (x & ~was, went_down),
            (~x & was, went_up),
            (cand & ~was & ~x, moment_keys),
        ):
            s, v = np.nonzero(mask)
            out.append(v * group + base[due][s] + t[s])
        down[due] = x
        now[due] = t

    start, end = _pair(np.concatenate([EMPTY, *went_down]), np.concatenate([EMPTY, *went_up]), w, h)
    bounds = np.arange(k + 1, dtype=np.int64)
    flashes = np.unique(np.concatenate([EMPTY, *moment_keys]))
    store.add(
        comp,
        Block(
            start % group,
            end % group,
            np.searchsorted(start // group, bounds),
            flashes % group,
            np.searchsorted(flashes // group, bounds),
        ),
    )
    _deadlock(plan, store, c, spans, down, restore, since, h, w)


def _pair(downs: IntArray, ups: IntArray, w: int, h: int) -> tuple[IntArray, IntArray]:
    """Down intervals from the instants a node went down and came back up."""
    keys = np.concatenate([downs, ups])
    kind = np.concatenate([np.zeros(len(downs), dtype=bool), np.ones(len(ups), dtype=bool)])
    order = np.argsort(keys, kind="stable")
    keys, kind = keys[order], kind[order]
    first = np.flatnonzero(~kind)
    nxt = np.minimum(first + 1, len(keys) - 1)
    # Up and down alternate per node and sample, so a down is followed by its
    # up, if any, in the same (node, sample) group of width w.
    closed = (first + 1 < len(keys)) & kind[nxt] & (keys[nxt] // w == keys[first] // w)
    start = keys[first]
    end = np.where(closed, keys[nxt], start - start % w + h + 1)
    return start, end


def _deadlock(
    plan: Plan,
    store: Store,
    c: _Component,
    spans: list[tuple[IntArray, IntArray]],
    down: BoolArray,
    restore: IntArray,
    since: IntArray,
    h: int,
    w: int,
) -> None:
    """The engine's deadlock analysis at the horizon, in every sample at once."""
    n, k = down.shape
    at_h = np.arange(n, dtype=np.int64) * w + h
    outside_down = np.zeros((n, len(spans)), dtype=bool)
    outside_reason = np.zeros((n, len(spans)), dtype=bool)
    for e, (sa, sb) in enumerate(spans):
        outside_down[:, e] = at_time(sa, sb, at_h)
        stuck = store.stuck.get(int(c.outside[e]))
        outside_reason[:, e] = outside_down[:, e] & (True if stuck is None else ~stuck)
    forced = ((c.win_at <= h) & (h < c.win_end)).any(2)
    timing = (since >= 0) & (since + c.tol <= h)
    reason = down & (forced | (restore > h))
    while True:
        grows = (c.counts(reason, outside_reason) > c.slack) & timing
        more = reason | (down & c.lost_nodes(grows))
        if (more == reason).all():
            break
        reason = more
    stuck = down & ~reason
    if not stuck.any():
        return
    for j in range(k):
        if stuck[:, j].any():
            store.stuck[int(c.comp[j])] = stuck[:, j].copy()
    lost = (c.counts(down, outside_down) > c.slack) & timing
    rows = np.flatnonzero(stuck.any(axis=1))
    # Samples often share their stuck pattern: find the cycles once per pattern.
    patterns = np.packbits(np.concatenate([stuck[rows], lost[rows]], axis=1), axis=1)
    _, first, inverse = np.unique(patterns, axis=0, return_index=True, return_inverse=True)
    req, owner, member = c.edges
    for p, row in enumerate(first.tolist()):
        s = rows[row]
        use = lost[s][req] & stuck[s][owner] & stuck[s][member]
        graph = csr_matrix((np.ones(int(use.sum())), (owner[use], member[use])), shape=(k, k))
        _, labels = connected_components(graph, directed=True, connection="strong")
        on_cycle = (np.bincount(labels, minlength=k)[labels] > 1) & stuck[s]
        nodes = np.flatnonzero(on_cycle)
        if len(nodes):
            samples = rows[inverse.ravel() == p]
            store.deadlock.append(
                (np.repeat(samples, len(nodes)), np.tile(c.comp[nodes], len(samples)))
            )
