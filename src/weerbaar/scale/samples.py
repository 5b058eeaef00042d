"""Monte Carlo samples one at a time, each by the engine's exact event loop, compiled.

:mod:`weerbaar.scale.cascade` works through a chunk of samples with interval
algebra in numpy: dozens of array operations per dependency level, each
paying for sorts and temporaries over all samples. This module runs the
event loop of :mod:`weerbaar.engine.eventloop` itself, rule for rule, on the
scenario's :class:`~weerbaar.scale.plan.Plan`, one sample after the other,
as a compiled loop (:mod:`weerbaar.engine.jit`): a sample costs what its
events touch, a fraction of a millisecond on a regional map.

Two things keep it fast besides the compilation:

- every uncertain quantity is drawn *when the sample first needs it*, with
  the same counter-based generator as
  :class:`~weerbaar.scale.distributions.Sampler` (so the same value to the
  last bit): most tolerances and restarts of a large plan never come into
  play in a given sample, and drawing all of them costs more than the
  simulation. Log-normal draws need the normal quantile function, which only
  scipy has; they are drawn in numpy beforehand, a row per such quantity;
- the outputs are what Monte Carlo keeps: per node of interest and sample
  the hours down in total and at most at a stretch, summed in time order as
  :meth:`~weerbaar.engine.simulate.SimulationResult.downtime` sums them, and
  whether the sample ends in a recovery deadlock. The down intervals and
  deadlocked nodes of each sample are kept only when asked for, to compare
  with the exact engine.

Within an instant the order of the engine's three steps is kept (windows
that start; drop what has no reason, rule 6; add what has a lost
requirement, rule 5). The engine takes each step's fixpoint a frontier at a
time, this loop one node at a time; the fixpoints are the same, as both
steps are monotone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.jit import inlined, kernel
from weerbaar.engine.simulate import TICKS_PER_HOUR, Interval, SimulationResult
from weerbaar.scale.distributions import MAX_HOURS, Sampler
from weerbaar.scale.plan import Plan

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: "Not set" in the tick arrays, as in the engine; below every real time.
NONE = np.iinfo(np.int64).min
#: The end of a window without end.
NEVER = np.iinfo(np.int64).max

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TPH = float(TICKS_PER_HOUR)
_MAX_HOURS = float(MAX_HOURS)

# Event kinds; an event is (time, item * 4 + kind) on a binary heap.
_WINDOW, _RESTART, _EXPIRY = 0, 1, 2


@inlined
def _drawn(
    key: np.uint64,
    q: int,
    sample: int,
    params: FloatArray,
    log_row: IntArray,
    log_ticks: IntArray,
    column: int,
) -> np.int64:
    """Quantity ``q`` in ``sample``, in ticks: :meth:`Sampler.ticks`, one value at a time."""
    row = log_row[q]
    if row >= 0:
        return np.int64(log_ticks[row, column])
    counter = (np.uint64(q) << np.uint64(32)) | np.uint64(sample)
    z = counter * _GAMMA + key
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z ^= z >> np.uint64(31)
    u = (np.float64(z >> np.uint64(11)) + 0.5) * 2.0**-53
    low, mode, high = params[q, 0], params[q, 1], params[q, 2]
    width = high - low
    left = u * width < mode - low
    out = u * (mode - low) if left else (1 - u) * (high - mode)
    out *= width
    out = np.sqrt(out)
    if left:
        out += low
    else:
        out = -out + high
    out = min(max(out, 0.0), _MAX_HOURS)
    out *= _TPH
    return np.int64(np.rint(out))


@inlined
def _tolerance_out(
    v: int,
    t: int,
    own_ptr: IntArray,
    count: IntArray,
    slack: IntArray,
    since: IntArray,
    tol: IntArray,
    tol_q: IntArray,
    key: np.uint64,
    sample: int,
    params: FloatArray,
    log_row: IntArray,
    log_ticks: IntArray,
    column: int,
) -> bool:
    """Whether a lost requirement of ``v`` has used up its tolerance at ``t``.

    A requirement's tolerance is drawn the first time it is needed, so that
    a sample draws only what its cascade reaches.
    """
    for r in range(own_ptr[v], own_ptr[v + 1]):
        if count[r] > slack[r]:
            if tol[r] < 0:
                tol[r] = _drawn(key, tol_q[r], sample, params, log_row, log_ticks, column)
            s0 = t if since[r] == NONE else since[r]
            if s0 + tol[r] <= t:
                return True
    return False


#: Buckets of the event queue over [0, horizon]: a calendar queue, as every
#: event lies ahead of the current time and within the horizon.
_BUCKETS = 1 << 14


@inlined
def _push(
    head: IntArray, pool: IntArray, state: IntArray, width: int, t: int, payload: int
) -> None:
    """Add event (t, payload) to the calendar queue, unless its pool is full.

    ``pool[e]`` holds entry e's time, payload and next entry in its bucket;
    ``state`` the free list's first entry, the entries in use, the count,
    and whether an event did not fit (the sample then runs again with a
    larger pool). A pool of fixed size keeps the loop from handing a new
    array around for every event.
    """
    e = state[0]
    if e >= 0:
        state[0] = pool[e, 2]
    else:
        if state[1] == len(pool):
            state[3] = 1
            return
        e = state[1]
        state[1] += 1
    b = t // width
    pool[e, 0] = t
    pool[e, 1] = payload
    pool[e, 2] = head[b]
    head[b] = e
    state[2] += 1


@kernel
def _run(
    # The plan
    n: int,
    horizon: int,
    hours: float,
    owner: IntArray,
    slack: IntArray,
    req_ptr: IntArray,
    members: IntArray,
    own_ptr: IntArray,
    use_ptr: IntArray,
    uses: IntArray,
    slot_req: IntArray,
    tol_base: IntArray,
    tol_q: IntArray,
    rho_base: IntArray,
    rho_q: IntArray,
    win_ptr: IntArray,
    win_f: IntArray,
    win_node: IntArray,
    win_at: IntArray,
    win_dur: IntArray,
    win_q: IntArray,
    # The draws
    key: np.uint64,
    params: FloatArray,
    log_row: IntArray,
    log_ticks: IntArray,
    first: int,
    # What to keep, from sample ``begin`` on
    row_of: IntArray,
    downtime: FloatArray,
    longest: FloatArray,
    deadlocked: BoolArray,
    record: bool,
    rec: IntArray,
    rec_used: int,
    stuck_rec: IntArray,
    stuck_used: int,
    begin: int,
    pool: IntArray,
) -> tuple[int, int, int]:
    nr = len(owner)
    nf = len(win_at)
    samples = len(deadlocked)
    # State of one sample, reset at its start.
    down = np.zeros(n, dtype=np.bool_)
    forced = np.zeros(n, dtype=np.bool_)
    failing = np.zeros(n, dtype=np.bool_)
    restore_until = np.full(n, NONE, dtype=np.int64)
    start = np.full(n, NONE, dtype=np.int64)
    rho = np.empty(n, dtype=np.int64)
    count = np.zeros(nr, dtype=np.int64)
    since = np.full(nr, NONE, dtype=np.int64)
    tol = np.empty(nr, dtype=np.int64)
    wa = np.empty(nf, dtype=np.int64)
    wb = np.empty(nf, dtype=np.int64)
    width = horizon // _BUCKETS + 1
    head = np.full(_BUCKETS + 1, -1, dtype=np.int64)
    state = np.zeros(4, dtype=np.int64)
    # Scratch lists and marks (a mark equal to the current epoch: in the list).
    epoch = 0
    mark_w = np.zeros(n, dtype=np.int64)
    mark_r = np.zeros(n, dtype=np.int64)
    mark_c = np.zeros(nr, dtype=np.int64)
    mark_s = np.zeros(nr, dtype=np.int64)
    mark_t = np.zeros(n, dtype=np.int64)
    mark_n = np.zeros(n, dtype=np.int64)
    mark_g = np.zeros(n, dtype=np.int64)
    queued = np.zeros(n, dtype=np.bool_)
    mark_a = np.zeros(n, dtype=np.int64)
    arm = np.empty(n, dtype=np.int64)
    due_at = np.full(n, NONE, dtype=np.int64)
    windowed = np.empty(n, dtype=np.int64)
    restarted = np.empty(n, dtype=np.int64)
    expired = np.empty(nr, dtype=np.int64)
    started = np.empty(nr, dtype=np.int64)
    crossed = np.empty(nr, dtype=np.int64)
    crossed_all = np.empty(nr, dtype=np.int64)
    grown = np.empty(n, dtype=np.int64)
    dropped = np.empty(n, dtype=np.int64)
    work = np.empty(n, dtype=np.int64)
    nodes = np.empty(n, dtype=np.int64)
    # The deadlock analysis.
    reason = np.zeros(n, dtype=np.bool_)
    count_h = np.zeros(nr, dtype=np.int64)
    order = np.full(n, -1, dtype=np.int64)
    low = np.zeros(n, dtype=np.int64)
    on_stack = np.zeros(n, dtype=np.bool_)
    stuck = np.zeros(n, dtype=np.bool_)
    tarjan = np.empty(n, dtype=np.int64)
    calls = np.empty(n, dtype=np.int64)
    slot_at = np.empty(n, dtype=np.int64)
    rows = downtime.shape[1]

    for i in range(begin, samples):
        sample = first + i
        rec_mark, stuck_mark = rec_used, stuck_used
        for j in range(rows):
            downtime[i, j] = 0.0
            longest[i, j] = 0.0
        deadlocked[i] = False
        down[:] = False
        forced[:] = False
        failing[:] = False
        restore_until[:] = NONE
        start[:] = NONE
        due_at[:] = NONE
        count[:] = 0
        since[:] = NONE
        for v in range(n):
            rho[v] = rho_base[v] if rho_q[v] < 0 else -1
        for r in range(nr):
            tol[r] = tol_base[r] if tol_q[r] < 0 else -1
        state[0], state[1], state[2], state[3] = -1, 0, 0, 0
        cur = 0
        for f in range(nf):
            d = win_dur[f]
            if win_q[f] >= 0:
                d = _drawn(key, win_q[f], sample, params, log_row, log_ticks, i)
            wa[f] = win_at[f]
            wb[f] = NEVER if d < 0 else win_at[f] + d
            if d == 0:
                wb[f] = wa[f]  # a window of no length: the engine leaves it out
                continue
            if wa[f] <= horizon:
                _push(head, pool, state, width, wa[f], win_node[f] * 4 + _WINDOW)
            if wb[f] <= horizon:
                _push(head, pool, state, width, wb[f], win_node[f] * 4 + _WINDOW)

        while state[2] > 0:
            # The earliest time in the first bucket that is not empty, and
            # every event at that time, taken out of the bucket.
            while head[cur] < 0:
                cur += 1
            t = NEVER
            e = head[cur]
            while e >= 0:
                t = min(t, pool[e, 0])
                e = pool[e, 2]
            epoch += 1
            nw = nrs = ne = na = 0
            before = -1
            e = head[cur]
            while e >= 0:
                after = pool[e, 2]
                if pool[e, 0] != t:
                    before = e
                    e = after
                    continue
                if before < 0:
                    head[cur] = after
                else:
                    pool[before, 2] = after
                payload = pool[e, 1]
                pool[e, 2] = state[0]
                state[0] = e
                state[2] -= 1
                e = after
                kind, item = payload & 3, payload >> 2
                if kind == _WINDOW:
                    if mark_w[item] != epoch:
                        mark_w[item] = epoch
                        windowed[nw] = item
                        nw += 1
                elif kind == _RESTART:
                    # A restart that ends while its node fails again changes
                    # nothing either: the node stays down for that reason.
                    if restore_until[item] == t and not failing[item] and mark_r[item] != epoch:
                        mark_r[item] = epoch
                        restarted[nrs] = item
                        nrs += 1
                else:
                    # The next expiry of node ``item``'s lost requirements; an
                    # older one, overtaken by an earlier, is passed over.
                    o = item
                    if due_at[o] != t:
                        continue
                    due_at[o] = NONE
                    # While its owner is down and failing an expiry changes
                    # nothing: the owner's next one is queued when it stops.
                    if failing[o]:
                        continue
                    for r in range(own_ptr[o], own_ptr[o + 1]):
                        if since[r] != NONE and since[r] + tol[r] == t:
                            expired[ne] = r
                            ne += 1
                    if mark_a[o] != epoch:
                        mark_a[o] = epoch
                        arm[na] = o
                        na += 1
            if nw + nrs + ne > 0:
                for k in range(nw):
                    v = windowed[k]
                    on = False
                    for k2 in range(win_ptr[v], win_ptr[v + 1]):
                        f = win_f[k2]
                        if wa[f] <= t < wb[f]:
                            on = True
                    forced[v] = on
                ng = nd = nst = nc = 0
                # Step 0: windows that start now put their nodes down.
                for k in range(nw):
                    v = windowed[k]
                    if forced[v] and not down[v]:
                        down[v] = True
                        grown[ng] = v
                        ng += 1
                        for s in range(use_ptr[v], use_ptr[v + 1]):
                            r = uses[s]
                            count[r] += 1
                            if count[r] == slack[r] + 1:
                                started[nst] = r
                                nst += 1
                                crossed[nc] = r
                                nc += 1
                # Step 1 (rule 6): drop every down node without a reason.
                top = 0
                for k in range(nw):
                    if not queued[windowed[k]]:
                        queued[windowed[k]] = True
                        work[top] = windowed[k]
                        top += 1
                for k in range(nrs):
                    if not queued[restarted[k]]:
                        queued[restarted[k]] = True
                        work[top] = restarted[k]
                        top += 1
                while top > 0:
                    top -= 1
                    v = work[top]
                    queued[v] = False
                    if not down[v] or forced[v]:
                        continue
                    if rho[v] < 0:
                        rho[v] = _drawn(key, rho_q[v], sample, params, log_row, log_ticks, i)
                    if restore_until[v] > t or (failing[v] and rho[v] > 0):
                        continue
                    if _tolerance_out(
                        v,
                        t,
                        own_ptr,
                        count,
                        slack,
                        since,
                        tol,
                        tol_q,
                        key,
                        sample,
                        params,
                        log_row,
                        log_ticks,
                        i,
                    ):
                        continue
                    down[v] = False
                    dropped[nd] = v
                    nd += 1
                    for s in range(use_ptr[v], use_ptr[v + 1]):
                        r = uses[s]
                        count[r] -= 1
                        if count[r] == slack[r]:
                            crossed[nc] = r
                            nc += 1
                            o = owner[r]
                            if not queued[o]:
                                queued[o] = True
                                work[top] = o
                                top += 1
                # Step 2 (rule 5): add every node with a requirement lost now.
                top = 0
                for k in range(nst + ne):
                    r = started[k] if k < nst else expired[k - nst]
                    if mark_s[r] == epoch:
                        continue
                    mark_s[r] = epoch
                    if count[r] <= slack[r]:
                        continue
                    if tol[r] < 0:
                        tol[r] = _drawn(key, tol_q[r], sample, params, log_row, log_ticks, i)
                    s0 = t if since[r] == NONE else since[r]
                    o = owner[r]
                    if s0 + tol[r] <= t and not down[o]:
                        down[o] = True
                        work[top] = o
                        top += 1
                while top > 0:
                    top -= 1
                    v = work[top]
                    grown[ng] = v
                    ng += 1
                    for s in range(use_ptr[v], use_ptr[v + 1]):
                        r = uses[s]
                        count[r] += 1
                        if count[r] == slack[r] + 1:
                            crossed[nc] = r
                            nc += 1
                            if tol[r] < 0:
                                tol[r] = _drawn(
                                    key, tol_q[r], sample, params, log_row, log_ticks, i
                                )
                            s0 = t if since[r] == NONE else since[r]
                            o = owner[r]
                            if s0 + tol[r] <= t and not down[o]:
                                down[o] = True
                                work[top] = o
                                top += 1
                # Book-keeping: failing, restarts, since, intervals.
                ncr = 0
                for k in range(nc):
                    r = crossed[k]
                    if mark_c[r] != epoch:
                        mark_c[r] = epoch
                        crossed_all[ncr] = r
                        ncr += 1
                for k in range(ng):
                    mark_g[grown[k]] = epoch
                nt = 0
                for k in range(ng + nd):
                    v = grown[k] if k < ng else dropped[k - ng]
                    if mark_t[v] != epoch:
                        mark_t[v] = epoch
                        nodes[nt] = v
                        nt += 1
                touched_n = nt
                for k in range(nw + nrs + ncr + ne):
                    if k < nw:
                        v = windowed[k]
                    elif k < nw + nrs:
                        v = restarted[k - nw]
                    elif k < nw + nrs + ncr:
                        v = owner[crossed_all[k - nw - nrs]]
                    else:
                        v = owner[expired[k - nw - nrs - ncr]]
                    if mark_t[v] != epoch and mark_n[v] != epoch:
                        mark_n[v] = epoch
                        nodes[nt] = v
                        nt += 1
                for k in range(nt):
                    v = nodes[k]
                    now = down[v]
                    if now and mark_g[v] != epoch:
                        now = forced[v]
                        if not now:
                            now = _tolerance_out(
                                v,
                                t,
                                own_ptr,
                                count,
                                slack,
                                since,
                                tol,
                                tol_q,
                                key,
                                sample,
                                params,
                                log_row,
                                log_ticks,
                                i,
                            )
                    if failing[v] and not now:
                        if rho[v] < 0:
                            rho[v] = _drawn(key, rho_q[v], sample, params, log_row, log_ticks, i)
                        if rho[v] > 0:
                            until = t + rho[v]
                            restore_until[v] = max(restore_until[v], until)
                            if until <= horizon:
                                _push(head, pool, state, width, until, v * 4 + _RESTART)
                        # Its next expiry, passed over while it was failing.
                        if mark_a[v] != epoch:
                            mark_a[v] = epoch
                            arm[na] = v
                            na += 1
                    failing[v] = now
                for k in range(ncr):
                    r = crossed_all[k]
                    if count[r] <= slack[r]:
                        since[r] = NONE
                    elif since[r] == NONE:
                        since[r] = t
                        if tol[r] < 0:
                            tol[r] = _drawn(key, tol_q[r], sample, params, log_row, log_ticks, i)
                        o = owner[r]
                        if tol[r] > 0 and t + tol[r] <= horizon and mark_a[o] != epoch:
                            mark_a[o] = epoch
                            arm[na] = o
                            na += 1
                for k in range(touched_n):
                    v = nodes[k]
                    if down[v] and start[v] == NONE:
                        if t < horizon:
                            start[v] = t
                    elif not down[v] and start[v] != NONE:
                        j = row_of[v]
                        if j >= 0:
                            length = t / _TPH - start[v] / _TPH
                            downtime[i, j] += length
                            longest[i, j] = max(longest[i, j], length)
                        if record:
                            if rec_used == rec.shape[0]:
                                return i, rec_mark, stuck_mark
                            rec[rec_used, 0] = i
                            rec[rec_used, 1] = v
                            rec[rec_used, 2] = start[v]
                            rec[rec_used, 3] = t
                            rec_used += 1
                        start[v] = NONE
            # Queue the next expiry of each node armed in this instant that is
            # not failing: a node keeps one expiry in the queue, the earliest
            # of its lost requirements' still ahead (``due_at``). When it
            # comes, the requirements due then expire and the next one is
            # queued. Queued per requirement, most expiries would come while
            # their owner is down and failing for another one, changing nothing.
            for k in range(na):
                o = arm[k]
                if failing[o]:
                    continue
                m = NEVER
                for r in range(own_ptr[o], own_ptr[o + 1]):
                    if since[r] != NONE:
                        d = since[r] + tol[r]
                        if t < d < m:
                            m = d
                if m <= horizon and (due_at[o] <= t or m < due_at[o]):
                    due_at[o] = m
                    _push(head, pool, state, width, m, o * 4 + _EXPIRY)

        if state[3]:
            return i, rec_mark, stuck_mark  # the caller grows the pool; this sample again
        # Outages still running at the horizon.
        for v in range(n):
            if start[v] != NONE:
                j = row_of[v]
                if j >= 0:
                    length = hours - start[v] / _TPH
                    downtime[i, j] += length
                    longest[i, j] = max(longest[i, j], length)
                if record:
                    if rec_used == rec.shape[0]:
                        return i, rec_mark, stuck_mark
                    rec[rec_used, 0] = i
                    rec[rec_used, 1] = v
                    rec[rec_used, 2] = start[v]
                    rec[rec_used, 3] = NONE
                    rec_used += 1

        # The deadlock analysis at the horizon: what an outside reason holds
        # down, and everything that takes down; the rest of the down set is stuck.
        top = 0
        for v in range(n):
            reason[v] = False
            if down[v] and (forced[v] or restore_until[v] > horizon):
                reason[v] = True
                work[top] = v
                top += 1
        count_h[:] = 0
        while top > 0:
            top -= 1
            u = work[top]
            for s in range(use_ptr[u], use_ptr[u + 1]):
                r = uses[s]
                count_h[r] += 1
                if count_h[r] == slack[r] + 1 and since[r] != NONE:
                    if tol[r] < 0:
                        tol[r] = _drawn(key, tol_q[r], sample, params, log_row, log_ticks, i)
                    o = owner[r]
                    if since[r] + tol[r] <= horizon and not reason[o]:
                        reason[o] = True
                        work[top] = o
                        top += 1
        any_stuck = False
        for v in range(n):
            stuck[v] = down[v] and not reason[v]
            any_stuck |= stuck[v]
        if not any_stuck:
            continue
        # Of the stuck nodes, those on a cycle of lost requirements among
        # themselves (a strongly connected component of two or more, Tarjan's
        # algorithm without recursion) are the deadlock.
        counter = 0
        depth = 0
        for root in range(n):
            if not stuck[root] or order[root] >= 0:
                continue
            calls[0] = root
            slot_at[root] = req_ptr[own_ptr[root]]
            order[root] = low[root] = counter
            counter += 1
            tarjan[depth] = root
            depth += 1
            on_stack[root] = True
            level = 1
            while level > 0:
                v = calls[level - 1]
                end = req_ptr[own_ptr[v + 1]]
                descended = False
                while slot_at[v] < end:
                    s = slot_at[v]
                    slot_at[v] += 1
                    r = slot_req[s]
                    u = members[s]
                    if not stuck[u] or since[r] == NONE:
                        continue
                    if tol[r] < 0:
                        tol[r] = _drawn(key, tol_q[r], sample, params, log_row, log_ticks, i)
                    if since[r] + tol[r] > horizon:
                        continue
                    if order[u] < 0:
                        order[u] = low[u] = counter
                        counter += 1
                        tarjan[depth] = u
                        depth += 1
                        on_stack[u] = True
                        slot_at[u] = req_ptr[own_ptr[u]]
                        calls[level] = u
                        level += 1
                        descended = True
                        break
                    if on_stack[u]:
                        low[v] = min(low[v], order[u])
                if descended:
                    continue
                level -= 1
                if level > 0:
                    parent = calls[level - 1]
                    low[parent] = min(low[parent], low[v])
                if low[v] == order[v]:
                    members_of = 0
                    while True:
                        depth -= 1
                        u = tarjan[depth]
                        on_stack[u] = False
                        members_of += 1
                        if u == v:
                            break
                    if members_of > 1:
                        deadlocked[i] = True
                        if record:
                            for k in range(depth, depth + members_of):
                                if stuck_used == stuck_rec.shape[0]:
                                    return i, rec_mark, stuck_mark
                                stuck_rec[stuck_used, 0] = i
                                stuck_rec[stuck_used, 1] = tarjan[k]
                                stuck_used += 1
        for v in range(n):
            order[v] = -1
    return samples, rec_used, stuck_used


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
    queue starts with (default: one event per node and requirement, more
    than generated maps need); a sample that needs more runs again with
    twice the room.

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
    n, nr = plan.n, len(plan.req_owner)
    use_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(plan.req_members, minlength=n), out=use_ptr[1:])
    slot_req = np.repeat(np.arange(nr, dtype=np.int64), np.diff(plan.req_ptr))
    uses = slot_req[np.argsort(plan.req_members, kind="stable")]
    win_f = np.argsort(plan.win_node, kind="stable").astype(np.int64)
    win_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(plan.win_node, minlength=n), out=win_ptr[1:])
    log_q = np.flatnonzero(sampler.lognormal)
    log_row = np.full(sampler.count, -1, dtype=np.int64)
    log_row[log_q] = np.arange(len(log_q))
    column = np.arange(first, first + samples, dtype=np.int64)
    log_ticks = sampler.ticks(np.repeat(log_q, samples), np.tile(column, len(log_q)))
    row_of = np.full(n, -1, dtype=np.int64)
    row_of[rows] = np.arange(len(rows))
    # Sample by sample, each sample's row at once: transposed at the end.
    downtime = np.zeros((samples, len(rows)), dtype=np.float64)
    longest = np.zeros((samples, len(rows)), dtype=np.float64)
    deadlocked = np.zeros(samples, dtype=np.bool_)
    rec = np.empty((64 * samples if record else 0, 4), dtype=np.int64)
    stuck = np.empty((8 * samples if record else 0, 2), dtype=np.int64)
    room = n + nr + 2 * len(plan.win_at) + 64 if events is None else max(1, events)
    pool = np.empty((room, 3), dtype=np.int64)
    done = used = stuck_used = 0
    while True:
        done, used, stuck_used = _run(
            n,
            plan.horizon_ticks,
            float(plan.horizon),
            plan.req_owner,
            plan.req_slack,
            plan.req_ptr,
            plan.req_members,
            plan.own_ptr,
            use_ptr,
            uses,
            slot_req,
            plan.req_tol,
            plan.req_tol_q,
            plan.restart,
            plan.restart_q,
            win_ptr,
            win_f,
            plan.win_node,
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
        )
        if done == samples:
            return SampleRun(
                plan,
                np.ascontiguousarray(downtime.T),
                np.ascontiguousarray(longest.T),
                deadlocked,
                rec[:used],
                stuck[:stuck_used],
            )
        # Out of room for the record or the events: twice as much, on from the
        # sample that did not fit.
        rec = np.concatenate([rec, np.empty_like(rec)])
        stuck = np.concatenate([stuck, np.empty_like(stuck)])
        pool = np.concatenate([pool, np.empty_like(pool)])
