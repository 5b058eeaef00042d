"""Impact scores of many samples at once, exactly as :mod:`weerbaar.scoring` scores one.

:func:`weerbaar.scoring.assess` turns each node's longest outage and total
down time into quantities per criterion (:func:`~weerbaar.scoring.node_impact`),
sums them per criterion, classifies the sums and adds up weighted class
points. :class:`ImpactTable` prepares the same rules once per map and
profile, and :meth:`ImpactTable.score` applies them to arrays of outages of
shape ``(nodes, samples)``. Every float is computed with the same operations
in the same order as the per-scenario code, so each sample's score equals
``assess(sample_map, simulate(sample_map, scenario)).score`` to the last bit.

Examples
--------
>>> from weerbaar.model import parse_map
>>> from weerbaar.scoring import default_profile
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - id: loket
...     impact: {per_day: {costs: 100000}, steps: [{after: 1d, daily_life: 500}]}
... ''')
>>> table = ImpactTable.of(m, default_profile())
>>> table.score(np.array([[0.0, 12.0, 48.0]]), np.array([[0.0, 12.0, 48.0]])).tolist()
[0.0, 0.2, 0.4]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine import jit
from weerbaar.model.riskmap import RiskMap
from weerbaar.scoring.profile import CLASSES, Profile, class_rank

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _padded(rows: list[list[float]], filler: float) -> FloatArray:
    width = max((len(r) for r in rows), default=0)
    out = np.full((len(rows), max(width, 1)), filler, dtype=np.float64)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


@dataclass(frozen=True)
class _Criterion:
    """How the nodes feed one criterion, one row per node that names it, in map order.

    ``level_after[i]`` are the ``after`` of node i's steps that give the
    criterion a quantity (sorted, padded with infinity), ``levels[i]`` those
    quantities; ``class_after`` and ``ranks`` the same for steps that give a
    class (``ranks`` as a running maximum); ``per_day`` the rate, NaN for none.
    """

    nodes: IntArray
    level_after: FloatArray
    levels: FloatArray
    class_after: FloatArray
    ranks: FloatArray
    per_day: FloatArray

    def quantity(self, longest: FloatArray, downtime: FloatArray) -> tuple[FloatArray, IntArray]:
        """Summed quantity and highest directly given class rank per sample."""
        samples = longest.shape[1]
        # Only nodes down in some sample add anything: a node never down has
        # no impact at all.
        down = np.flatnonzero(longest[self.nodes].any(axis=1))
        if not len(down):
            return np.zeros(samples), np.zeros(samples, dtype=np.int64)
        nodes = self.nodes[down]
        span = longest[nodes]
        hit = span > 0
        # A step is reached when the longest outage lasts at least its `after`;
        # the last reached step that names the criterion sets the level.
        rows = down[:, None]
        reached = (self.level_after[down, :, None] <= span[:, None, :]).sum(axis=1) - 1
        level = np.where(hit & (reached >= 0), self.levels[rows, np.maximum(reached, 0)], 0.0)
        rate = self.per_day[down, None]
        # q.get(cid, 0.0) + rate * downtime / 24, evaluated as node_impact does.
        daily = np.where(hit & ~np.isnan(rate), level + rate * downtime[nodes] / 24, level)
        # assess() sums the positive quantities one node after the other;
        # cumsum adds in that order, and adding 0.0 changes no sum.
        total: FloatArray = np.cumsum(daily, axis=0)[-1]
        given = (self.class_after[down, :, None] <= span[:, None, :]).sum(axis=1) - 1
        rank = np.where(hit & (given >= 0), self.ranks[rows, np.maximum(given, 0)], 0)
        return total, rank.max(axis=0).astype(np.int64)


@dataclass(frozen=True)
class _Packed:
    """Every criterion's table end to end, for the compiled scores.

    Rows ``start[c] .. start[c + 1] - 1`` of ``node`` .. ``per_day`` are the
    rows of criterion ``c``'s :class:`_Criterion` (none without a table);
    ``bounds[c]`` its thresholds, valid where ``classified[c]``; ``points``
    the points per class rank, 0 for none.
    """

    start: IntArray
    node: IntArray
    level_after: FloatArray
    levels: FloatArray
    class_after: FloatArray
    ranks: FloatArray
    per_day: FloatArray
    bounds: FloatArray
    classified: npt.NDArray[np.bool_]
    weights: FloatArray
    points: FloatArray

    @classmethod
    def of(
        cls,
        tables: list[_Criterion | None],
        thresholds: tuple[tuple[float, ...] | None, ...],
        weights: tuple[float, ...],
        points: tuple[float, ...],
    ) -> _Packed:
        present = [t for t in tables if t is not None]
        sizes = [0 if t is None else len(t.nodes) for t in tables]

        def joined(name: str, filler: float) -> FloatArray:
            parts = [getattr(t, name) for t in present]
            width = max((p.shape[1] for p in parts), default=1)
            out = np.full((sum(sizes), width), filler, dtype=np.float64)
            at = 0
            for p in parts:
                out[at : at + len(p), : p.shape[1]] = p
                at += len(p)
            return out

        bounds = np.zeros((len(tables), len(CLASSES)), dtype=np.float64)
        for c, b in enumerate(thresholds):
            if b is not None:
                bounds[c] = b
        return cls(
            start=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            node=np.concatenate([np.zeros(0, np.int64)] + [t.nodes for t in present]),
            level_after=joined("level_after", np.inf),
            levels=joined("levels", 0.0),
            class_after=joined("class_after", np.inf),
            ranks=joined("ranks", 0.0),
            per_day=np.concatenate([np.zeros(0)] + [t.per_day for t in present]),
            bounds=bounds,
            classified=np.array([b is not None for b in thresholds], dtype=np.bool_),
            weights=np.array(weights, dtype=np.float64),
            points=np.concatenate([[0.0], np.asarray(points, dtype=np.float64)]),
        )


@dataclass(frozen=True)
class ImpactTable:
    """The impact rules of a map's nodes for one profile, ready for many samples.

    ``nodes`` are the ids whose outages :meth:`score` expects, in that order.
    """

    nodes: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    thresholds: tuple[tuple[float, ...] | None, ...]
    points: tuple[float, ...]
    tables: tuple[_Criterion | None, ...]
    packed: _Packed

    @classmethod
    def of(cls, m: RiskMap, profile: Profile, nodes: tuple[str, ...] | None = None) -> ImpactTable:
        """The table of ``m``; ``nodes`` (default: those with an impact) fix the row order.

        Nodes left out of ``nodes`` are taken as never down: they add nothing.
        """
        order = tuple(n.id for n in m.nodes if n.impact is not None) if nodes is None else nodes
        row = {node_id: i for i, node_id in enumerate(order)}
        with_impact = [n for n in m.nodes if n.impact is not None and n.id in row]
        steps = {
            n.id: sorted(n.impact.steps, key=lambda s: s.after) for n in with_impact if n.impact
        }
        tables: list[_Criterion | None] = []
        for c in profile.criteria:
            which: list[int] = []
            level_after: list[list[float]] = []
            levels: list[list[float]] = []
            class_after: list[list[float]] = []
            ranks: list[list[float]] = []
            per_day: list[float] = []
            for n in with_impact:  # map order: the order assess() sums them in
                assert n.impact is not None
                level = [(s.after, s.quantities[c.id]) for s in steps[n.id] if c.id in s.quantities]
                given = [
                    (s.after, class_rank(s.classes[c.id])) for s in steps[n.id] if c.id in s.classes
                ]
                rate = n.impact.per_day.get(c.id)
                if not (level or given or rate is not None):
                    continue
                which.append(row[n.id])
                level_after.append([a for a, _ in level])
                levels.append([q for _, q in level])
                class_after.append([a for a, _ in given])
                ranks.append(np.maximum.accumulate([r for _, r in given]).tolist() if given else [])
                per_day.append(np.nan if rate is None else rate)
            tables.append(
                _Criterion(
                    nodes=np.array(which, dtype=np.int64),
                    level_after=_padded(level_after, np.inf),
                    levels=_padded(levels, 0.0),
                    class_after=_padded(class_after, np.inf),
                    ranks=_padded(ranks, 0.0),
                    per_day=np.array(per_day, dtype=np.float64),
                )
                if which
                else None
            )
        thresholds = tuple(c.thresholds for c in profile.criteria)
        weights = tuple(c.weight for c in profile.criteria)
        return cls(
            nodes=order,
            criteria=tuple(c.id for c in profile.criteria),
            weights=weights,
            thresholds=thresholds,
            points=profile.points,
            tables=tuple(tables),
            packed=_Packed.of(tables, thresholds, weights, profile.points),
        )

    def quantities(self, longest: FloatArray, downtime: FloatArray) -> tuple[FloatArray, IntArray]:
        """Summed quantity and highest directly given class rank, per criterion and sample."""
        samples = longest.shape[1]
        total = np.zeros((len(self.criteria), samples), dtype=np.float64)
        direct = np.zeros((len(self.criteria), samples), dtype=np.int64)
        for i, table in enumerate(self.tables):
            if table is not None:
                total[i], direct[i] = table.quantity(longest, downtime)
        return total, direct

    def ranks(self, longest: FloatArray, downtime: FloatArray) -> IntArray:
        """The class rank (0 none, 1 A .. 5 E) per criterion and sample."""
        total, direct = self.quantities(longest, downtime)
        ranks = direct.copy()
        for i, bounds in enumerate(self.thresholds):
            if bounds is None:
                continue
            found = np.zeros(total.shape[1], dtype=np.int64)
            # Criterion.classify: the highest class whose bound is reached.
            for rank in range(len(CLASSES), 0, -1):
                found = np.where((found == 0) & (total[i] >= bounds[rank - 1]), rank, found)
            ranks[i] = np.maximum(ranks[i], found)
        return ranks

    def score(self, longest: FloatArray, downtime: FloatArray) -> FloatArray:
        """The score per sample; ``longest`` and ``downtime`` are hours per node and sample.

        Compiled when numba is there (:mod:`weerbaar.scale.scores`), else in
        numpy; the same floats either way.
        """
        if jit.ENABLED:
            from weerbaar.scale.scores import score_samples

            p = self.packed
            out = np.empty(longest.shape[1], dtype=np.float64)
            score_samples(
                np.ascontiguousarray(longest, dtype=np.float64),
                np.ascontiguousarray(downtime, dtype=np.float64),
                p.start,
                p.node,
                p.level_after,
                p.levels,
                p.class_after,
                p.ranks,
                p.per_day,
                p.bounds,
                p.classified,
                p.weights,
                p.points,
                out,
            )
            return out
        ranks = self.ranks(longest, downtime)
        points = np.concatenate([[0.0], np.asarray(self.points, dtype=np.float64)])
        score = np.zeros(longest.shape[1], dtype=np.float64)
        for i, weight in enumerate(self.weights):
            score = score + weight * points[ranks[i]]
        return score
