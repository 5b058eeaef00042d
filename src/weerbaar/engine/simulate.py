"""The exact event-driven cascade simulation of the cascade semantics.

Time is continuous. The state (which nodes are down, which requirements have
been unmet since when) only changes at events: an initiating window starts or
ends, a tolerance runs out, a restart completes. At each event time ``t`` the
new down set is computed in three steps:

0. the nodes whose initiating window starts now go down;
1. *greatest subset with a reason* (rule 6): repeatedly drop every down node
   that has no reason to be down — not in an initiating window, not
   restoring, no requirement lost. Nodes that hold each other down in a cycle
   stay down;
2. *closure* (rule 5): add every node with a requirement lost now until
   nothing changes.

Dropping before adding is what makes ties exact: a tolerance that runs out
at the instant its member returns is not lost (rule 2), so its owner never
goes down, not even for an instant that a cycle could turn into a false
recovery deadlock.

All steps run on per-requirement counters of down members, a whole frontier
of nodes at a time (:mod:`weerbaar.engine.eventloop`), so an event costs time
proportional to the part of the map it touches, not to the map: a scenario
on a national map of a million nodes takes a second or two.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from weerbaar.engine.eventloop import NONE, EventLoop, Window
from weerbaar.engine.graph import Graph, build_graph, distinct_counts
from weerbaar.model.riskmap import Failure, RiskMap, Scenario

Interval = tuple[float, float | None]

#: The engine counts time in whole milliseconds. Float hours do not add up
#: exactly (1m + 5m != 6m in binary floating point), and the rules turn on
#: exact equalities: a tolerance equal to an outage must never take a node
#: down, and a restart ending exactly when the next failure starts must merge
#: the two outages. Integer ticks make every sum exact.
TICKS_PER_HOUR = 3_600_000


#: The largest time the engine counts exactly: ticks stay below 2**53, where
#: a float of hours still converts to a whole number of milliseconds and back.
MAX_TICKS = 2**53


def _ticks(hours: float) -> int:
    if not abs(hours) * TICKS_PER_HOUR < MAX_TICKS:  # also refuses NaN and inf
        raise ValueError(
            f"{hours!r} hours cannot be counted exactly in milliseconds; "
            "a map holds at most 100 years"
        )
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
    windows: dict[int, list[Window]] = {}
    for f in failures:
        if f.duration is None or _ticks(f.duration) > 0:
            stop = None if f.duration is None else _ticks(f.at) + _ticks(f.duration)
            windows.setdefault(graph.index[f.node], []).append((_ticks(f.at), stop))
    loop = EventLoop(
        graph, windows, _ticks(horizon), _tick_array(graph.tolerance), _tick_array(graph.restart)
    )
    node, start, end = loop.run()
    deadlock = [graph.ids[v] for v in loop.deadlock().tolist()]
    return SimulationResult(name, horizon, _intervals(graph, node, start, end), deadlock)


def _tick_array(hours: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    # np.rint rounds half to even like round() in _ticks, on the same products.
    if not bool(np.all(np.abs(hours) * TICKS_PER_HOUR < MAX_TICKS)):
        raise ValueError(
            "a duration cannot be counted exactly in milliseconds; a map holds at most 100 years"
        )
    return np.rint(hours * TICKS_PER_HOUR).astype(np.int64)


def _intervals(
    g: Graph, node: npt.NDArray[np.int64], start: npt.NDArray[np.int64], end: npt.NDArray[np.int64]
) -> dict[str, list[Interval]]:
    """Intervals in hours by node id, from arrays sorted by node and start."""
    # Integer ticks below 2**53 convert to float exactly, so the division is
    # the same correctly rounded quotient as Python's int / int.
    a = (start / TICKS_PER_HOUR).tolist()
    b = (end / TICKS_PER_HOUR).astype(object)
    b[end == NONE] = None
    nodes, counts = distinct_counts(node, is_sorted=True)
    ids = g.ids
    with _no_collection():
        pairs: list[Interval] = list(zip(a, b.tolist(), strict=True))
        names = [ids[v] for v in nodes.tolist()]
        if len(pairs) == len(names):  # one interval per node, the common case
            return dict(zip(names, map(list, zip(pairs)), strict=True))
        bounds = np.cumsum(counts).tolist()
        lows = [0, *bounds][:-1]
        return {v: pairs[lo:hi] for v, lo, hi in zip(names, lows, bounds, strict=True)}


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    A national scenario returns some 10^5 lists and tuples; every few hundred
    allocations would otherwise start a collection that walks all live
    objects, which costs more than building the result. Nothing built here
    forms a cycle.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
