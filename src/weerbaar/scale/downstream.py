"""The down intervals of the nodes behind every cycle, by interval algebra, compiled.

Part of the compiled Monte Carlo sample (:mod:`weerbaar.scale.samples`):
after its event loop has solved the nodes on or feeding a cycle, the others
follow here from the down intervals of what they need.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from weerbaar.engine.jit import inlined, kernel

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: "Not set" in the tick arrays, as in the engine; below every real time.
NONE = np.iinfo(np.int64).min


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


@inlined
def _sort_pairs(a: IntArray, b: IntArray, k: int) -> None:
    """Sort ``(a[j], b[j])`` for ``j < k`` by ``a`` then ``b``, in place: insertion
    sort, as a node or requirement gathers a handful of intervals."""
    for j in range(1, k):
        x, y = a[j], b[j]
        m = j - 1
        while m >= 0 and (a[m] > x or (a[m] == x and b[m] > y)):
            a[m + 1] = a[m]
            b[m + 1] = b[m]
            m -= 1
        a[m + 1] = x
        b[m + 1] = y


@kernel
def downstream(
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


__all__ = ["Room", "downstream"]
