"""Impact scores of a chunk of samples, compiled: :meth:`ImpactTable.score` as one loop.

The numpy path of :class:`~weerbaar.scale.impact.ImpactTable` compares every
node's steps with every sample's outage in arrays of (nodes, steps,
samples), criterion after criterion: most of a Monte Carlo chunk's time
after the simulation. This loop looks at each (node, sample) once, and only
at the steps the outage reaches (they are sorted). It computes every float
with the same operations in the same order as the numpy path (the
quantities summed node after node in map order, the weighted points
criterion after criterion), so the scores are the same to the last bit;
the numpy path is its twin.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from weerbaar.engine.jit import kernel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@kernel
def score_samples(
    longest: FloatArray,
    downtime: FloatArray,
    start: IntArray,
    node: IntArray,
    level_after: FloatArray,
    levels: FloatArray,
    class_after: FloatArray,
    ranks: FloatArray,
    per_day: FloatArray,
    bounds: FloatArray,
    classified: BoolArray,
    weights: FloatArray,
    points: FloatArray,
    score: FloatArray,
) -> None:
    """Write the score of every sample (column of ``longest``) into ``score``.

    The rows ``start[c] .. start[c + 1] - 1`` of the per-row tables are the
    nodes feeding criterion ``c``, as :class:`~weerbaar.scale.impact._Criterion`
    holds them; ``bounds[c]`` its class thresholds when ``classified[c]``;
    ``points[rank]`` the points of a class rank (0 for none).
    """
    samples = longest.shape[1]
    total = np.empty(samples, dtype=np.float64)
    direct = np.empty(samples, dtype=np.float64)
    classes = bounds.shape[1]
    score[:] = 0.0
    for c in range(len(weights)):
        total[:] = 0.0
        direct[:] = 0.0
        for j in range(start[c], start[c + 1]):
            i = node[j]
            rate = per_day[j]
            for s in range(samples):
                span = longest[i, s]
                if not span > 0.0:  # up throughout: adds nothing (0.0)
                    continue
                # The last step reached (``after`` at most the outage) sets the level.
                level = 0.0
                for a in range(level_after.shape[1]):
                    if level_after[j, a] > span:
                        break
                    level = levels[j, a]
                if np.isnan(rate):
                    total[s] += level
                else:
                    total[s] += level + rate * downtime[i, s] / 24
                for a in range(class_after.shape[1]):
                    if class_after[j, a] > span:
                        break
                    if ranks[j, a] > direct[s]:
                        direct[s] = ranks[j, a]
        for s in range(samples):
            rank = int(direct[s])
            if classified[c]:
                # Criterion.classify: the highest class whose bound is reached.
                for r in range(classes, 0, -1):
                    if total[s] >= bounds[c, r - 1]:
                        rank = max(rank, r)
                        break
            score[s] = score[s] + weights[c] * points[rank]
