"""Structural criticality for pages, jobs and the API: exact or bounded memory.

The exact analysis (:func:`weerbaar.engine.structural`) keeps what every node
takes down as an n × n bit matrix: 58 MB at 21,000 nodes and growing with the
square. Past ``settings.EXACT_CRITICALITY_NODES`` nodes the counts-only sweep
of :mod:`weerbaar.scale.criticality` is used instead: the same counts and
single points of failure in bounded memory, without the per-node lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings

from weerbaar.engine import Structural, structural
from weerbaar.engine.ranking import ranking
from weerbaar.model import RiskMap
from weerbaar.scale.criticality import criticality as counted

IntArray = npt.NDArray[np.int64]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Criticality:
    """What each node's permanent failure takes down.

    ``down[i]`` and ``vital_down[i]`` count the nodes and the vital processes
    that fail with node ``ids[i]`` (itself not counted); ``single_points``
    maps every vital process to the nodes whose failure alone stops it.
    ``exact`` holds the full analysis when the map was small enough for it.
    """

    ids: list[str]
    down: IntArray
    vital_down: IntArray
    single_points: dict[str, list[str]]
    exact: Structural | None

    def order(self) -> list[int]:
        """Node positions from the most to the least critical (one ranking everywhere)."""
        return ranking(self.ids, self.down, self.vital_down)

    def ranked(self) -> list[dict[str, Any]]:
        """``{"node", "nodes", "vital"}`` per node, most critical first (the CLI's JSON)."""
        down, vital = self.down.tolist(), self.vital_down.tolist()
        return [{"node": self.ids[i], "nodes": down[i], "vital": vital[i]} for i in self.order()]


def exact_fits(m: RiskMap) -> bool:
    """Whether the exact analysis (n² bits) may be built for ``m``."""
    return len(m.nodes) <= settings.EXACT_CRITICALITY_NODES


def criticality(m: RiskMap, progress: Progress | None = None) -> Criticality:
    """Structural criticality of ``m``, exact when it fits, counted otherwise."""
    ids = [n.id for n in m.nodes]
    vital = np.array([n.vital for n in m.nodes], dtype=bool)
    vital_ids = sorted(n.id for n in m.nodes if n.vital)
    if exact_fits(m):
        if progress is not None:
            progress(0, 1)
        s = structural(m)
        found = Criticality(
            ids,
            s.counts(),
            s.counts(among=vital),
            {v: s.single_points(v) for v in vital_ids},
            s,
        )
        if progress is not None:
            progress(1, 1)
        return found
    c = counted(m, vital, progress=progress)
    return Criticality(ids, c.down, c.vital_down, {v: c.single_points(v) for v in vital_ids}, None)
