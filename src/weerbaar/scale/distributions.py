"""Draws of the uncertain durations of a map, many samples at once.

A map marks a duration as uncertain with a distribution (``tri(2d, 3d, 7d)``,
``lognormal(3d, 0.5)``; see :mod:`weerbaar.model.durations`). Monte Carlo
draws every uncertain quantity a scenario can touch for all samples in one
go, as an array of engine ticks per quantity, and rounds each draw to whole
milliseconds, the engine's resolution: :func:`sample_map` turns one sample
back into an ordinary map on which :func:`weerbaar.engine.simulate` sees
exactly the same numbers as the vectorised cascade.

Examples
--------
>>> from weerbaar.model import parse_map
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: a, restart: "tri(1h, 2h, 4h)"}
...   - {id: b, requires: [{node: a, tolerance: "lognormal(3d, 0.5)"}]}
... scenarios: [{id: s, failures: [{node: a, duration: "tri(1d, 2d, 4d)"}]}]
... ''')
>>> draws = draw(m, "s", seed=7, samples=1000)
>>> [str(q) for q in draws.quantities]
['duration of failure 0 of a: tri(1d, 2d, 4d)', 'restart of a: tri(1h, 2h, 4h)', \
'tolerance of requirement 0 of b: lognormal(3d, 0.5)']
>>> draws.ticks.shape
(3, 1000)
>>> sample_map(m, draws, 0).scenario("s").failures[0].duration == draws.hours(0, 0)
True
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from weerbaar.engine.simulate import TICKS_PER_HOUR
from weerbaar.model.durations import Distribution, DistributionKind
from weerbaar.model.riskmap import Failure, Node, RiskMap, Scenario

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Draws are capped at 10^8 hours (11,000 years): far past any horizon, so the
#: cap changes no outcome, and small enough that ticks and hours convert back
#: and forth exactly.
MAX_HOURS = 1e8


def ticks(hours: float) -> int:
    """Engine ticks (milliseconds) of a duration in hours, rounded as the engine does."""
    return round(hours * TICKS_PER_HOUR)


class QuantityKind(StrEnum):
    """Which duration of the map a quantity is."""

    DURATION = "duration"  # of an initiating failure of the scenario
    RESTART = "restart"  # of a node
    TOLERANCE = "tolerance"  # of one requirement of a node


@dataclass(frozen=True)
class Quantity:
    """One uncertain duration: the ``index``-th failure of the scenario on
    ``node``, the restart of ``node``, or ``node``'s ``index``-th requirement."""

    kind: QuantityKind
    node: str
    index: int
    spread: Distribution

    def __str__(self) -> str:
        where = {
            QuantityKind.DURATION: f"duration of failure {self.index} of {self.node}",
            QuantityKind.RESTART: f"restart of {self.node}",
            QuantityKind.TOLERANCE: f"tolerance of requirement {self.index} of {self.node}",
        }[self.kind]
        return f"{where}: {self.spread}"


def _applies(spread: Distribution | None, value: float | None) -> bool:
    # A measure may have changed the value (a longer tolerance, a shorter
    # restart) without touching its spread; the measure's value is then certain.
    return spread is not None and spread.point == value


def uncertain_quantities(
    m: RiskMap, scenario: Scenario | str, nodes: Collection[str] | None = None
) -> tuple[Quantity, ...]:
    """The uncertain durations of a scenario's run, in a fixed order.

    The scenario's failures first, then per node in map order its restart and
    its requirements' tolerances; ``nodes`` limits the nodes (to those the
    scenario can reach, say). A spread whose most likely value is no longer
    the field's value, because a measure changed the value, is left out.
    """
    sc = m.scenario(scenario) if isinstance(scenario, str) else scenario
    out: list[Quantity] = []
    for i, f in enumerate(sc.failures):
        if f.duration_spread is not None and _applies(f.duration_spread, f.duration):
            out.append(Quantity(QuantityKind.DURATION, f.node, i, f.duration_spread))
    for n in m.nodes:
        if nodes is not None and n.id not in nodes:
            continue
        if n.restart_spread is not None and _applies(n.restart_spread, n.restart):
            out.append(Quantity(QuantityKind.RESTART, n.id, 0, n.restart_spread))
        for j, r in enumerate(n.requires):
            if r.tolerance_spread is not None and _applies(r.tolerance_spread, r.tolerance):
                out.append(Quantity(QuantityKind.TOLERANCE, n.id, j, r.tolerance_spread))
    return tuple(out)


@dataclass(frozen=True)
class Draws:
    """Sampled values: ``ticks[q, i]`` is quantity ``q`` in sample ``i``, in engine ticks."""

    scenario: str
    quantities: tuple[Quantity, ...]
    ticks: IntArray

    @property
    def samples(self) -> int:
        return int(self.ticks.shape[1])

    def hours(self, q: int, i: int) -> float:
        """Quantity ``q`` of sample ``i`` in hours (converts back to the same ticks)."""
        return int(self.ticks[q, i]) / TICKS_PER_HOUR


#: SplitMix64's constants (Steele, Lea and Flood, 2014).
_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def uniforms(key: int, quantity: IntArray, sample: IntArray) -> FloatArray:
    """A uniform number in (0, 1) for each (quantity, sample) pair.

    Output number ``quantity * 2**32 + sample`` of the SplitMix64 generator
    seeded with ``key``: a counter-based draw, so every value can be computed
    on its own, where and when it is needed, and comes out the same however
    the samples are split into chunks or spread over machines.

    Examples
    --------
    >>> u = uniforms(42, np.array([0, 0, 1]), np.array([0, 1, 0]))
    >>> bool(((0 < u) & (u < 1)).all()), len(set(u.tolist()))
    (True, 3)
    """
    counter = (quantity.astype(np.uint64) << np.uint64(32)) | sample.astype(np.uint64)
    z = counter * _GAMMA + np.uint64(key)
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z ^= z >> np.uint64(31)
    out: FloatArray = ((z >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53
    return out


def _lognormal(u: FloatArray, median: FloatArray, sigma: FloatArray) -> FloatArray:
    from scipy.special import ndtri

    out: FloatArray = median * np.exp(sigma * ndtri(u))
    return out


def _triangular(u: FloatArray, low: FloatArray, mode: FloatArray, high: FloatArray) -> FloatArray:
    # Below the mode low + sqrt(u (high - low) (mode - low)), above it
    # high - sqrt((1 - u) (high - low) (high - mode)); in place, as these
    # arrays are the largest of a run.
    width = high - low
    left = u * width < mode - low
    out: FloatArray = np.where(left, u * (mode - low), (1 - u) * (high - mode))
    out *= width
    np.sqrt(out, out=out)
    np.negative(out, out=out, where=~left)
    out += np.where(left, low, high)
    return out


class Sampler:
    """The draws of one run: quantity ``q`` in sample ``i``, computed on demand.

    Triangular draws use the inverse distribution function (exact at a
    degenerate ``tri(x, x, x)``); log-normal ones are ``median * exp(sigma *
    z)`` with ``z`` the standard normal quantile of the uniform draw. Every
    value is rounded to whole engine ticks and capped at :data:`MAX_HOURS`.

    Examples
    --------
    >>> from weerbaar.model.durations import parse_uncertain
    >>> s = Sampler((parse_uncertain("tri(1h, 2h, 4h)"),), seed=7)
    >>> t = s.ticks(np.zeros(10_000, dtype=np.int64), np.arange(10_000))
    >>> bool((t >= 3_600_000).all() and (t <= 4 * 3_600_000).all())
    True
    >>> bool((s.ticks(np.array([0]), np.array([5])) == t[5]).all())
    True
    """

    def __init__(self, spreads: tuple[Distribution, ...], seed: int) -> None:
        state = np.random.SeedSequence(seed).generate_state(1, np.uint64)
        self.key = int(state[0])
        self.count = len(spreads)
        self.lognormal = np.array(
            [d.kind is DistributionKind.LOGNORMAL for d in spreads], dtype=bool
        )
        params = np.zeros((len(spreads), 3), dtype=np.float64)
        for i, d in enumerate(spreads):
            params[i, : len(d.params)] = d.params
        self.params = params

    def ticks(self, quantity: IntArray, sample: IntArray) -> IntArray:
        """Quantity ``quantity[j]`` in sample ``sample[j]``, in ticks."""
        return self._ticks(quantity, sample, self.params[quantity].T, self.lognormal[quantity])

    def _ticks(
        self,
        quantity: IntArray,
        sample: IntArray,
        params: npt.NDArray[np.float64],
        lognormal: npt.NDArray[np.bool_],
    ) -> IntArray:
        u = uniforms(self.key, quantity, sample)
        if lognormal.all():
            hours = _lognormal(u, *params[:2])
        elif not lognormal.any():
            hours = _triangular(u, *params)
        else:
            hours = np.empty(len(u), dtype=np.float64)
            hours[lognormal] = _lognormal(u[lognormal], *params[:2, lognormal])
            hours[~lognormal] = _triangular(u[~lognormal], *params[:, ~lognormal])
        return _in_ticks(hours)

    def matrix(self, first: int, samples: int) -> IntArray:
        """All quantities in samples ``first ..``: shape ``(quantities, samples)``.

        The same values as :meth:`ticks`: every element goes through the same
        arithmetic, with a quantity's parameters broadcast along its row.
        """
        out = np.empty((self.count, samples), dtype=np.int64)
        sample = np.arange(first, first + samples, dtype=np.int64)[None, :]
        rows = max(1, (1 << 18) // max(samples, 1))  # blocks of about 2 MB per array
        for lo in range(0, self.count, rows):
            q = np.arange(lo, min(lo + rows, self.count), dtype=np.int64)
            u = uniforms(self.key, q[:, None], sample)
            params = self.params[q].T[:, :, None]
            log = self.lognormal[q]
            if not log.any():
                hours = _triangular(u, *params)
            else:
                hours = np.empty(u.shape, dtype=np.float64)
                hours[log] = _lognormal(u[log], *params[:2, log])
                hours[~log] = _triangular(u[~log], *params[:, ~log])
            out[lo : lo + len(q)] = _in_ticks(hours)
        return out


def _in_ticks(hours: FloatArray) -> IntArray:
    """Hours (overwritten) as whole engine ticks, capped at :data:`MAX_HOURS`."""
    np.clip(hours, 0.0, MAX_HOURS, out=hours)
    hours *= TICKS_PER_HOUR
    np.rint(hours, out=hours)
    return hours.astype(np.int64)


def draw(
    m: RiskMap,
    scenario: Scenario | str,
    seed: int,
    samples: int,
    nodes: Collection[str] | None = None,
) -> Draws:
    """Every uncertain duration of a scenario's run in samples ``0 .. samples - 1``.

    The same values as :func:`weerbaar.scale.montecarlo.monte_carlo` uses
    for the same seed (with ``nodes`` the plan's region).
    """
    sc = m.scenario(scenario) if isinstance(scenario, str) else scenario
    quantities = uncertain_quantities(m, sc, nodes)
    sampler = Sampler(tuple(q.spread for q in quantities), seed)
    return Draws(sc.id, quantities, sampler.matrix(0, samples))


def sample_map(m: RiskMap, draws: Draws, i: int) -> RiskMap:
    """The map as sample ``i`` saw it: every drawn duration set to its value, no spread.

    Simulating the result with :func:`weerbaar.engine.simulate` gives exactly
    sample ``i`` of the vectorised cascade.
    """
    restart: dict[str, float] = {}
    tolerance: dict[tuple[str, int], float] = {}
    duration: dict[int, float] = {}
    for q, quantity in enumerate(draws.quantities):
        value = draws.hours(q, i)
        if quantity.kind is QuantityKind.RESTART:
            restart[quantity.node] = value
        elif quantity.kind is QuantityKind.TOLERANCE:
            tolerance[(quantity.node, quantity.index)] = value
        else:
            duration[quantity.index] = value

    owners = {node_id for node_id, _ in tolerance}

    def node(n: Node) -> Node:
        if n.id not in restart and n.id not in owners:
            return n
        requires = tuple(
            replace(r, tolerance=tolerance[(n.id, j)], tolerance_spread=None)
            if (n.id, j) in tolerance
            else r
            for j, r in enumerate(n.requires)
        )
        if n.id in restart:
            return replace(n, requires=requires, restart=restart[n.id], restart_spread=None)
        return replace(n, requires=requires)

    def failure(j: int, f: Failure) -> Failure:
        if j not in duration:
            return f
        return replace(f, duration=duration[j], duration_spread=None)

    scenarios = tuple(
        replace(sc, failures=tuple(failure(j, f) for j, f in enumerate(sc.failures)))
        if sc.id == draws.scenario
        else sc
        for sc in m.scenarios
    )
    return replace(m, nodes=tuple(node(n) for n in m.nodes), scenarios=scenarios)


def widen(m: RiskMap, low: float = 0.5, high: float = 2.0) -> RiskMap:
    """``m`` with every certain positive duration ``d`` made uncertain: ``tri(low·d, d, high·d)``.

    For what-if runs ("every estimate may be half or double") and benchmarks.
    Failure durations of all scenarios, tolerances and restarts are widened;
    durations that already have a distribution are kept.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = widen(parse_map("weerbaar: 1\\nnodes: [{id: a, restart: 4h}]"))
    >>> str(m.node("a").restart_spread)
    'tri(2h, 4h, 8h)'
    """

    def spread(d: float | None, current: Distribution | None) -> Distribution | None:
        if current is not None or d is None or d <= 0:
            return current
        return Distribution(DistributionKind.TRIANGULAR, (low * d, d, high * d))

    nodes = tuple(
        replace(
            n,
            restart_spread=spread(n.restart, n.restart_spread),
            requires=tuple(
                replace(r, tolerance_spread=spread(r.tolerance, r.tolerance_spread))
                for r in n.requires
            ),
        )
        for n in m.nodes
    )
    scenarios = tuple(
        replace(
            sc,
            failures=tuple(
                replace(f, duration_spread=spread(f.duration, f.duration_spread))
                for f in sc.failures
            ),
        )
        for sc in m.scenarios
    )
    return replace(m, nodes=nodes, scenarios=scenarios)
