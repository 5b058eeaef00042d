"""A brute-force reference for the cascade semantics, used only by the tests,
and a hypothesis strategy for the small integer-timed maps it handles.

It shares no code with :mod:`weerbaar.engine` and is written to be obviously
right rather than fast, so that the engine can be checked against it on small
random maps.

Every time in the maps it accepts (``at``, ``duration``, tolerance, restart,
horizon) is a whole number of hours, so every event of the semantics falls on
an integer and the state on ``[t, t + 1)`` is the state at ``t``. The
simulation therefore steps through ``t = 0, 1, ..., horizon`` and, at every
step, enumerates *all* subsets of the nodes down just before or in a window
now to find the largest one in which every node has a reason to be down, and
then adds every node with a lost requirement, instead of computing both with
worklists as the engine does.

Examples
--------
>>> from weerbaar.model import Failure, Node, Requirement, RiskMap
>>> m = RiskMap(nodes=(Node("a"), Node("b", requires=(Requirement(("a",), tolerance=4.0),))))
>>> reference_simulation(m, [Failure("a", 0.0, 10.0)], 20)
{'down': {'a': [[0, 10]], 'b': [[4, 10]]}, 'deadlock': []}
>>> reference_fails(m)
{'a': ['b'], 'b': []}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from hypothesis import strategies as st

from weerbaar.model import Failure, Node, Requirement, RiskMap

Interval = list[int | None]


@dataclass(frozen=True)
class _Req:
    # The position keeps two identical requirements of one node apart.
    index: int
    owner: str
    members: tuple[str, ...]
    need: int
    tolerance: int

    def unmet(self, down: frozenset[str] | set[str]) -> bool:
        """Rule 1, negated: fewer than ``need`` members are up."""
        return len(self.members) - sum(u in down for u in self.members) < self.need


def _whole(x: float) -> int:
    if not float(x).is_integer():
        raise ValueError(f"the reference only handles whole hours, got {x!r}")
    return int(x)


def _requirements(m: RiskMap) -> list[_Req]:
    pairs = [(node.id, r) for node in m.nodes for r in node.requires]
    return [
        _Req(i, owner, r.members, r.need, _whole(r.tolerance)) for i, (owner, r) in enumerate(pairs)
    ]


class _Run:
    """The state of one integer-stepped simulation."""

    def __init__(self, m: RiskMap, failures: Sequence[Failure], horizon: int) -> None:
        self.ids = [n.id for n in m.nodes]
        self.rho = {n.id: _whole(n.restart) for n in m.nodes}
        self.reqs = _requirements(m)
        self.own = {v: [r for r in self.reqs if r.owner == v] for v in self.ids}
        self.windows: dict[str, list[tuple[int, int | None]]] = {v: [] for v in self.ids}
        for f in failures:
            end = None if f.duration is None else _whole(f.at) + _whole(f.duration)
            self.windows[f.node].append((_whole(f.at), end))
        self.horizon = horizon
        # run[r]: for how many consecutive steps up to t - 1 r has been unmet.
        self.run = {r: 0 for r in self.reqs}
        self.failing = dict.fromkeys(self.ids, False)
        self.restore_until = dict.fromkeys(self.ids, 0)
        self.down: frozenset[str] = frozenset()

    def in_window(self, v: str, t: int) -> bool:
        return any(a <= t and (b is None or t < b) for a, b in self.windows[v])

    def lost(self, r: _Req, down: frozenset[str] | set[str]) -> bool:
        """Rule 2: unmet now and during the ``tolerance`` steps before."""
        return r.unmet(down) and self.run[r] >= r.tolerance

    def has_lost(self, v: str, down: frozenset[str] | set[str]) -> bool:
        return any(self.lost(r, down) for r in self.own[v])

    def restoring(self, v: str, t: int) -> bool:
        """Rule 4: inside ``[b, b + rho)`` after a failing interval ended at ``b``.

        A failing interval that was still running at ``t - 1`` and is over at
        ``t`` ends at ``b = t``; if it is not over, the node is failing and
        this answer does not matter.
        """
        return self.restore_until[v] > t or (self.failing[v] and self.rho[v] > 0)

    def consistent(self, s: frozenset[str], t: int) -> bool:
        for v in self.ids:
            forced = self.in_window(v, t) or self.restoring(v, t)
            failing = self.in_window(v, t) or self.has_lost(v, s)
            if v in s and not (failing or self.restoring(v, t)):
                return False  # not justified: nothing keeps v down
            if v not in s and (forced or failing):
                return False  # not closed: rule 3 or rule 4 puts v down
        return True

    def justified(self, s: frozenset[str], t: int) -> bool:
        """Every node of ``s`` has a reason to be down, given ``s``."""
        return all(self.in_window(v, t) or self.restoring(v, t) or self.has_lost(v, s) for v in s)

    def step(self, t: int) -> None:
        # Rule 6: of the nodes down just before t and those in a window now,
        # the largest subset in which every node has a reason to be down,
        # by enumeration. Reasons only grow with the set, so it is unique.
        ordered = sorted(set(self.down) | {v for v in self.ids if self.in_window(v, t)})
        best: list[frozenset[str]] = []
        for size in range(len(ordered), -1, -1):
            best = [
                frozenset(c) for c in combinations(ordered, size) if self.justified(frozenset(c), t)
            ]
            if best:
                break
        assert len(best) == 1, f"t={t}: largest justified sets {best}"
        # Rule 5: then every node with a lost requirement goes down too.
        down = set(best[0])
        grew = True
        while grew:
            extra = {v for v in self.ids if v not in down and self.has_lost(v, down)}
            down |= extra
            grew = bool(extra)
        assert self.consistent(frozenset(down), t), f"t={t}: {sorted(down)} is not consistent"
        best = [frozenset(down)]
        new = best[0]
        for v in self.ids:
            now = v in new and (self.in_window(v, t) or self.has_lost(v, new))
            if self.failing[v] and not now:
                self.restore_until[v] = max(self.restore_until[v], t + self.rho[v])
            self.failing[v] = now
        self.down = new

    def advance_tolerances(self) -> None:
        for r in self.reqs:
            self.run[r] = self.run[r] + 1 if r.unmet(self.down) else 0

    def deadlock(self) -> list[str]:
        """Stuck nodes at the horizon that hold each other down in a cycle."""
        t = self.horizon
        down = self.down
        reason = {v for v in down if self.in_window(v, t) or self.restore_until[v] > t}
        grew = True
        while grew:
            extra = {v for v in down - reason if self.has_lost(v, reason)}
            reason |= extra
            grew = bool(extra)
        stuck = down - reason
        edges = {
            v: {u for r in self.own[v] if self.lost(r, down) for u in r.members if u in stuck}
            for v in stuck
        }
        return sorted(v for v in stuck if v in _reachable(edges, edges[v]))


def _reachable(edges: dict[str, set[str]], start: set[str]) -> set[str]:
    seen = set(start)
    todo = list(start)
    while todo:
        for u in edges[todo.pop()]:
            if u not in seen:
                seen.add(u)
                todo.append(u)
    return seen


def reference_simulation(
    m: RiskMap, failures: Sequence[Failure], horizon: int
) -> dict[str, object]:
    """``{"down": ..., "deadlock": ...}`` shaped like ``SimulationResult.to_json()``."""
    sim = _Run(m, failures, horizon)
    states: list[frozenset[str]] = []
    for t in range(horizon + 1):
        sim.step(t)
        states.append(sim.down)
        if t < horizon:
            sim.advance_tolerances()
    down: dict[str, list[Interval]] = {}
    for v in sim.ids:
        intervals: list[Interval] = []
        for t in range(horizon):
            if v in states[t] and (t == 0 or v not in states[t - 1]):
                intervals.append([t, None])
            if v in states[t] and v not in states[t + 1]:
                intervals[-1][1] = t + 1
        if intervals:
            down[v] = intervals
    return {"down": down, "deadlock": sim.deadlock()}


def reference_closure(m: RiskMap, seeds: Sequence[str]) -> list[str]:
    """Everything down when all ``seeds`` fail for good, iterating the definition naively."""
    failed = set(seeds)
    changed = True
    while changed:
        changed = False
        for v in m.nodes:
            # Tolerances are ignored: they only delay a permanent loss.
            if v.id not in failed and any(
                sum(u in failed for u in r.members) > len(r.members) - r.need for r in v.requires
            ):
                failed.add(v.id)
                changed = True
    return sorted(failed)


def reference_fails(m: RiskMap) -> dict[str, list[str]]:
    """Structural criticality: fails(x) without x, for every node x."""
    return {v.id: [u for u in reference_closure(m, [v.id]) if u != v.id] for v in m.nodes}


@st.composite
def small_maps(draw: st.DrawFn, min_nodes: int = 2, max_nodes: int = 7) -> RiskMap:
    """Random maps in the reference's domain: cycles allowed, no self-requirements.

    Requirements are plain or k-of-n groups of up to three members, with whole
    tolerances 0-5; restarts are whole hours 0-4.
    """
    n = draw(st.integers(min_nodes, max_nodes))
    ids = [f"n{i}" for i in range(n)]
    nodes = []
    for v in ids:
        others = [u for u in ids if u != v]
        requires = []
        for _ in range(draw(st.integers(0, 3))):
            members = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
            need = draw(st.integers(1, len(members)))
            tolerance = draw(st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5]))
            requires.append(Requirement(tuple(members), need, float(tolerance)))
        restart = draw(st.sampled_from([0, 0, 1, 2, 3, 4]))
        nodes.append(Node(v, requires=tuple(requires), restart=float(restart)))
    return RiskMap(nodes=tuple(nodes))


@st.composite
def failures(draw: st.DrawFn, m: RiskMap) -> list[Failure]:
    """One to three initiating failures with whole ``at`` and ``duration``, some unbounded."""
    ids = [node.id for node in m.nodes]
    out = []
    for _ in range(draw(st.integers(1, 3))):
        duration = draw(st.none() | st.integers(1, 15))
        at = draw(st.integers(0, 15))
        out.append(
            Failure(
                draw(st.sampled_from(ids)), float(at), None if duration is None else float(duration)
            )
        )
    return out
