"""The compiled loop over the samples of a chunk, and every kernel it calls.

:func:`sample_loop` is what :func:`weerbaar.scale.samples.run_samples` runs:
per sample it draws every uncertain quantity (:func:`draw_all`), runs the
event loop over the nodes on or feeding a cycle, solves the others by
interval algebra (:func:`_downstream`) and keeps the outcome.

All of it lives in this one module on purpose: numba caches a kernel
together with the kernels it calls, but decides whether that cache is stale
from the source file of the kernel alone (numba issue 1833). A callee in
another module could be edited without the caller noticing, and the old
machine code would go on running.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from weerbaar.engine.jit import inlined, kernel
from weerbaar.engine.simulate import TICKS_PER_HOUR
from weerbaar.scale.distributions import MAX_HOURS

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


@inlined
def drawn(
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
def draw_all(
    key: np.uint64,
    sample: int,
    params: FloatArray,
    log_row: IntArray,
    log_ticks: IntArray,
    column: int,
    out: IntArray,
) -> None:
    """Every quantity in ``sample``, in ticks, into ``out``.

    One tight loop whose values do not depend on each other, so the CPU
    overlaps them: about 5 ns a value, where drawing each as a sample first
    needs it waited for the value every time (a plan's cascade needs almost
    all of them anyway).
    """
    for q in range(len(out)):
        out[q] = drawn(key, q, sample, params, log_row, log_ticks, column)


#: Up to this many pairs an insertion sort, beyond it numpy's merge sort.
_SHORT = 32


@inlined
def _sort_pairs(a: IntArray, b: IntArray, k: int) -> None:
    """Sort the pairs ``(a[j], b[j])``, ``j < k``, by ``a``, in place.

    A node or requirement gathers a handful of intervals, for which an
    insertion sort is quickest; a hub with many lost requirements, or an
    alternative of many members, must not cost it k² steps.
    """
    if k > _SHORT:
        order = np.argsort(a[:k], kind="mergesort")
        a[:k] = a[:k][order]
        b[:k] = b[:k][order]
        return
    for j in range(1, k):
        x, y = a[j], b[j]
        m = j - 1
        while m >= 0 and a[m] > x:
            a[m + 1] = a[m]
            b[m + 1] = b[m]
            m -= 1
        a[m + 1] = x
        b[m + 1] = y


@kernel
def _downstream(
    nu: int,
    n: int,
    horizon: int,
    slack: IntArray,
    req_ptr: IntArray,
    members: IntArray,
    own_ptr: IntArray,
    tol_base: IntArray,
    tol_q: IntArray,
    rho_base: IntArray,
    rho_q: IntArray,
    win_ptr: IntArray,
    win_f: IntArray,
    wa: IntArray,
    wb: IntArray,
    qv: IntArray,
    iv_first: IntArray,
    iv_a: IntArray,
    iv_b: IntArray,
    iv_next: IntArray,
    used: int,
    sa: IntArray,
    sb: IntArray,
    ta: IntArray,
    td: IntArray,
) -> int:
    """Down intervals of nodes ``nu .. n - 1`` of one sample, by interval algebra.

    These nodes lie on no cycle and feed none, and come in dependency order,
    so everything a node needs is solved before it: rules 1-4 of the
    semantics give its down intervals outright (as in
    :mod:`weerbaar.scale.cascade`, where the engine's order within an
    instant never shows outside cycles). A requirement is unmet where more
    than ``slack`` of its members are down, lost on ``[a + T, b)`` of each
    maximal unmet ``[a, b)``; the node fails on the union of its windows and
    lost requirements, and is down on ``[a, b + rho)`` of each maximal
    failing ``[a, b)``, merged. An end past the horizon is ``horizon + 1``
    (open). Each node's intervals are appended to the store (``iv_*``) in
    time order; returns the store's new size, or -1 when it is full.
    """
    ends = horizon + 1
    for v in range(nu, n):
        k = 0  # the node's failing intervals, gathered in sa, sb
        for x in range(win_ptr[v], win_ptr[v + 1]):
            f = win_f[x]
            if wb[f] != wa[f] and wa[f] <= horizon:
                if k == len(sa):
                    return -1
                sa[k] = wa[f]
                sb[k] = min(wb[f], ends)
                k += 1
        for r in range(own_ptr[v], own_ptr[v + 1]):
            p0, p1 = req_ptr[r], req_ptr[r + 1]
            t_r = tol_base[r] if tol_q[r] < 0 else qv[tol_q[r]]
            if p1 - p0 == 1 and slack[r] == 0:
                # Unmet exactly while its one member is down.
                e = iv_first[members[p0]]
                while e >= 0:
                    if iv_a[e] + t_r < iv_b[e]:
                        if k == len(sa):
                            return -1
                        sa[k] = iv_a[e] + t_r
                        sb[k] = iv_b[e]
                        k += 1
                    e = iv_next[e]
                continue
            # Unmet where more than ``slack`` members are down: a sweep over
            # the members' interval ends, every change at an instant at once.
            m = 0
            for s in range(p0, p1):
                e = iv_first[members[s]]
                while e >= 0:
                    if m + 2 > len(ta):
                        return -1
                    ta[m] = iv_a[e]
                    td[m] = 1
                    ta[m + 1] = iv_b[e]
                    td[m + 1] = -1
                    m += 2
                    e = iv_next[e]
            if m // 2 <= slack[r]:
                continue
            _sort_pairs(ta, td, m)
            c = 0
            since = NONE
            j = 0
            while j < m:
                t0 = ta[j]
                while j < m and ta[j] == t0:
                    c += td[j]
                    j += 1
                if c > slack[r]:
                    if since == NONE:
                        since = t0
                elif since != NONE:
                    if since + t_r < t0:
                        if k == len(sa):
                            return -1
                        sa[k] = since + t_r
                        sb[k] = t0
                        k += 1
                    since = NONE
        if k == 0:
            continue
        # Failing: the union; down: each maximal failing [a, b) as [a, b + rho).
        _sort_pairs(sa, sb, k)
        rho = rho_base[v] if rho_q[v] < 0 else qv[rho_q[v]]
        last = -1
        j = 0
        while j < k:
            a, b = sa[j], sb[j]
            j += 1
            while j < k and sa[j] <= b:
                b = max(b, sb[j])
                j += 1
            b = ends if b > horizon else min(b + rho, ends)
            if last >= 0 and a <= iv_b[last]:
                iv_b[last] = max(iv_b[last], b)
                continue
            if used == len(iv_a):
                return -1
            if last < 0:
                iv_first[v] = used
            else:
                iv_next[last] = used
            iv_a[used] = a
            iv_b[used] = b
            iv_next[used] = -1
            last = used
            used += 1
    return used


# Event kinds; an event is (time, item * 4 + kind) on a binary heap.
_WINDOW, _RESTART, _EXPIRY = 0, 1, 2


@inlined
def _tolerance_out(
    v: int,
    t: int,
    own_ptr: IntArray,
    count: IntArray,
    slack: IntArray,
    since: IntArray,
    tol: IntArray,
) -> bool:
    """Whether a lost requirement of ``v`` has used up its tolerance at ``t``."""
    for r in range(own_ptr[v], own_ptr[v + 1]):
        if count[r] > slack[r]:
            s0 = t if since[r] == NONE else since[r]
            if s0 + tol[r] <= t:
                return True
    return False


@inlined
def _append(
    iv_first: IntArray,
    iv_last: IntArray,
    iv_a: IntArray,
    iv_b: IntArray,
    iv_next: IntArray,
    used: int,
    v: int,
    a: int,
    b: int,
) -> int:
    """Add ``[a, b)`` to node ``v``'s intervals; the store's new size, or -1 when full."""
    if used < 0 or used == len(iv_a):
        return -1
    if iv_first[v] < 0:
        iv_first[v] = used
    else:
        iv_next[iv_last[v]] = used
    iv_last[v] = used
    iv_a[used] = a
    iv_b[used] = b
    iv_next[used] = -1
    return used + 1


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
def sample_loop(
    # The plan
    n: int,
    nu: int,
    nru: int,
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
    # The down intervals of one sample, per node (a list through ``iv_next``)
    iv_a: IntArray,
    iv_b: IntArray,
    iv_next: IntArray,
    sa: IntArray,
    sb: IntArray,
    ta: IntArray,
    td: IntArray,
) -> tuple[int, int, int]:
    nf = len(win_at)
    samples = len(deadlocked)
    # State of one sample, reset at its start: of the nodes in the event loop.
    down = np.zeros(nu, dtype=np.bool_)
    forced = np.zeros(nu, dtype=np.bool_)
    failing = np.zeros(nu, dtype=np.bool_)
    restore_until = np.full(nu, NONE, dtype=np.int64)
    start = np.full(nu, NONE, dtype=np.int64)
    rho = np.empty(nu, dtype=np.int64)
    count = np.zeros(nru, dtype=np.int64)
    since = np.full(nru, NONE, dtype=np.int64)
    tol = np.empty(nru, dtype=np.int64)
    wa = np.empty(nf, dtype=np.int64)
    wb = np.empty(nf, dtype=np.int64)
    width = horizon // _BUCKETS + 1
    head = np.full(_BUCKETS + 1, -1, dtype=np.int64)
    state = np.zeros(4, dtype=np.int64)
    # Scratch lists and marks (a mark equal to the current epoch: in the list).
    epoch = 0
    mark_w = np.zeros(nu, dtype=np.int64)
    mark_r = np.zeros(nu, dtype=np.int64)
    mark_c = np.zeros(nru, dtype=np.int64)
    mark_s = np.zeros(nru, dtype=np.int64)
    mark_t = np.zeros(nu, dtype=np.int64)
    mark_n = np.zeros(nu, dtype=np.int64)
    mark_g = np.zeros(nu, dtype=np.int64)
    queued = np.zeros(nu, dtype=np.bool_)
    mark_a = np.zeros(nu, dtype=np.int64)
    arm = np.empty(nu, dtype=np.int64)
    due_at = np.full(nu, NONE, dtype=np.int64)
    windowed = np.empty(nu, dtype=np.int64)
    restarted = np.empty(nu, dtype=np.int64)
    expired = np.empty(nru, dtype=np.int64)
    started = np.empty(nru, dtype=np.int64)
    crossed = np.empty(nru, dtype=np.int64)
    crossed_all = np.empty(nru, dtype=np.int64)
    grown = np.empty(nu, dtype=np.int64)
    dropped = np.empty(nu, dtype=np.int64)
    work = np.empty(nu, dtype=np.int64)
    nodes = np.empty(nu, dtype=np.int64)
    # The deadlock analysis.
    reason = np.zeros(nu, dtype=np.bool_)
    count_h = np.zeros(nru, dtype=np.int64)
    order = np.full(nu, -1, dtype=np.int64)
    low = np.zeros(nu, dtype=np.int64)
    on_stack = np.zeros(nu, dtype=np.bool_)
    stuck = np.zeros(nu, dtype=np.bool_)
    tarjan = np.empty(nu, dtype=np.int64)
    calls = np.empty(nu, dtype=np.int64)
    slot_at = np.empty(nu, dtype=np.int64)
    rows = downtime.shape[1]
    iv_first = np.empty(n, dtype=np.int64)
    qv = np.empty(len(params), dtype=np.int64)
    iv_last = np.empty(n, dtype=np.int64)

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
        iv_first[:] = -1
        used = 0
        draw_all(key, sample, params, log_row, log_ticks, i, qv)
        for v in range(nu):
            rho[v] = rho_base[v] if rho_q[v] < 0 else qv[rho_q[v]]
        for r in range(nru):
            tol[r] = tol_base[r] if tol_q[r] < 0 else qv[tol_q[r]]
        state[0], state[1], state[2], state[3] = -1, 0, 0, 0
        cur = 0
        for f in range(nf):
            d = win_dur[f] if win_q[f] < 0 else qv[win_q[f]]
            wa[f] = win_at[f]
            wb[f] = NEVER if d < 0 else win_at[f] + d
            if d == 0:
                wb[f] = wa[f]  # a window of no length: the engine leaves it out
                continue
            if win_node[f] >= nu:
                continue  # solved by the interval algebra
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
                            )
                    if failing[v] and not now:
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
                        else:
                            # Down from the horizon on: no outage, but the
                            # algebra downstream must see it to merge there.
                            used = _append(
                                iv_first, iv_last, iv_a, iv_b, iv_next, used, v, t, horizon + 1
                            )
                    elif not down[v] and start[v] != NONE:
                        used = _append(iv_first, iv_last, iv_a, iv_b, iv_next, used, v, start[v], t)
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

        # Outages still running at the horizon (open: ending after it).
        for v in range(nu):
            if start[v] != NONE:
                used = _append(
                    iv_first, iv_last, iv_a, iv_b, iv_next, used, v, start[v], horizon + 1
                )
        if used >= 0:
            used = _downstream(
                nu,
                n,
                horizon,
                slack,
                req_ptr,
                members,
                own_ptr,
                tol_base,
                tol_q,
                rho_base,
                rho_q,
                win_ptr,
                win_f,
                wa,
                wb,
                qv,
                iv_first,
                iv_a,
                iv_b,
                iv_next,
                used,
                sa,
                sb,
                ta,
                td,
            )
        if state[3] or used < 0:
            return i, rec_mark, stuck_mark  # the caller grows its room; this sample again
        # What to keep: each node's intervals that start before the horizon,
        # in time order (so summed as the engine sums them).
        for v in range(n):
            j = row_of[v]
            if j < 0 and not record:
                continue
            e = iv_first[v]
            while e >= 0:
                a, b = iv_a[e], iv_b[e]
                e = iv_next[e]
                if a >= horizon:
                    continue
                if j >= 0:
                    length = (hours if b > horizon else b / _TPH) - a / _TPH
                    downtime[i, j] += length
                    longest[i, j] = max(longest[i, j], length)
                if record:
                    if rec_used == rec.shape[0]:
                        return i, rec_mark, stuck_mark
                    rec[rec_used, 0] = i
                    rec[rec_used, 1] = v
                    rec[rec_used, 2] = a
                    rec[rec_used, 3] = NONE if b > horizon else b
                    rec_used += 1

        # The deadlock analysis at the horizon: what an outside reason holds
        # down, and everything that takes down; the rest of the down set is stuck.
        top = 0
        for v in range(nu):
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
                    o = owner[r]
                    if since[r] + tol[r] <= horizon and not reason[o]:
                        reason[o] = True
                        work[top] = o
                        top += 1
        any_stuck = False
        for v in range(nu):
            stuck[v] = down[v] and not reason[v]
            any_stuck |= stuck[v]
        if not any_stuck:
            continue
        # Of the stuck nodes, those on a cycle of lost requirements among
        # themselves (a strongly connected component of two or more, Tarjan's
        # algorithm without recursion) are the deadlock.
        counter = 0
        depth = 0
        for root in range(nu):
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
        for v in range(nu):
            order[v] = -1
    return samples, rec_used, stuck_used


__all__ = ["NEVER", "NONE", "draw_all", "drawn", "sample_loop"]
