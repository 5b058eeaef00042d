"""The part of a map one scenario can reach, compiled for the vectorised cascade.

A :class:`Plan` holds, as plain arrays, everything a chunk of Monte Carlo
samples needs: the nodes the scenario can take down at all (the structural
closure of its initiating nodes; nothing else ever goes down, whatever the
draws), their requirements restricted to those nodes, the certain durations
in engine ticks, which uncertain quantity replaces which of them, and the
order in which to work through the nodes. It is built once per scenario and
is small enough to send to Dask workers.

The order is the condensation of the dependency graph into strongly
connected components, by level: a component comes after every component it
needs. The single nodes of one level are handled together as one batch; each
component with a cycle is handled on its own (:mod:`weerbaar.scale.cyclic`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

from weerbaar.engine import build_graph, closure
from weerbaar.engine.graph import Graph, condensation_levels
from weerbaar.engine.simulate import TICKS_PER_HOUR
from weerbaar.model.durations import Distribution
from weerbaar.model.riskmap import RiskMap, Scenario
from weerbaar.scale.distributions import (
    Quantity,
    QuantityKind,
    ticks,
    uncertain_quantities,
)
from weerbaar.scale.intervals import ragged_arange

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def _ticks(hours: npt.NDArray[np.float64]) -> IntArray:
    # Same rounding as the engine's round(hours * TICKS_PER_HOUR), element-wise.
    return np.rint(hours * TICKS_PER_HOUR).astype(np.int64)


@dataclass(frozen=True)
class Step:
    """Nodes handled together: the single nodes of one level, or cyclic components.

    A cyclic step holds ``parts`` components of one level with the same
    structure (a template repeated per municipality, say), one after the
    other in ``nodes``, so that they are simulated side by side.
    """

    nodes: IntArray
    cyclic: bool
    parts: int = 1


@dataclass(frozen=True)
class Plan:
    """One scenario's reachable part of a map, as arrays of local node indices.

    Requirement ``r`` belongs to ``req_owner[r]``; its members inside the
    region are ``req_members[req_ptr[r]:req_ptr[r + 1]]`` and it is unmet
    when more than ``req_slack[r]`` of them are down (members outside the
    region never go down). Requirements that can never be unmet are left out.
    Durations are ticks; a ``*_q`` entry of ``q >= 0`` says that uncertain
    quantity ``q`` replaces the value in each sample. Window ``f`` forces
    node ``win_node[f]`` down from ``win_at[f]`` for ``win_dur[f]`` ticks
    (``-1``: without end).
    """

    scenario: str
    ids: tuple[str, ...]
    horizon: float
    horizon_ticks: int
    restart: IntArray
    restart_q: IntArray
    req_owner: IntArray
    req_slack: IntArray
    req_tol: IntArray
    req_tol_q: IntArray
    req_ptr: IntArray
    req_members: IntArray
    own_ptr: IntArray
    win_node: IntArray
    win_at: IntArray
    win_dur: IntArray
    win_q: IntArray
    steps: tuple[Step, ...]
    feeds_cycle: BoolArray
    quantities: tuple[Quantity, ...]

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def width(self) -> int:
        """Keys per sample in span sets: ticks 0..H and H + 1 for "open"."""
        return self.horizon_ticks + 2

    @property
    def spreads(self) -> tuple[Distribution, ...]:
        return tuple(q.spread for q in self.quantities)

    def slots(self, reqs: IntArray) -> tuple[IntArray, IntArray]:
        """Every member of every requirement ``reqs[i]``: ``(i, member)``, by requirement."""
        size = np.diff(self.req_ptr)[reqs]
        which = np.repeat(np.arange(len(reqs), dtype=np.int64), size)
        return which, self.req_members[ragged_arange(self.req_ptr[reqs], size)]


def compile_plan(
    m: RiskMap, scenario: Scenario | str, horizon: float | None = None, graph: Graph | None = None
) -> Plan:
    """The :class:`Plan` of ``scenario`` on ``m`` (``graph``: a prebuilt ``build_graph(m)``).

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... nodes:
    ...   - {id: a}
    ...   - {id: b, requires: [a]}
    ...   - {id: c, requires: [b, d]}
    ...   - {id: d, requires: [c]}
    ...   - {id: e}
    ... scenarios: [{id: s, failures: [{node: a, duration: 2h}]}]
    ... ''')
    >>> plan = compile_plan(m, "s")
    >>> plan.ids, [(step.nodes.tolist(), step.cyclic) for step in plan.steps]
    (('a', 'b', 'c', 'd'), [([0], False), ([1], False), ([2, 3], True)])
    """
    sc = m.scenario(scenario) if isinstance(scenario, str) else scenario
    g = build_graph(m) if graph is None else graph
    hours = horizon if horizon is not None else sc.horizon if sc.horizon is not None else m.horizon
    horizon_ticks = int(_ticks(np.array([hours]))[0])
    seeds = sorted({f.node for f in sc.failures})
    region = np.array(sorted(g.index[v] for v in closure(g, seeds)), dtype=np.int64)
    local = np.full(g.n, -1, dtype=np.int64)
    local[region] = np.arange(len(region))
    ids = tuple(g.ids[v] for v in region)

    # Requirements of region nodes, members restricted to the region.
    req_global = ragged_arange(g.own_ptr[region], g.own_ptr[region + 1] - g.own_ptr[region])
    req_global = g.own[req_global]
    slot = ragged_arange(g.member_ptr[req_global], g.size[req_global])
    slot_req = np.repeat(np.arange(len(req_global)), g.size[req_global])
    inside = local[g.members[slot]] >= 0
    counts = np.bincount(slot_req[inside], minlength=len(req_global))
    keep = counts > g.slack[req_global]
    kept = req_global[keep]
    slot_keep = inside & keep[slot_req]
    members = local[g.members[slot[slot_keep]]]
    req_ptr = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum(counts[keep], out=req_ptr[1:])
    owner = local[g.owner[kept]]
    own_ptr = np.zeros(len(region) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=len(region)), out=own_ptr[1:])

    quantities = uncertain_quantities(m, sc, set(ids))
    restart_q = np.full(len(region), -1, dtype=np.int64)
    req_tol_q = np.full(len(kept), -1, dtype=np.int64)
    kept_pos = {int(r): i for i, r in enumerate(kept)}
    win_q_of: dict[int, int] = {}
    for q, quantity in enumerate(quantities):
        v = g.index[quantity.node]
        if quantity.kind is QuantityKind.RESTART:
            restart_q[local[v]] = q
        elif quantity.kind is QuantityKind.TOLERANCE:
            r = int(g.own[g.own_ptr[v] + quantity.index])
            if r in kept_pos:
                req_tol_q[kept_pos[r]] = q
        else:
            win_q_of[quantity.index] = q

    win_node, win_at, win_dur, win_q = [], [], [], []
    for j, f in enumerate(sc.failures):
        win_node.append(int(local[g.index[f.node]]))
        win_at.append(ticks(f.at))
        win_dur.append(-1 if f.duration is None else ticks(f.duration))
        win_q.append(win_q_of.get(j, -1))

    steps, feeds = _steps(len(region), owner, req_ptr, members, own_ptr, g.slack[kept])
    return Plan(
        scenario=sc.id,
        ids=ids,
        horizon=hours,
        horizon_ticks=horizon_ticks,
        restart=_ticks(g.restart[region]),
        restart_q=restart_q,
        req_owner=owner,
        req_slack=g.slack[kept],
        req_tol=_ticks(g.tolerance[kept]),
        req_tol_q=req_tol_q,
        req_ptr=req_ptr,
        req_members=members,
        own_ptr=own_ptr,
        win_node=np.array(win_node, dtype=np.int64),
        win_at=np.array(win_at, dtype=np.int64),
        win_dur=np.array(win_dur, dtype=np.int64),
        win_q=np.array(win_q, dtype=np.int64),
        steps=steps,
        feeds_cycle=feeds,
        quantities=quantities,
    )


def _shape(
    comp: list[int], own_ptr: IntArray, req_ptr: IntArray, members: IntArray, slack: IntArray
) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
    """The structure of a component, its own nodes by position, the others by first use."""
    where = {v: i for i, v in enumerate(comp)}
    outside: dict[int, int] = {}
    out = []
    for i, v in enumerate(comp):
        for r in range(int(own_ptr[v]), int(own_ptr[v + 1])):
            slots = tuple(
                where[u] if u in where else -1 - outside.setdefault(u, len(outside))
                for u in members[req_ptr[r] : req_ptr[r + 1]].tolist()
            )
            out.append((i, int(slack[r]), slots))
    return tuple(out)


def _steps(
    n: int,
    owner: IntArray,
    req_ptr: IntArray,
    members: IntArray,
    own_ptr: IntArray,
    slack: IntArray,
) -> tuple[tuple[Step, ...], BoolArray]:
    """Batches by level of the condensation; and which nodes feed a cyclic component."""
    slot_owner = np.repeat(owner, np.diff(req_ptr))
    deps = csr_matrix((np.ones(len(members), dtype=np.int8), (slot_owner, members)), shape=(n, n))
    labels, level, depth = condensation_levels(n, slot_owner, members)
    count = len(level)
    size = np.bincount(labels, minlength=count)
    node_level = level[labels]
    cyclic = size[labels] > 1
    by_label = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[by_label], np.arange(count + 1))
    steps: list[Step] = []
    for lv in range(depth):
        at_level = node_level == lv
        single = np.flatnonzero(at_level & ~cyclic)
        if len(single):
            steps.append(Step(single, cyclic=False))
        # Components of one shape go side by side. Components of different
        # shapes go one by one: stacked as one, their events would interleave
        # and each sample would take the sum of their lock steps.
        alike: dict[object, list[IntArray]] = {}
        for comp in np.unique(labels[at_level & cyclic]).tolist():
            nodes = by_label[bounds[comp] : bounds[comp + 1]]
            shape = _shape(nodes.tolist(), own_ptr, req_ptr, members, slack)
            alike.setdefault(shape, []).append(nodes)
        for comps in alike.values():
            steps.append(Step(np.concatenate(comps), cyclic=True, parts=len(comps)))
    # A node feeds a cycle when a cyclic component needs it, directly or not.
    feeds = cyclic.copy()
    frontier = np.flatnonzero(cyclic)
    member_rows = deps.tocsr()
    while len(frontier):
        reached = member_rows[frontier].indices
        fresh = np.unique(reached[~feeds[reached]])
        feeds[fresh] = True
        frontier = fresh
    return tuple(steps), feeds


#: The drawn value of uncertain quantity ``q[j]`` in sample ``i[j]`` of a chunk, in ticks.
DrawSource = Callable[[IntArray, IntArray], IntArray]


class Durations:
    """The durations of one chunk of ``samples`` samples: the plan's, with the draws put in."""

    def __init__(self, plan: Plan, samples: int, draws: DrawSource) -> None:
        self.plan = plan
        self.samples = samples
        self.draws = draws

    def _pick(self, const: IntArray, q: IntArray, samples: IntArray) -> IntArray:
        out = const.copy()
        drawn = np.flatnonzero(q >= 0)
        if len(drawn):
            out[drawn] = self.draws(q[drawn], samples[drawn])
        return out

    def _pick_at(self, const: IntArray, q: IntArray, keys: IntArray) -> IntArray:
        # As _pick, finding the sample of a key only where a draw is needed.
        out = const.copy()
        drawn = np.flatnonzero(q >= 0)
        if len(drawn):
            out[drawn] = self.draws(q[drawn], keys[drawn] // self.plan.width)
        return out

    def tolerance_at(self, reqs: IntArray, keys: IntArray) -> IntArray:
        """Tolerance of requirement ``reqs[i]`` in the sample of sample key ``keys[i]``."""
        return self._pick_at(self.plan.req_tol[reqs], self.plan.req_tol_q[reqs], keys)

    def restart_at(self, nodes: IntArray, keys: IntArray) -> IntArray:
        """Restart time of node ``nodes[i]`` in the sample of sample key ``keys[i]``."""
        return self._pick_at(self.plan.restart[nodes], self.plan.restart_q[nodes], keys)

    def tolerance(self, reqs: IntArray, samples: IntArray) -> IntArray:
        """Tolerance of requirement ``reqs[i]`` in sample ``samples[i]``."""
        return self._pick(self.plan.req_tol[reqs], self.plan.req_tol_q[reqs], samples)

    def restart(self, nodes: IntArray, samples: IntArray) -> IntArray:
        """Restart time of node ``nodes[i]`` in sample ``samples[i]``."""
        return self._pick(self.plan.restart[nodes], self.plan.restart_q[nodes], samples)

    def windows(self, nodes: IntArray) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """Initiating windows of ``nodes`` in every sample: ``(i, sample, at, end)``.

        ``i`` indexes ``nodes``; times are clipped to the horizon (``end`` is
        H + 1 for a window still open then); windows that start after the
        horizon or last 0 ticks are left out, as the engine leaves them out.
        """
        p = self.plan
        where = np.full(p.n, -1, dtype=np.int64)
        where[nodes] = np.arange(len(nodes))
        fs = np.flatnonzero(where[p.win_node] >= 0)
        n = self.samples
        f = np.repeat(fs, n)
        sample = np.tile(np.arange(n, dtype=np.int64), len(fs))
        dur = self._pick(p.win_dur[f], p.win_q[f], sample)
        at = p.win_at[f]
        h = p.horizon_ticks
        keep = (at <= h) & (dur != 0)
        end = np.where((dur < 0) | (at + dur > h), h + 1, at + dur)
        return where[p.win_node[f]][keep], sample[keep], at[keep], end[keep]
