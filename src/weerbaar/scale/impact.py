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
[0.0, 0.06666666666666667, 0.3333333333333333]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.model.riskmap import RiskMap
from weerbaar.scoring.profile import CLASSES, Profile, class_rank

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Rule:
    """How one node feeds one criterion: step levels, direct classes, a rate per day."""

    node: int  # row in the outage arrays
    criterion: int
    level_after: tuple[float, ...]  # steps naming the criterion with a quantity
    levels: tuple[float, ...]
    class_after: tuple[float, ...]  # steps giving the criterion a class
    class_ranks: tuple[int, ...]  # running maximum rank over those steps
    per_day: float | None


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
    rules: tuple[_Rule, ...]

    @classmethod
    def of(cls, m: RiskMap, profile: Profile, nodes: tuple[str, ...] | None = None) -> ImpactTable:
        """The table of ``m``; ``nodes`` (default: those with an impact) fix the row order."""
        with_impact = [n for n in m.nodes if n.impact is not None]
        order = tuple(n.id for n in with_impact) if nodes is None else nodes
        row = {node_id: i for i, node_id in enumerate(order)}
        criteria = profile.criteria
        index = {c.id: i for i, c in enumerate(criteria)}
        rules: list[_Rule] = []
        # Criterion-major, nodes in map order: the order assess() sums them in.
        for c in criteria:
            for n in with_impact:
                assert n.impact is not None
                steps = sorted(n.impact.steps, key=lambda s: s.after)
                level = [(s.after, s.quantities[c.id]) for s in steps if c.id in s.quantities]
                given = [(s.after, class_rank(s.classes[c.id])) for s in steps if c.id in s.classes]
                rate = n.impact.per_day.get(c.id)
                if not (level or given or rate is not None):
                    continue
                running: list[int] = np.maximum.accumulate([r for _, r in given]).tolist()
                rules.append(
                    _Rule(
                        node=row[n.id],
                        criterion=index[c.id],
                        level_after=tuple(a for a, _ in level),
                        levels=tuple(q for _, q in level),
                        class_after=tuple(a for a, _ in given),
                        class_ranks=tuple(running),
                        per_day=rate,
                    )
                )
        return cls(
            nodes=order,
            criteria=tuple(c.id for c in criteria),
            weights=tuple(c.weight for c in criteria),
            thresholds=tuple(c.thresholds for c in criteria),
            points=profile.points,
            rules=tuple(rules),
        )

    def quantities(self, longest: FloatArray, downtime: FloatArray) -> tuple[FloatArray, IntArray]:
        """Summed quantity and highest directly given class rank, per criterion and sample."""
        samples = longest.shape[1]
        total = np.zeros((len(self.criteria), samples), dtype=np.float64)
        direct = np.zeros((len(self.criteria), samples), dtype=np.int64)
        for rule in self.rules:
            span = longest[rule.node]
            hit = span > 0  # a node never down has no impact at all
            quantity = np.zeros(samples, dtype=np.float64)
            present = np.zeros(samples, dtype=bool)
            if rule.levels:
                reached = np.searchsorted(rule.level_after, span, side="right") - 1
                present = hit & (reached >= 0)
                quantity = np.where(present, np.asarray(rule.levels)[np.maximum(reached, 0)], 0.0)
            if rule.per_day is not None:
                # q.get(cid, 0.0) + rate * downtime / 24, evaluated as node_impact does.
                quantity = np.where(hit, quantity + rule.per_day * downtime[rule.node] / 24, 0.0)
            if rule.class_after:
                reached = np.searchsorted(rule.class_after, span, side="right") - 1
                rank = np.asarray(rule.class_ranks)[np.maximum(reached, 0)]
                given = np.where(hit & (reached >= 0), rank, 0)
                direct[rule.criterion] = np.maximum(direct[rule.criterion], given)
            # assess() adds only positive quantities; adding 0.0 changes no sum.
            row = total[rule.criterion]
            total[rule.criterion] = np.where(quantity > 0, row + quantity, row)
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
        """The score per sample; ``longest`` and ``downtime`` are hours per node and sample."""
        ranks = self.ranks(longest, downtime)
        points = np.concatenate([[0.0], np.asarray(self.points, dtype=np.float64)])
        score = np.zeros(longest.shape[1], dtype=np.float64)
        for i, weight in enumerate(self.weights):
            score = score + weight * points[ranks[i]]
        return score
