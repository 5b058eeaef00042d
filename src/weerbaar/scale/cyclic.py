"""Components with a cycle, simulated in all samples in lock step.

Inside a cycle rule 6 (a node only comes back when what it needs is back)
makes the outcome depend on the order of events, so a cyclic component is
simulated event by event exactly as :mod:`weerbaar.engine.simulate` does,
for many *lanes* at once. A lane is one component in one sample; the
components of a step share their structure (:class:`~weerbaar.scale.plan.Step`),
so every lane uses the same requirement matrices. Each lane advances to its
own next event (a window of one of its nodes starts or ends, a member outside
the component goes down or comes back or has a *moment*, a tolerance runs
out, a restart ends), and then every lane due takes the engine's step, with
arrays of shape ``(lanes, nodes)``:

1. add every node forced now or with a requirement lost, counting what was
   down just before (members outside count as down when they were down just
   before, are down now, or have a moment now), until nothing changes;
2. drop every node without a reason to be down, counting only what is down
   now, until nothing changes;
3. keep the books: failing, restart deadlines, since when each requirement
   is unmet.

At the horizon the engine's deadlock analysis follows, on the same arrays.
Everything outside the components comes from the :class:`~weerbaar.scale.store.Store`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from weerbaar.scale.intervals import EMPTY, at_time, just_before, members_of, ragged_arange
from weerbaar.scale.plan import Durations, Plan
from weerbaar.scale.store import Block, Store

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float32]

_NEVER = np.iinfo(np.int64).max


class _Lanes:
    """The fixed data of one cyclic step: structure, and per lane its durations and inputs."""

    def __init__(self, plan: Plan, dur: Durations, nodes: IntArray, parts: int) -> None:
        n, w = dur.samples, plan.width
        k = len(nodes) // parts
        self.nodes = nodes
        self.k = k
        self.samples = n
        self.lanes = parts * n
        comps = nodes.reshape(parts, k)
        owned = np.diff(plan.own_ptr)[comps[0]]
        reqs = ragged_arange(plan.own_ptr[nodes], np.diff(plan.own_ptr)[nodes]).reshape(parts, -1)
        size = np.diff(plan.req_ptr)[reqs[0]]
        slot_req = np.repeat(np.arange(reqs.shape[1], dtype=np.int64), size)
        slot_node = plan.req_members[
            ragged_arange(plan.req_ptr[reqs.ravel()], np.tile(size, parts))
        ]
        slot_node = slot_node.reshape(parts, -1)
        where = np.full(plan.n, -1, dtype=np.int64)
        where[nodes] = np.tile(np.arange(k), parts)
        inside = where[slot_node[0]] >= 0
        # Outside members by first use, the same slots in every component.
        _, first = np.unique(slot_node[0][~inside], return_index=True)
        order = np.sort(first)
        self.outside = slot_node[:, ~inside][:, order]  # (parts, members)
        rank = np.full(len(slot_node[0]), -1, dtype=np.int64)
        rank[~inside] = _first_use_rank(slot_node[0][~inside])
        column = np.where(inside, where[slot_node[0]], k + rank)
        units = k + self.outside.shape[1]
        owner = np.repeat(np.arange(k, dtype=np.int64), owned)
        count = csr_matrix(
            (np.ones(len(slot_req), dtype=np.float32), (column, slot_req)),
            shape=(units, reqs.shape[1]),
        )
        own = csr_matrix(
            (np.ones(len(owner), dtype=np.float32), (np.arange(len(owner)), owner)),
            shape=(len(owner), k),
        )
        # Small components, the usual case, multiply fastest as dense matrices;
        # float32 counts stay exact far beyond the size of any requirement.
        dense = units * reqs.shape[1] <= 1 << 18
        #: (own nodes + outside members) x requirements: 1 where a member.
        self.count: Any = count.toarray() if dense else count
        #: requirements x own nodes: 1 where the node owns the requirement.
        self.own: Any = own.toarray() if dense else own
        self.slack = plan.req_slack[reqs[0]]
        # Requirements between own nodes, for the deadlock's cycles.
        self.edges = (slot_req[inside], owner[slot_req[inside]], column[inside])
        lane_sample = np.tile(np.arange(n, dtype=np.int64), parts)
        per_lane = np.repeat(reqs, n, axis=0)
        self.tol = dur.tolerance(per_lane.ravel(), np.repeat(lane_sample, reqs.shape[1]))
        self.tol = self.tol.reshape(self.lanes, -1)
        per_lane = np.repeat(comps, n, axis=0)
        self.rho = dur.restart(per_lane.ravel(), np.repeat(lane_sample, k)).reshape(self.lanes, k)
        wi, ws, wa, we = dur.windows(nodes)
        lane = (wi // k) * n + ws
        node = wi % k
        order = np.lexsort((wa, node, lane))
        lane, node, wa, we = lane[order], node[order], wa[order], we[order]
        group = lane * k + node
        nth = np.arange(len(group)) - np.searchsorted(group, group)
        slots = int(nth.max()) + 1 if len(nth) else 1
        # Windows per (lane, node); unused slots never hold (start > end).
        self.win_at = np.full((self.lanes, k, slots), 1, dtype=np.int64)
        self.win_end = np.zeros((self.lanes, k, slots), dtype=np.int64)
        self.win_at[lane, node, nth] = wa
        self.win_end[lane, node, nth] = we
        self.window_keys = np.concatenate([lane * w + wa, lane * w + we])

    def outside_spans(self, store: Store, w: int) -> None:
        """Spans and moments of the outside members of every lane, as one key array each.

        Lane ``l`` has sample keys ``l * w + t``; member ``e``'s keys are
        offset by ``e * lanes * w`` on top, so that one sorted search answers
        the questions about all members in all lanes.
        """
        parts, members = self.outside.shape
        n = self.samples
        stride = self.lanes * w
        shift = (np.arange(members, dtype=np.int64)[None, :] * stride) + (
            np.arange(parts, dtype=np.int64)[:, None] * (n * w)
        )
        who = self.outside.ravel()
        start, end, _ = store.gather(who, shift.ravel())
        order = np.argsort(start, kind="stable")  # gathered block by block
        self.span_start, self.span_end = start[order], end[order]
        self.flashes = np.sort(store.gather(who, shift.ravel(), moments=True)[0])
        self.shift = np.arange(members, dtype=np.int64) * stride
        self.stride = stride

    def outside_at(self, at: IntArray) -> tuple[BoolArray, BoolArray, BoolArray]:
        """For lane keys ``at`` (sorted): which outside members were down just before,
        are down at, and have a moment at that instant; each ``(len(at), members)``."""
        # Member-major, so that the searched keys come sorted.
        keys = (self.shift[:, None] + at[None, :]).ravel()
        shape = (len(self.shift), len(at))
        before = just_before(self.span_start, self.span_end, keys).reshape(shape)
        after = at_time(self.span_start, self.span_end, keys).reshape(shape)
        flash = members_of(self.flashes, keys).reshape(shape)
        return before.T, after.T, flash.T

    def lost_nodes(self, lost: BoolArray) -> BoolArray:
        """Which nodes have at least one of the given lost requirements."""
        hits: Floats = lost.astype(np.float32) @ self.own
        return hits > 0

    def counts(self, inside: BoolArray, outside: BoolArray) -> Floats:
        """Down members per requirement, given which own and outside nodes are down."""
        units = np.concatenate([inside, outside], axis=1).astype(np.float32)
        out: Floats = units @ self.count
        return out


def _first_use_rank(ids: IntArray) -> IntArray:
    """For each entry, the rank of its value by first occurrence.

    Examples
    --------
    >>> _first_use_rank(np.array([7, 3, 7, 5])).tolist()
    [0, 1, 0, 2]
    """
    values, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    rank = np.empty(len(values), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(values))
    out: IntArray = rank[inverse.ravel()]
    return out


def solve_component(
    plan: Plan, dur: Durations, store: Store, nodes: IntArray, parts: int = 1
) -> None:
    """Simulate the ``parts`` alike components in ``nodes`` in every sample; add them to ``store``."""
    w, h = plan.width, plan.horizon_ticks
    c = _Lanes(plan, dur, nodes, parts)
    lanes, k = c.lanes, c.k
    c.outside_spans(store, w)
    outside_keys = np.concatenate([c.span_start, c.span_end, c.flashes]) % c.stride
    static = np.unique(np.concatenate([c.window_keys, outside_keys]))
    static = static[static % w <= h]
    base = np.arange(lanes, dtype=np.int64) * w

    down = np.zeros((lanes, k), dtype=bool)
    failing = np.zeros((lanes, k), dtype=bool)
    restore = np.full((lanes, k), -1, dtype=np.int64)
    since = np.full((lanes, len(c.slack)), -1, dtype=np.int64)
    went_down: list[IntArray] = []
    went_up: list[IntArray] = []
    moment_keys: list[IntArray] = []
    group = lanes * w  # keys per node in the records

    def upcoming(rows: IntArray, now: IntArray) -> IntArray:
        """Each lane's first event after ``now``."""
        i = np.searchsorted(static, base[rows] + now, side="right")
        nxt = static[np.minimum(i, len(static) - 1)] if len(static) else base[rows]
        out = np.where((i < len(static)) & (nxt < base[rows] + w), nxt - base[rows], _NEVER)
        sn, tol = since[rows], c.tol[rows]
        timer = np.where((sn >= 0) & (tol > 0) & (sn + tol > now[:, None]), sn + tol, _NEVER)
        rs = restore[rows]
        ready = np.where(rs > now[:, None], rs, _NEVER)
        out = np.minimum(out, timer.min(axis=1, initial=_NEVER))
        result: IntArray = np.minimum(out, ready.min(axis=1, initial=_NEVER))
        return result

    every = np.arange(lanes, dtype=np.int64)
    t_next = upcoming(every, np.full(lanes, -1, dtype=np.int64))
    while True:
        due = np.flatnonzero(t_next <= h)
        if not len(due):
            break
        t = t_next[due]
        at = base[due] + t
        before, after, flash = c.outside_at(at)
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
        since[due] = np.where(count > c.slack, np.where(sn < 0, tc, sn), -1)
        for mask, out in (
            (x & ~was, went_down),
            (~x & was, went_up),
            (cand & ~was & ~x, moment_keys),
        ):
            s, v = np.nonzero(mask)
            out.append(v * group + at[s])
        down[due] = x
        t_next[due] = upcoming(due, t)

    start, end = _pair(np.concatenate([EMPTY, *went_down]), np.concatenate([EMPTY, *went_up]), w, h)
    flashes = np.unique(np.concatenate([EMPTY, *moment_keys]))
    store.add(nodes, _block(start, end, flashes, c, w))
    _deadlock(store, c, down, restore, since, h, w)


def _to_nodes(keys: IntArray, c: _Lanes, w: int) -> IntArray:
    """Record keys ``v * lanes * w + lane * w + t`` as ``node * n * w + sample * w + t``."""
    n = c.samples
    v, rest = np.divmod(keys, c.lanes * w)
    lane, t = np.divmod(rest, w)
    part, sample = np.divmod(lane, n)
    out: IntArray = ((part * c.k + v) * n + sample) * w + t
    return out


def _block(start: IntArray, end: IntArray, flashes: IntArray, c: _Lanes, w: int) -> Block:
    group = c.samples * w
    start, end = _to_nodes(start, c, w), _to_nodes(end, c, w)
    order = np.argsort(start)
    start, end = start[order], end[order]
    flashes = np.sort(_to_nodes(flashes, c, w))
    bounds = np.arange(len(c.nodes) + 1, dtype=np.int64)
    return Block(
        start % group,
        end % group,
        np.searchsorted(start // group, bounds),
        flashes % group,
        np.searchsorted(flashes // group, bounds),
    )


def _pair(downs: IntArray, ups: IntArray, w: int, h: int) -> tuple[IntArray, IntArray]:
    """Down intervals from the instants a node went down and came back up."""
    keys = np.concatenate([downs, ups])
    kind = np.concatenate([np.zeros(len(downs), dtype=bool), np.ones(len(ups), dtype=bool)])
    order = np.argsort(keys, kind="stable")
    keys, kind = keys[order], kind[order]
    first = np.flatnonzero(~kind)
    nxt = np.minimum(first + 1, len(keys) - 1)
    # Up and down alternate per node and lane, so a down is followed by its
    # up, if any, in the same (node, lane) group of width w.
    closed = (first + 1 < len(keys)) & kind[nxt] & (keys[nxt] // w == keys[first] // w)
    start = keys[first]
    end = np.where(closed, keys[nxt], start - start % w + h + 1)
    return start, end


def _deadlock(
    store: Store,
    c: _Lanes,
    down: BoolArray,
    restore: IntArray,
    since: IntArray,
    h: int,
    w: int,
) -> None:
    """The engine's deadlock analysis at the horizon, in every lane at once."""
    lanes, k = down.shape
    n = c.samples
    outside_down = c.outside_at(np.arange(lanes, dtype=np.int64) * w + h)[1]
    outside_reason = outside_down.copy()
    parts, members = c.outside.shape
    for p in range(parts):
        for e, u in enumerate(c.outside[p].tolist()):
            if u in store.stuck:
                outside_reason[p * n : (p + 1) * n, e] &= ~store.stuck[u]
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
    for p in range(parts):
        rows = stuck[p * n : (p + 1) * n]
        for j in np.flatnonzero(rows.any(axis=0)).tolist():
            store.stuck[int(c.nodes[p * k + j])] = rows[:, j].copy()
    lost = (c.counts(down, outside_down) > c.slack) & timing
    rows = np.flatnonzero(stuck.any(axis=1))
    # Lanes often share their stuck pattern: find the cycles once per pattern.
    patterns = np.packbits(np.concatenate([stuck[rows], lost[rows]], axis=1), axis=1)
    _, first, inverse = np.unique(patterns, axis=0, return_index=True, return_inverse=True)
    req, owner, member = c.edges
    for p, row in enumerate(first.tolist()):
        lane = rows[row]
        use = lost[lane][req] & stuck[lane][owner] & stuck[lane][member]
        graph = csr_matrix((np.ones(int(use.sum())), (owner[use], member[use])), shape=(k, k))
        _, labels = connected_components(graph, directed=True, connection="strong")
        on_cycle = np.flatnonzero((np.bincount(labels, minlength=k)[labels] > 1) & stuck[lane])
        if len(on_cycle):
            alike = rows[inverse.ravel() == p]
            part, sample = np.divmod(alike, n)
            node = c.nodes[(part[:, None] * k + on_cycle[None, :]).ravel()]
            store.deadlock.append((np.repeat(sample, len(on_cycle)), node))
