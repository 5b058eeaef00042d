"""The event loop of the exact simulation, vectorised over what each event changes.

Times are integer ticks (:data:`weerbaar.engine.simulate.TICKS_PER_HOUR`).
The state between events is a handful of arrays: which nodes are down and
failing, until when each restores, per requirement how many members are down
and since when it is unmet. Three invariants hold between events:

- every node with a reason to be down (rules 3 and 4 of the semantics) is
  down, and every down node has one;
- ``failing[v]`` says whether v is failing; it can only change when v's
  window starts or ends, its restart ends, one of its requirements' tolerance
  runs out, or the down count of one of its requirements crosses the slack;
- ``since[r]`` is set exactly while r is unmet; setting it queues r's
  tolerance expiry, and an expiry whose ``since`` has changed since is stale.

So an event only looks at the nodes and requirements it touches. The steps
of an event (windows starting now; greatest subset with a reason, rule 6;
closure, rule 5 — in that order, see :meth:`EventLoop.step`) are
breadth-first rounds over numpy arrays: both fixpoints are
independent of the order in which nodes are added or dropped, so a whole
frontier can be taken at once, and a round costs numpy time proportional to
the frontier and its requirements.
"""

from __future__ import annotations

import heapq

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from weerbaar.engine.graph import Graph, distinct, distinct_counts, ranges

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Stands for "not set" in the tick arrays (no restart pending, requirement met,
#: node up). It compares below every real time.
NONE = np.iinfo(np.int64).min

#: A window of initiating failure, [start, end) in ticks; end None is unbounded.
Window = tuple[int, int | None]

_EMPTY = np.zeros(0, dtype=np.int64)


def _cat(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts) if parts else _EMPTY


class _Queue:
    """Pending events grouped by time: windows, restarts, tolerance expiries."""

    def __init__(self, horizon: int) -> None:
        self.horizon = horizon
        self.times: list[int] = []
        self.due: dict[int, tuple[list[IntArray], list[IntArray], list[IntArray]]] = {}

    def add(self, kind: int, when: IntArray, what: IntArray) -> None:
        keep = when <= self.horizon  # nothing after the horizon is ever looked at
        when, what = when[keep], what[keep]
        if len(when) == 0:
            return
        order = np.argsort(when, kind="stable")
        times, counts = distinct_counts(when)
        parts = np.split(what[order], np.cumsum(counts)[:-1])
        for t, part in zip(times.tolist(), parts, strict=True):
            if t not in self.due:
                self.due[t] = ([], [], [])
                heapq.heappush(self.times, t)
            self.due[t][kind].append(part)

    def pop(self) -> tuple[int, IntArray, IntArray, IntArray] | None:
        if not self.times:
            return None
        t = heapq.heappop(self.times)
        windows, restarts, expiries = self.due.pop(t)
        return t, _cat(windows), _cat(restarts), _cat(expiries)


_WINDOW, _RESTART, _EXPIRY = 0, 1, 2


class EventLoop:
    """One simulation run on a graph; :meth:`run` processes every event.

    Parameters
    ----------
    g : Graph
        The map.
    windows : dict
        Node index to its initiating windows in ticks.
    horizon : int
        Last instant simulated, in ticks.
    tolerance, restart : int arrays
        Per requirement and per node, in ticks.
    """

    def __init__(
        self,
        g: Graph,
        windows: dict[int, list[Window]],
        horizon: int,
        tolerance: IntArray,
        restart: IntArray,
    ) -> None:
        self.g = g
        self.windows = windows
        self.horizon = horizon
        self.tol = tolerance
        self.rho = restart
        self.slack = g.slack
        n, nr = g.n, len(g.owner)
        self.down = np.zeros(n, dtype=bool)
        self.forced = np.zeros(n, dtype=bool)
        self.failing = np.zeros(n, dtype=bool)
        self.restore_until = np.full(n, NONE, dtype=np.int64)
        self.start = np.full(n, NONE, dtype=np.int64)
        self.count = np.zeros(nr, dtype=np.int64)
        self.since = np.full(nr, NONE, dtype=np.int64)
        # Scratch space for removing repeats without sorting (see _once).
        self.seen = np.zeros(n, dtype=np.int64)
        self.seen_r = np.zeros(nr, dtype=np.int64)
        self.fresh = np.zeros(n, dtype=bool)
        self.closed: list[tuple[IntArray, IntArray, int]] = []
        self.queue = _Queue(horizon)
        bounds = [(x, v) for v, spans in windows.items() for span in spans for x in span]
        known = np.array([pair for pair in bounds if pair[0] is not None], dtype=np.int64)
        if len(known):
            self.queue.add(_WINDOW, known[:, 0], known[:, 1])

    # -- the rules, for many nodes or requirements at once ---------------------

    def lost(self, reqs: IntArray, t: int) -> BoolArray:
        """Rule 2; a requirement unmet since this instant has ``since`` still unset."""
        since = self.since[reqs]
        since = np.where(since == NONE, t, since)
        out: BoolArray = (self.count[reqs] > self.slack[reqs]) & (since + self.tol[reqs] <= t)
        return out

    def failing_at(self, nodes: IntArray, t: int) -> BoolArray:
        own_ptr = self.g.own_ptr
        reqs = self.g.own[ranges(own_ptr, nodes)]
        which = np.repeat(np.arange(len(nodes)), own_ptr[nodes + 1] - own_ptr[nodes])
        any_lost = np.bincount(which[self.lost(reqs, t)], minlength=len(nodes)) > 0
        out: BoolArray = self.forced[nodes] | any_lost
        return out

    def restoring(self, nodes: IntArray, t: int) -> BoolArray:
        out: BoolArray = (self.restore_until[nodes] > t) | (
            self.failing[nodes] & (self.rho[nodes] > 0)
        )
        return out

    def _shift(self, nodes: IntArray, step: int) -> IntArray:
        """Add ``step`` to the down count of every requirement of ``nodes``.

        Returns the requirements whose count crossed the slack (met to unmet
        for +1, unmet to met for -1).
        """
        g = self.g
        reqs = g.uses[ranges(g.use_ptr, nodes)]
        old = self.count[reqs]
        np.add.at(self.count, reqs, step)
        slack = self.slack[reqs]
        return self._once_r(reqs[(old <= slack) != (self.count[reqs] <= slack)])

    def _once(self, nodes: IntArray) -> IntArray:
        """``nodes`` without repeats, in no particular order, without sorting."""
        at = np.arange(len(nodes))
        self.seen[nodes] = at
        out: IntArray = nodes[self.seen[nodes] == at]
        return out

    def _once_r(self, reqs: IntArray) -> IntArray:
        at = np.arange(len(reqs))
        self.seen_r[reqs] = at
        out: IntArray = reqs[self.seen_r[reqs] == at]
        return out

    # -- one event ---------------------------------------------------------------

    def step(self, t: int, windowed: IntArray, restarted: IntArray, expired: IntArray) -> None:
        g, down = self.g, self.down
        for v in distinct(windowed).tolist():
            self.forced[v] = any(a <= t and (b is None or t < b) for a, b in self.windows[v])
        crossed: list[IntArray] = []
        grown: list[IntArray] = []
        dropped: list[IntArray] = []
        # Step 0: a node whose window starts now goes down; its consequences
        # wait for step 2, after the nodes that come back now have come back.
        start = self._once(windowed[self.forced[windowed] & ~down[windowed]])
        down[start] = True
        grown.append(start)
        started = self._shift(start, +1)
        crossed.append(started)
        # Step 1 (rule 6): in rounds, drop every down node without a reason.
        # A down node only loses its reason when its window or restart ends
        # now or one of its requirements becomes met again.
        check = self._once(np.concatenate([windowed, restarted]))
        while len(check):
            check = check[down[check]]
            drop = check[~self.restoring(check, t) & ~self.failing_at(check, t)]
            if len(drop) == 0:
                break
            down[drop] = False
            dropped.append(drop)
            met = self._shift(drop, -1)
            crossed.append(met)
            check = self._once(g.owner[met])
        # Step 2 (rule 5): in rounds, every node with a requirement lost now
        # goes down. Only now, with what came back gone from the counts: a
        # tolerance that runs out exactly as its member returns is not lost
        # (rule 2: unmet on [a, b) is lost on [a + T, b), empty when b <= a + T).
        maybe = self._once_r(np.concatenate([started, expired]))
        grow = g.owner[maybe[self.lost(maybe, t)]]
        grow = self._once(grow[~down[grow]])
        while len(grow):
            down[grow] = True
            grown.append(grow)
            up = self._shift(grow, +1)
            crossed.append(up)
            up = up[self.lost(up, t)]
            owners = g.owner[up]
            grow = self._once(owners[~down[owners]])
        self._book(t, windowed, restarted, expired, _cat(crossed), _cat(grown), _cat(dropped))

    def _book(
        self,
        t: int,
        windowed: IntArray,
        restarted: IntArray,
        expired: IntArray,
        crossed: IntArray,
        grown: IntArray,
        dropped: IntArray,
    ) -> None:
        """Carry failing, restarts, ``since`` and the intervals over to the next instant."""
        g = self.g
        crossed = self._once_r(crossed)
        touched = self._once(np.concatenate([grown, dropped]))
        nodes = self._once(
            np.concatenate([windowed, restarted, touched, g.owner[crossed], g.owner[expired]])
        )
        # A node that went down now and stayed down is failing: it was up, so
        # it cannot be restoring. Only nodes down before and after need a look.
        now = self.down[nodes]
        self.fresh[grown] = True
        look = np.flatnonzero(now & ~self.fresh[nodes])
        self.fresh[grown] = False
        now[look] = self.failing_at(nodes[look], t)
        ends = nodes[self.failing[nodes] & ~now & (self.rho[nodes] > 0)]
        until = t + self.rho[ends]
        self.restore_until[ends] = np.maximum(self.restore_until[ends], until)
        self.queue.add(_RESTART, until, ends)
        self.failing[nodes] = now
        met = self.count[crossed] <= self.slack[crossed]
        self.since[crossed[met]] = NONE
        unmet = crossed[~met]
        fresh = unmet[self.since[unmet] == NONE]
        self.since[fresh] = t
        fresh = fresh[self.tol[fresh] > 0]
        self.queue.add(_EXPIRY, t + self.tol[fresh], fresh)
        # Intervals: an outage starting at the horizon is not reported.
        is_down = self.down[touched]
        opened = self.start[touched] != NONE
        if t < self.horizon:
            self.start[touched[is_down & ~opened]] = t
        ended = touched[~is_down & opened]
        if len(ended):
            self.closed.append((ended, self.start[ended], t))
            self.start[ended] = NONE

    # -- the whole run -------------------------------------------------------------

    def run(self) -> tuple[IntArray, IntArray, IntArray]:
        """Process every event up to the horizon.

        Returns the down intervals as three arrays (node, start, end), sorted
        by node then start; an end of :data:`NONE` means still down at the
        horizon.
        """
        while (due := self.queue.pop()) is not None:
            t, windowed, restarted, expired = due
            restarted = restarted[self.restore_until[restarted] == t]
            since = self.since[expired]
            expired = expired[(since != NONE) & (since + self.tol[expired] == t)]
            if len(windowed) or len(restarted) or len(expired):
                self.step(t, windowed, restarted, expired)
        still = np.flatnonzero(self.start != NONE)
        nodes = [ended for ended, _, _ in self.closed] + [still]
        starts = [a for _, a, _ in self.closed] + [self.start[still]]
        ends = [np.full(len(e), t, dtype=np.int64) for e, _, t in self.closed]
        ends.append(np.full(len(still), NONE, dtype=np.int64))
        node, a, b = np.concatenate(nodes), np.concatenate(starts), np.concatenate(ends)
        order = np.lexsort((a, node))
        return node[order], a[order], b[order]

    def deadlock(self) -> IntArray:
        """Nodes down at the horizon only because they hold each other down.

        The nodes with an outside reason (a window still open, a restart still
        running) and everything they take down form the least consistent down
        set; the rest of the down set is stuck. Of the stuck nodes, those on a
        cycle of lost requirements among themselves are the deadlock; the
        others are merely downstream of it. Apart from one vectorised scan of a
        byte per node for the down set, the work is proportional to the down
        set and its requirements.
        """
        g, t = self.g, self.horizon
        down = np.flatnonzero(self.down)
        if len(down) == 0:
            return _EMPTY
        reason = np.zeros(g.n, dtype=bool)
        grow = down[self.forced[down] | (self.restore_until[down] > t)]
        # np.zeros maps pages lazily: only the counters touched cost anything.
        count = np.zeros(len(g.owner), dtype=np.int64)
        while len(grow):
            reason[grow] = True
            reqs, times = distinct_counts(g.uses[ranges(g.use_ptr, grow)])
            old = count[reqs]
            count[reqs] = old + times
            slack = self.slack[reqs]
            hit = reqs[(old <= slack) & (old + times > slack)]
            since = self.since[hit]
            hit = hit[(since != NONE) & (since + self.tol[hit] <= t)]
            owners = distinct(g.owner[hit])
            grow = owners[~reason[owners]]
        stuck = down[~reason[down]]
        if len(stuck) == 0:
            return _EMPTY
        return stuck[_on_cycles(self, stuck)]


def _on_cycles(loop: EventLoop, stuck: IntArray) -> BoolArray:
    """Which of the stuck nodes lie on a cycle of lost requirements among them."""
    g, t = loop.g, loop.horizon
    # Position + 1 among the stuck nodes, 0 for the others (lazily zeroed pages).
    pos = np.zeros(g.n, dtype=np.int64)
    pos[stuck] = np.arange(1, len(stuck) + 1)
    reqs = g.own[ranges(g.own_ptr, stuck)]
    owner = g.owner[reqs]
    since = loop.since[reqs]
    lost = (since != NONE) & (since + loop.tol[reqs] <= t)
    reqs, owner = reqs[lost], owner[lost]
    slots = ranges(g.member_ptr, reqs)
    src = np.repeat(owner, g.size[reqs])
    dst = g.members[slots]
    inside = pos[dst] > 0
    k = len(stuck)
    mat = csr_matrix(
        (np.ones(int(inside.sum())), (pos[src[inside]] - 1, pos[dst[inside]] - 1)), shape=(k, k)
    )
    _, labels = connected_components(mat, directed=True, connection="strong")
    sizes = np.bincount(labels)
    out: BoolArray = sizes[labels] > 1
    return out
