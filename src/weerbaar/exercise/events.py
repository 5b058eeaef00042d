"""What a player would notice in a simulated cascade.

The engine (:func:`weerbaar.engine.simulate.simulate`) decides what fails
when; this module only reads its result and names the moments a player
would notice, for the nodes players notice (:func:`~weerbaar.exercise.owners.is_noticed`):

- a node goes down or comes back;
- a requirement goes unmet while a tolerance holds the node up (the buffer
  starts to run: "the UPS holds for four hours");
- a down node reaches three quarters of its MTPD, and its MTPD;
- nodes are left in a recovery deadlock when every outside cause is gone.

Examples
--------
>>> from weerbaar.model import parse_map
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: power, kind: infrastructure, owner: it}
...   - id: loket
...     kind: process
...     vital: true
...     mtpd: 8h
...     requires: [{node: power, tolerance: 2h}]
... scenarios: [{id: s, failures: [{node: power, duration: 12h}]}]
... ''')
>>> from weerbaar.engine.simulate import simulate
>>> events = cascade_events(m, simulate(m, "s"), m.scenario("s").failures)
>>> [(e.kind.value, e.node, e.scenario_at) for e in events]  # doctest: +NORMALIZE_WHITESPACE
[('down', 'power', 0.0), ('tolerance', 'loket', 0.0), ('down', 'loket', 2.0),
 ('mtpd-warning', 'loket', 8.0), ('mtpd-breach', 'loket', 10.0),
 ('up', 'loket', 12.0), ('up', 'power', 12.0)]
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from weerbaar.engine.simulate import Interval, SimulationResult
from weerbaar.exercise.owners import is_noticed
from weerbaar.exercise.records import EventKind
from weerbaar.model.riskmap import Failure, Requirement, RiskMap

#: Share of the MTPD after which a warning goes out.
MTPD_WARNING = 0.75


@dataclass(frozen=True, order=True)
class CascadeEvent:
    """One noticeable moment; ``value`` is the tolerance or MTPD in hours where it matters."""

    scenario_at: float
    kind: EventKind
    node: str
    value: float | None = None
    about: str | None = None  # the member whose loss starts a tolerance


def _unmet(req: Requirement, down: dict[str, list[Interval]], horizon: float) -> list[Interval]:
    """Intervals in which fewer than ``need`` members of ``req`` are up."""
    changes: list[tuple[float, int]] = []
    for member in req.members:
        for a, b in down.get(member, []):
            changes.append((a, 1))
            if b is not None:
                changes.append((b, -1))
    changes.sort(key=lambda c: (c[0], c[1]))  # a return before a loss at the same instant
    allowed = len(req.members) - req.need
    out: list[Interval] = []
    count = 0
    since: float | None = None
    for t, step in changes:
        count += step
        if count > allowed and since is None:
            since = t
        elif count <= allowed and since is not None:
            if t > since:
                out.append((since, t))
            since = None
    if since is not None and since < horizon:
        out.append((since, None))
    return out


def _is_down(down: list[Interval], t: float) -> bool:
    return any(a <= t and (b is None or t < b) for a, b in down)


def cascade_events(
    m: RiskMap,
    result: SimulationResult,
    failures: Sequence[Failure],
    ignore: Collection[str] = (),
) -> list[CascadeEvent]:
    """Every noticeable moment of ``result``, sorted by time.

    ``failures`` are the initiating failures simulated (the deadlock is
    announced when the last of them ends); ``ignore`` lists helper nodes.
    """
    horizon = result.horizon
    out: list[CascadeEvent] = []
    for node_id, intervals in result.down.items():
        if node_id in ignore or not is_noticed(m, node_id):
            continue
        mtpd = m.node(node_id).mtpd
        for a, b in intervals:
            out.append(CascadeEvent(a, EventKind.DOWN, node_id))
            if b is not None:
                out.append(CascadeEvent(b, EventKind.UP, node_id))
            if mtpd:
                end = horizon if b is None else b
                for kind, share in (
                    (EventKind.MTPD_WARNING, MTPD_WARNING),
                    (EventKind.MTPD_BREACH, 1),
                ):
                    t = a + share * mtpd
                    if t < end:
                        out.append(CascadeEvent(t, kind, node_id, mtpd))
    for node in m.nodes:
        if node.id in ignore or not is_noticed(m, node.id):
            continue
        own = result.down.get(node.id, [])
        for req in node.requires:
            if req.tolerance <= 0:
                continue
            for a, _b in _unmet(req, result.down, horizon):
                if not _is_down(own, a):
                    lost = next(
                        (x for x in req.members if _is_down(result.down.get(x, []), a)), None
                    )
                    out.append(CascadeEvent(a, EventKind.TOLERANCE, node.id, req.tolerance, lost))
    out += _deadlocks(m, result, failures, ignore)
    return sorted(out)


def _deadlocks(
    m: RiskMap, result: SimulationResult, failures: Sequence[Failure], ignore: Collection[str]
) -> list[CascadeEvent]:
    """The deadlocked nodes, noticed ones first, at the moment the last outside cause ends."""
    stuck = [n for n in result.deadlock if n not in ignore]
    if not stuck:
        return []
    ends = [f.at + f.duration for f in failures if f.duration is not None]
    at = max(ends, default=0.0)
    noticed = [n for n in stuck if is_noticed(m, n)] or stuck[:1]
    return [CascadeEvent(at, EventKind.DEADLOCK, n) for n in noticed]
