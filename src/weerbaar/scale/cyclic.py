"""Components with a cycle, simulated in all samples in lock step.

Inside a cycle rule 6 (a node only comes back when what it needs is back)
makes the outcome depend on the order of events, so a cyclic component is
simulated event by event exactly as :mod:`weerbaar.engine.simulate` does,
for many *lanes* at once. A lane is one component in one sample; the
components of a step share their structure (:class:`~weerbaar.scale.plan.Step`),
so every lane uses the same requirement tables.

A requirement whose members all lie outside the component does not depend on
it: when it is lost follows from the interval algebra
(:mod:`weerbaar.scale.losses`), and to the simulation it is an outside force,
like an initiating window. Only requirements with a member inside take part
in the steps. Each lane advances to its own next event (an outside force
starts or ends, an outside member goes down or comes back or is late, a
tolerance runs out, a restart ends), and then every lane due takes the
engine's step, on arrays of shape ``(lanes, nodes)``:

0. put down every node whose window covers the instant;
1. drop every node without a reason to be down, until nothing changes;
   outside members count when down now and not *late* (going down only in
   step 2 of the instant, possibly after coming back in its step 1);
2. add every node with a lost requirement, counting every outside member
   down now, until nothing changes;
3. keep the books: failing, restart deadlines, since when each requirement
   is unmet.

Requirements use ``since`` from before the instant throughout, so a tolerance
that runs out exactly as its requirement is met again never counts (rule 2).
The nodes that step 2 puts down are stored as late for the cycles further on.

At the horizon the engine's deadlock analysis follows, on the same arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from weerbaar.engine.graph import distinct
from weerbaar.scale.intervals import (
    EMPTY,
    at_time,
    members_of,
    ragged_arange,
    union,
)
from weerbaar.scale.late import unheld
from weerbaar.scale.losses import losses
from weerbaar.scale.plan import Durations, Plan
from weerbaar.scale.store import Block, Store

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float32]

_NEVER = np.iinfo(np.int64).max


class _Lanes:
    """One cyclic step: the shared structure, and per lane its durations and inputs."""

    def __init__(self, plan: Plan, dur: Durations, store: Store, nodes: IntArray, parts: int):
        n, w, h = dur.samples, plan.width, plan.horizon_ticks
        k = len(nodes) // parts
        self.nodes, self.k, self.samples, self.lanes = nodes, k, n, parts * n
        self.w, self.h = w, h
        self.stride = self.lanes * w  # keys per node or member: index * stride + lane * w + t
        comps = nodes.reshape(parts, k)
        where = np.full(plan.n, -1, dtype=np.int64)
        where[nodes] = np.tile(np.arange(k), parts)
        owned = np.diff(plan.own_ptr)[comps[0]]
        reqs = ragged_arange(plan.own_ptr[nodes], np.diff(plan.own_ptr)[nodes]).reshape(parts, -1)
        owner = np.repeat(np.arange(k, dtype=np.int64), owned)
        size = np.diff(plan.req_ptr)[reqs[0]]
        slot_req = np.repeat(np.arange(reqs.shape[1], dtype=np.int64), size)
        slot_node = plan.req_members[
            ragged_arange(plan.req_ptr[reqs.ravel()], np.tile(size, parts))
        ]
        slot_node = slot_node.reshape(parts, -1)
        inside = where[slot_node[0]] >= 0
        mixed = np.bincount(slot_req[inside], minlength=reqs.shape[1]) > 0
        self._mixed(plan, dur, reqs[:, mixed], owner[mixed], slot_req, slot_node, inside, mixed)
        self._outer(plan, dur, store, reqs[:, ~mixed], owner[~mixed])
        lane_sample = np.tile(np.arange(n, dtype=np.int64), parts)
        self.rho = dur.restart(
            np.repeat(comps, n, axis=0).ravel(), np.repeat(lane_sample, k)
        ).reshape(self.lanes, k)

    # -- requirements with a member inside: simulated --------------------------

    def _mixed(
        self,
        plan: Plan,
        dur: Durations,
        reqs: IntArray,
        owner: IntArray,
        slot_req: IntArray,
        slot_node: IntArray,
        inside: BoolArray,
        mixed: BoolArray,
    ) -> None:
        k, n = self.k, self.samples
        parts, count = reqs.shape
        renumber = np.cumsum(mixed) - 1
        use = mixed[slot_req]
        slot_req, slot_node, inside = renumber[slot_req[use]], slot_node[:, use], inside[use]
        where = np.full(plan.n, -1, dtype=np.int64)
        where[self.nodes] = np.tile(np.arange(k), parts)
        # Outside members by first use: the same slots in every component.
        first = np.sort(np.unique(slot_node[0][~inside], return_index=True)[1])
        self.outside = slot_node[:, ~inside][:, first]  # (parts, members)
        rank = np.zeros(len(inside), dtype=np.int64)
        rank[~inside] = _first_use_rank(slot_node[0][~inside])
        column = np.where(inside, where[slot_node[0]], k + rank)
        # Counting is a matrix product: how often each own node and outside
        # member is a member of each requirement, and which requirements each
        # node owns. Counts are small integers, exact in float32; BLAS makes
        # these products several times faster than gathering member by member.
        units = k + self.outside.shape[1]
        members = np.zeros((units, count), dtype=np.float32)
        np.add.at(members, (column, slot_req), 1)
        self.members_inside, self.members_outside = members[:k], members[k:]
        self.owns = np.zeros((count, k), dtype=np.float32)
        self.owns[np.arange(count), owner] = 1
        self.slack = plan.req_slack[reqs[0]]
        # Requirements between own nodes, for the deadlock's cycles.
        self.edges = (slot_req[inside], owner[slot_req[inside]], column[inside])
        lane_sample = np.tile(np.arange(n, dtype=np.int64), parts)
        self.tol = dur.tolerance(
            np.repeat(reqs, n, axis=0).ravel(), np.repeat(lane_sample, count)
        ).reshape(self.lanes, count)

    def counts(self, inside: BoolArray, outside: BoolArray) -> FloatArray:
        """Down members per requirement, given which own and outside nodes are down."""
        return self.counts_inside(inside) + self.counts_outside(outside)

    def counts_inside(self, inside: BoolArray) -> FloatArray:
        out: FloatArray = inside.astype(np.float32) @ self.members_inside
        return out

    def counts_outside(self, outside: BoolArray) -> FloatArray:
        out: FloatArray = outside.astype(np.float32) @ self.members_outside
        return out

    def lost_nodes(self, lost: BoolArray) -> BoolArray:
        """Which nodes have at least one of the given lost requirements."""
        out: BoolArray = (lost.astype(np.float32) @ self.owns) > 0
        return out

    # -- requirements with every member outside: outside forces ---------------

    def _outer(
        self, plan: Plan, dur: Durations, store: Store, reqs: IntArray, owner: IntArray
    ) -> None:
        k, n, w, h = self.k, self.samples, self.w, self.h
        parts = reqs.shape[0]
        g = n * w  # keys per node of the step: index * g + sample * w + time
        flat = reqs.ravel()
        index = (np.arange(parts, dtype=np.int64)[:, None] * k + owner[None, :]).ravel()
        unmet = losses(plan, dur, store, flat)
        la, lb, lr = unmet.lost
        wi, ws, wa, we = dur.windows(self.nodes)
        # Windows alone (step 0 of an instant), and windows with lost outside
        # requirements (what makes a node failing, added in step 2).
        wk = wi * g + ws * w
        self.window_start, self.window_end = self._sorted(wk + wa, wk + we, g)
        fa, fb = union(
            np.concatenate([index[lr] * g + la, wk + wa]),
            np.concatenate([index[lr] * g + lb, wk + we]),
        )
        self.force_start, self.force_end = self._sorted(fa, fb, g)
        # Instants at which only members that go down in step 2 make an
        # outside requirement lost: no reason yet in step 1.
        self.unheld = np.sort(self._by_node(unheld(plan, dur, store, unmet, flat, index), g))
        # What the deadlock analysis needs at the horizon.
        lane_of = (wi // k) * n + ws
        self.window_h = np.zeros((self.lanes, k), dtype=bool)
        held = (wa <= h) & (we > h)
        self.window_h[lane_of[held], wi[held] % k] = True
        late = (la % w <= h) & (lb % w > h)
        part, sample = index[lr[late]] // k, la[late] // w
        #: (lane, outer requirement) pairs lost at the horizon.
        self.outer_lost_h = (part * n + sample, lr[late] % reqs.shape[1])
        self.outer = reqs
        self.outer_owner = owner

    def _sorted(self, start: IntArray, end: IntArray, g: int) -> tuple[IntArray, IntArray]:
        """Spans in node keys, sorted by start."""
        a, b = union(start, end)
        a, b = self._by_node(a, g), self._by_node(b, g)
        order = np.argsort(a, kind="stable")
        return a[order], b[order]

    def _by_node(self, keys: IntArray, g: int) -> IntArray:
        """Keys ``(part * k + v) * g + sample * w + t`` as ``v * stride + lane * w + t``."""
        index, rest = np.divmod(keys, g)
        part, v = np.divmod(index, self.k)
        out: IntArray = v * self.stride + part * g + rest
        return out

    # -- outside members of the simulated requirements --------------------------

    def outside_spans(self, store: Store) -> None:
        """Spans and late instants of the outside members of every lane, as one key array each."""
        parts, members = self.outside.shape
        n, w = self.samples, self.w
        shift = np.arange(members, dtype=np.int64)[None, :] * self.stride + (
            np.arange(parts, dtype=np.int64)[:, None] * (n * w)
        )
        who = self.outside.ravel()
        start, end, _ = store.gather(who, shift.ravel())
        order = np.argsort(start, kind="stable")  # gathered block by block
        self.span_start, self.span_end = start[order], end[order]
        self.late = np.sort(store.gather(who, shift.ravel(), late=True)[0])
        self.shift = np.arange(members, dtype=np.int64) * self.stride

    def outside_at(self, at: IntArray) -> tuple[BoolArray, BoolArray]:
        """For lane keys ``at`` (sorted): which outside members are down at that instant,
        and which of those are not yet down in its step 1 (they go down, or come
        back and go down again, in step 2); each ``(len(at), members)``."""
        # Member-major, so that the searched keys come sorted.
        keys = (self.shift[:, None] + at[None, :]).ravel()
        shape = (len(self.shift), len(at))
        after = at_time(self.span_start, self.span_end, keys).reshape(shape)
        late = members_of(self.late, keys).reshape(shape)
        return after.T, late.T

    def events(self) -> IntArray:
        """Every lane's instants of outside change up to the horizon, as sorted lane keys."""
        forces = [self.force_start, self.force_end, self.window_start, self.window_end, self.unheld]
        keys = np.concatenate([*forces, self.span_start, self.span_end, self.late])
        keys = distinct(keys % self.stride)
        out: IntArray = keys[keys % self.w <= self.h]
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
    """Simulate the ``parts`` alike components in ``nodes`` in all samples; store them."""
    w, h = plan.width, plan.horizon_ticks
    c = _Lanes(plan, dur, store, nodes, parts)
    c.outside_spans(store)
    lanes, k = c.lanes, c.k
    base = np.arange(lanes, dtype=np.int64) * w
    outside = _Outside(c, base)
    slack = c.slack.astype(np.float32)
    down = np.zeros((lanes, k), dtype=bool)
    failing = np.zeros((lanes, k), dtype=bool)
    restore = np.full((lanes, k), -1, dtype=np.int64)
    since = np.full((lanes, len(c.slack)), -1, dtype=np.int64)
    went_down: list[IntArray] = []
    went_up: list[IntArray] = []
    late_keys: list[IntArray] = []

    def upcoming(rows: IntArray, now: IntArray) -> IntArray:
        """Each lane's first event after ``now``."""
        out = outside.upcoming(rows)
        sn, tol = since[rows], c.tol[rows]
        timer = np.where((sn >= 0) & (tol > 0) & (sn + tol > now[:, None]), sn + tol, _NEVER)
        rs = restore[rows]
        ready = np.where(rs > now[:, None], rs, _NEVER)
        out = np.minimum(out, timer.min(axis=1, initial=_NEVER))
        result: IntArray = np.minimum(out, ready.min(axis=1, initial=_NEVER))
        return result

    t_next = upcoming(np.arange(lanes, dtype=np.int64), np.full(lanes, -1, dtype=np.int64))
    while True:
        due = np.flatnonzero(t_next <= h)
        if not len(due):
            break
        t = t_next[due]
        at = base[due] + t
        tc = t[:, None]
        after, late, window, held, early = outside.at(due, at)
        was = down[due]
        tol = c.tol[due]
        sn = since[due]
        # Rule 2 at t with `since` from before t: unmet since then for T, or
        # unmet from now on with T = 0.
        timing = ((sn >= 0) & (sn + tol <= tc)) | ((sn < 0) & (tol == 0))
        # Step 0: windows that cover t put their nodes down, nothing more yet.
        x = was | window
        # Step 1 (rule 6): drop what has no reason. Outside members count as
        # down when they are down now and not only from step 2 on.
        rho = c.rho[due]
        restoring = (restore[due] > tc) | (failing[due] & (rho > 0))
        settled = c.counts_outside(after & ~late)
        while True:
            lost = (c.counts_inside(x) + settled > slack) & timing
            kept = x & (early | restoring | c.lost_nodes(lost))
            if (kept == x).all():
                break
            x = kept
        mid = x
        # Step 2 (rule 5): add every node with a lost requirement, now counting
        # every outside member down at t.
        now_down = c.counts_outside(after)
        while True:
            unmet = c.counts_inside(x) + now_down > slack
            lost = unmet & timing
            grown = x | held | c.lost_nodes(lost)
            if (grown == x).all():
                break
            x = grown
        # Book-keeping, as the engine's step does it.
        fails = x & (held | c.lost_nodes(lost))
        ended = failing[due] & ~fails & (rho > 0)
        restore[due] = np.where(ended, np.maximum(restore[due], tc + rho), restore[due])
        failing[due] = fails
        since[due] = np.where(unmet, np.where(sn < 0, tc, sn), -1)
        for mask, out in ((x & ~was, went_down), (~x & was, went_up), (x & ~mid, late_keys)):
            s, v = np.nonzero(mask)
            out.append(v * c.stride + at[s])
        down[due] = x
        t_next[due] = upcoming(due, t)

    start, end = _pair(np.concatenate([EMPTY, *went_down]), np.concatenate([EMPTY, *went_up]), w, h)
    lates = distinct(np.concatenate([EMPTY, *late_keys]))
    store.add(nodes, _block(start, end, lates, c))
    _deadlock(plan, store, c, down, restore, since)


class _Outside:
    """What happens outside the component, per lane, at each of its instants.

    Outside changes only at the lane's *static* events (:meth:`_Lanes.events`),
    so its state is computed once for all of them, and a lane that reaches
    an instant in between (a tolerance or restart running out) sees the
    state of its last static event, without what holds at one instant only
    (late members, unheld requirements). Lanes move forward in time, so a
    pointer per lane finds its next static event.
    """

    def __init__(self, c: _Lanes, base: IntArray) -> None:
        static = c.events()
        self.count = len(static)
        self.base = base
        self.events = static
        self.stride = c.stride
        # One more entry for "before the lane's first static event": nothing down.
        self.static = np.append(static, 0)
        self.first = np.searchsorted(static, base)
        self.last = np.searchsorted(static, base + c.w)
        self.next = self.first.copy()
        members = c.outside.shape[1]
        self.after = self._paint(c.span_start, c.span_end, members)
        self.late = self._mark(c.late, members)
        self.window = self._paint(c.window_start, c.window_end, c.k)
        self.held = self._paint(c.force_start, c.force_end, c.k)
        self.early = self.window | (self.held & ~self._mark(c.unheld, c.k))

    def _paint(self, start: IntArray, end: IntArray, columns: int) -> BoolArray:
        """Which column's spans cover each static event: ``(events + 1, columns)``.

        Keys are ``column * stride + lane key``. Every span starts and ends at
        a static event of its lane (or past the lane's last one, at the next
        lane's first), so it covers a range of rows: +1 at its first row and
        -1 past its last, summed down the rows. The extra last row stays
        empty: it is the state before a lane's first event.
        """
        column, first = np.divmod(start, self.stride)
        past = end - column * self.stride
        size = (self.count + 1) * columns
        rise = np.searchsorted(self.events, first) * columns + column
        fall = np.searchsorted(self.events, past) * columns + column
        steps = np.bincount(rise, minlength=size) - np.bincount(fall, minlength=size)
        out: BoolArray = np.cumsum(steps.reshape(self.count + 1, columns), axis=0) > 0
        return out

    def _mark(self, keys: IntArray, columns: int) -> BoolArray:
        """Which column has an instant (``column * stride + lane key``) at each static event."""
        column, at = np.divmod(keys, self.stride)
        row = np.searchsorted(self.events, at)
        found = self.static[row] == at  # instants past the horizon are no event
        out = np.zeros((self.count + 1, columns), dtype=bool)
        out[row[found], column[found]] = True
        return out

    def upcoming(self, rows: IntArray) -> IntArray:
        """Each lane's next static event (its time), or never."""
        i = self.next[rows]
        out: IntArray = np.where(i < self.last[rows], self.static[i] - self.base[rows], _NEVER)
        return out

    def at(self, rows: IntArray, at: IntArray) -> tuple[BoolArray, ...]:
        """The outside state of lanes ``rows`` at lane keys ``at``, and move past it.

        Returns, each ``(len(rows), ...)``: outside members down, outside
        members late, nodes a window holds, nodes held by a window or a lost
        outside requirement, and those held already in step 1.
        """
        i = self.next[rows]
        on = (i < self.last[rows]) & (self.static[i] == at)
        row = np.where(on, i, i - 1)
        row[row < self.first[rows]] = self.count
        self.next[rows] = i + on
        window, held = self.window[row], self.held[row]
        late = self.late[row] & on[:, None]
        early = np.where(on[:, None], self.early[row], window | held)
        return self.after[row], late, window, held, early


def _to_nodes(keys: IntArray, c: _Lanes) -> IntArray:
    """Lane keys ``v * stride + lane * w + t`` as ``node * n * w + sample * w + t``."""
    n, w = c.samples, c.w
    v, rest = np.divmod(keys, c.stride)
    lane, t = np.divmod(rest, w)
    part, sample = np.divmod(lane, n)
    out: IntArray = ((part * c.k + v) * n + sample) * w + t
    return out


def _block(start: IntArray, end: IntArray, late: IntArray, c: _Lanes) -> Block:
    group = c.samples * c.w
    start, end = _to_nodes(start, c), _to_nodes(end, c)
    order = np.argsort(start)
    start, end = start[order], end[order]
    late = np.sort(_to_nodes(late, c))
    bounds = np.arange(len(c.nodes) + 1, dtype=np.int64)
    return Block(
        start % group,
        end % group,
        np.searchsorted(start // group, bounds),
        late % group,
        np.searchsorted(late // group, bounds),
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


def _outer_reasons(plan: Plan, store: Store, c: _Lanes) -> BoolArray:
    """Nodes that an outside requirement, lost at the horizon, holds down for a reason.

    Such a requirement gives a reason when more than its slack of members are
    down at the horizon for a reason themselves: not stuck. Without stuck
    members that is every requirement lost at the horizon.
    """
    n, w, h = c.samples, c.w, c.h
    out = np.zeros((c.lanes, c.k), dtype=bool)
    lane, req = c.outer_lost_h
    part, sample = np.divmod(lane, n)
    reqs = c.outer[part, req]
    held = np.ones(len(lane), dtype=bool)
    for i in range(len(lane)):
        r = int(reqs[i])
        members = plan.req_members[plan.req_ptr[r] : plan.req_ptr[r + 1]].tolist()
        s = int(sample[i])
        if not any(u in store.stuck and store.stuck[u][s] for u in members):
            continue
        reasons = sum(
            bool(at_time(*store.spans(u), np.array([s * w + h]))[0])
            and not (u in store.stuck and store.stuck[u][s])
            for u in members
        )
        held[i] = reasons > plan.req_slack[r]
    out[lane[held], c.outer_owner[req[held]]] = True
    return out


def _deadlock(
    plan: Plan, store: Store, c: _Lanes, down: BoolArray, restore: IntArray, since: IntArray
) -> None:
    """The engine's deadlock analysis at the horizon, in every lane at once."""
    lanes, k = down.shape
    n, w, h = c.samples, c.w, c.h
    outside_down = c.outside_at(np.arange(lanes, dtype=np.int64) * w + h)[0]
    outside_reason = outside_down.copy()
    parts = c.outside.shape[0]
    for p in range(parts):
        for e, u in enumerate(c.outside[p].tolist()):
            if u in store.stuck:
                outside_reason[p * n : (p + 1) * n, e] &= ~store.stuck[u]
    timing = (since >= 0) & (since + c.tol <= h)
    reason = down & (c.window_h | (restore > h))
    if (down & ~reason).any():
        reason |= down & _outer_reasons(plan, store, c)
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
        part = stuck[p * n : (p + 1) * n]
        for j in np.flatnonzero(part.any(axis=0)).tolist():
            store.stuck[int(c.nodes[p * k + j])] = part[:, j].copy()
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
