"""The exact event-driven cascade simulation of the cascade semantics.

Time is continuous. The state (which nodes are down, which requirements have
been unmet since when) only changes at events: an initiating window starts or
ends, a tolerance runs out, a restart completes. At each event time ``t`` the
new down set is computed in two passes over the candidates:

1. *Up-going closure* (rule 5): start from the nodes down just before ``t``
   plus the nodes forced now, and add every node with a lost requirement
   until nothing changes.
2. *Greatest consistent subset* (rule 6): repeatedly drop every node that has
   no reason to be down — not in an initiating window, not restoring, no
   requirement lost. What remains is the largest set consistent with rules
   1-4; nodes that hold each other down in a cycle stay down.

Both passes are worklists over per-requirement counters of down members, so
an event costs time proportional to the part of the map it touches.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from weerbaar.engine.graph import Graph, build_graph
from weerbaar.model.riskmap import Failure, RiskMap, Scenario

Interval = tuple[float, float | None]

#: The engine counts time in whole milliseconds. Float hours do not add up
#: exactly (1m + 5m != 6m in binary floating point), and the rules turn on
#: exact equalities: a tolerance equal to an outage must never take a node
#: down, and a restart ending exactly when the next failure starts must merge
#: the two outages. Integer ticks make every sum exact.
TICKS_PER_HOUR = 3_600_000


def _ticks(hours: float) -> int:
    return round(hours * TICKS_PER_HOUR)


@dataclass(frozen=True)
class SimulationResult:
    """What went down, when, for how long.

    ``down`` maps node id to its sorted down intervals ``(start, end)``; an
    interval still open at the horizon has ``end = None``. ``deadlock`` lists
    the nodes in a recovery deadlock at the horizon: down although no outside
    cause remains, because they need each other in a cycle.
    """

    scenario: str
    horizon: float
    down: dict[str, list[Interval]]
    deadlock: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The stable machine-readable contract of ``weerbaar simulate --json``."""
        return {
            "scenario": self.scenario,
            "horizon": _number(self.horizon),
            "down": {
                node: [[_number(a), None if b is None else _number(b)] for a, b in ivs]
                for node, ivs in sorted(self.down.items())
            },
            "deadlock": sorted(self.deadlock),
        }

    def downtime(self, node: str) -> float:
        """Hours ``node`` is down before the horizon."""
        return sum((self.horizon if b is None else b) - a for a, b in self.down.get(node, []))

    def longest_outage(self, node: str) -> float:
        """Hours of ``node``'s longest continuous outage before the horizon."""
        return max(
            ((self.horizon if b is None else b) - a for a, b in self.down.get(node, [])),
            default=0.0,
        )

    def first_down(self, node: str) -> float | None:
        ivs = self.down.get(node)
        return ivs[0][0] if ivs else None


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def simulate(
    m: RiskMap | Graph,
    scenario: Scenario | str | Sequence[Failure],
    horizon: float | None = None,
) -> SimulationResult:
    """Simulate a scenario on a map.

    Parameters
    ----------
    m : RiskMap or Graph
        The map (a prebuilt :class:`Graph` saves compiling it again).
    scenario : Scenario, scenario id, or a sequence of Failure
        The initiating failures.
    horizon : float, optional
        Hours to simulate; default the scenario's, else the map's.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... nodes:
    ...   - id: A
    ...   - id: B
    ...     restart: 6h
    ...     requires: [{node: A, tolerance: 4h}]
    ... scenarios: [{id: s, failures: [{node: A, duration: 10h}]}]
    ... ''')
    >>> simulate(m, "s").down
    {'A': [(0.0, 10.0)], 'B': [(4.0, 16.0)]}
    """
    name = ""
    if isinstance(scenario, str):
        if not isinstance(m, RiskMap):
            raise TypeError("a scenario id needs the RiskMap")
        scenario = m.scenario(scenario)
    if isinstance(scenario, Scenario):
        name = scenario.id
        if horizon is None:
            horizon = scenario.horizon
        failures: Sequence[Failure] = scenario.failures
    else:
        failures = scenario
    if isinstance(m, RiskMap):
        if horizon is None:
            horizon = m.horizon
        graph = build_graph(m)
    else:
        graph = m
    if horizon is None:
        raise ValueError("a horizon is needed when simulating on a bare Graph")
    windows: dict[int, list[tuple[int, float]]] = {}
    for f in failures:
        if f.duration is None or _ticks(f.duration) > 0:
            end = math.inf if f.duration is None else _ticks(f.at) + _ticks(f.duration)
            windows.setdefault(graph.index[f.node], []).append((_ticks(f.at), end))
    down, deadlock = _Simulation(graph, windows, _ticks(horizon)).run()
    hours = {
        node: [(a / TICKS_PER_HOUR, None if b is None else b / TICKS_PER_HOUR) for a, b in ivs]
        for node, ivs in down.items()
    }
    return SimulationResult(name, horizon, hours, deadlock)


class _Simulation:
    def __init__(self, g: Graph, windows: dict[int, list[tuple[int, float]]], horizon: int) -> None:
        # All times here are integer ticks (see TICKS_PER_HOUR); an unbounded
        # window ends at float infinity, which compares correctly with ints.
        self.g = g
        self.horizon = horizon
        self.windows = windows
        n, nr = g.n, len(g.owner)
        # Plain lists: the loops below index them one element at a time.
        self.owner: list[int] = g.owner.tolist()
        self.slack: list[int] = g.slack.tolist()
        self.tol: list[int] = [_ticks(x) for x in g.tolerance.tolist()]
        self.rho: list[int] = [_ticks(x) for x in g.restart.tolist()]
        self.uses: list[list[int]] = [
            g.uses[g.use_ptr[u] : g.use_ptr[u + 1]].tolist() for u in range(n)
        ]
        self.own: list[list[int]] = [
            g.own[g.own_ptr[v] : g.own_ptr[v + 1]].tolist() for v in range(n)
        ]
        self.down = [False] * n
        self.failing = [False] * n
        self.restore_until = [-math.inf] * n
        self.count = [0] * nr
        self.since: list[float | None] = [None] * nr
        self.start: dict[int, float] = {}
        self.intervals: dict[int, list[Interval]] = {}
        self.events: list[float] = []
        for spans in windows.values():
            for a, b in spans:
                heapq.heappush(self.events, a)
                if math.isfinite(b):
                    heapq.heappush(self.events, b)

    # -- the rules at one instant -------------------------------------------

    def forced(self, v: int, t: float) -> bool:
        return any(a <= t < b for a, b in self.windows.get(v, ()))

    def lost(self, r: int, t: float) -> bool:
        """Rule 2: unmet now, and unmet during all of [t - T, t]."""
        if self.count[r] <= self.slack[r]:
            return False
        since = self.since[r]
        return (t if since is None else since) + self.tol[r] <= t

    def failing_at(self, v: int, t: float) -> bool:
        return self.forced(v, t) or any(self.lost(r, t) for r in self.own[v])

    def restoring(self, v: int, t: float) -> bool:
        return self.restore_until[v] > t or (self.failing[v] and self.rho[v] > 0)

    def _set_down(self, u: int, value: bool, work: list[int]) -> None:
        self.down[u] = value
        step = 1 if value else -1
        for r in self.uses[u]:
            self.count[r] += step
            work.append(self.owner[r])

    def step(self, t: float) -> None:
        down = self.down
        # Pass 1: close the candidates upwards (rule 5).
        grow = [v for v in self.windows if not down[v] and self.forced(v, t)]
        grow += [
            self.owner[r]
            for r, since in enumerate(self.since)
            if since is not None and self.lost(r, t)
        ]
        touched: list[int] = []
        while grow:
            v = grow.pop()
            if down[v]:
                continue
            if (v in self.windows and self.forced(v, t)) or any(
                self.lost(r, t) for r in self.own[v]
            ):
                touched.append(v)
                self._set_down(v, True, grow)
        # Pass 2: drop what has no reason to be down (rule 6).
        shrink = [v for v in range(self.g.n) if down[v]]
        while shrink:
            v = shrink.pop()
            if down[v] and not self.restoring(v, t) and not self.failing_at(v, t):
                touched.append(v)
                self._set_down(v, False, shrink)
        # Book-keeping for the next instant.
        for v in range(self.g.n):
            was = self.failing[v]
            now = down[v] and self.failing_at(v, t)
            if was and not now and self.rho[v] > 0:
                self.restore_until[v] = max(self.restore_until[v], t + self.rho[v])
                heapq.heappush(self.events, t + self.rho[v])
            self.failing[v] = now
        for r in range(len(self.count)):
            unmet = self.count[r] > self.slack[r]
            if not unmet:
                self.since[r] = None
            elif self.since[r] is None:
                self.since[r] = t
                if self.tol[r] > 0:
                    heapq.heappush(self.events, t + self.tol[r])
        for v in set(touched):
            self._record(v, t)

    def _record(self, v: int, t: float) -> None:
        if self.down[v] and v not in self.start:
            if t < self.horizon:
                self.start[v] = t
        elif not self.down[v] and v in self.start:
            a = self.start.pop(v)
            if t > a:
                self.intervals.setdefault(v, []).append((a, t))

    # -- the whole run -------------------------------------------------------

    def run(self) -> tuple[dict[str, list[Interval]], list[str]]:
        """Process every event up to the horizon; down intervals in ticks, and the deadlock."""
        last = -math.inf
        while self.events:
            t = heapq.heappop(self.events)
            if t > self.horizon:
                break
            if t == last:
                continue
            last = t
            self.step(t)
        for v, a in self.start.items():
            self.intervals.setdefault(v, []).append((a, None))
        ids = self.g.ids
        down = {ids[v]: sorted(ivs, key=lambda iv: iv[0]) for v, ivs in self.intervals.items()}
        return down, self._deadlock()

    def _deadlock(self) -> list[str]:
        """Nodes down at the horizon only because they hold each other down.

        The nodes with an outside reason (a window still open, a restart still
        running) and everything they take down form the least consistent down
        set; the rest of the down set is stuck. Of the stuck nodes, those on a
        cycle of lost requirements among themselves are the deadlock; the
        others are merely downstream of it.
        """
        t = self.horizon
        down = [v for v in range(self.g.n) if self.down[v]]
        if not down:
            return []
        reason = {v for v in down if self.forced(v, t) or self.restore_until[v] > t}
        count = [0] * len(self.count)
        grow = list(reason)
        while grow:
            u = grow.pop()
            for r in self.uses[u]:
                count[r] += 1
                since = self.since[r]
                o = self.owner[r]
                if (
                    o not in reason
                    and count[r] > self.slack[r]
                    and since is not None
                    and since + self.tol[r] <= t
                ):
                    reason.add(o)
                    grow.append(o)
        stuck = [v for v in down if v not in reason]
        if not stuck:
            return []
        return [self.g.ids[v] for v in _on_cycles(stuck, self._stuck_edges(set(stuck)))]

    def _stuck_edges(self, stuck: set[int]) -> Iterable[tuple[int, int]]:
        g = self.g
        for v in stuck:
            for r in self.own[v]:
                if self.lost(r, self.horizon):
                    for u in g.members[g.member_ptr[r] : g.member_ptr[r + 1]].tolist():
                        if u in stuck:
                            yield v, u


def _on_cycles(nodes: list[int], edges: Iterable[tuple[int, int]]) -> list[int]:
    """The nodes that lie on a directed cycle of the given edges."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    pos = {v: i for i, v in enumerate(nodes)}
    pairs = np.array([(pos[a], pos[b]) for a, b in edges], dtype=np.int64).reshape(-1, 2)
    k = len(nodes)
    mat = csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(k, k))
    _, labels = connected_components(mat, directed=True, connection="strong")
    sizes = np.bincount(labels)
    return [v for v in nodes if sizes[labels[pos[v]]] > 1]
