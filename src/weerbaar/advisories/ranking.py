"""Advisories matched to a map, with what hangs on the affected nodes, ranked.

What hangs on an advisory is everything that goes down, structurally, when
every affected node fails at once (the engine's closure: a product on both
sides of a redundant pair takes both), and the vital processes among it.
The ranking: the NCSC's label first (Urgent before Normal before none),
then the highest CVSS base score, then how many vital processes hang on
it, then how many would if the nodes under investigation turn out affected
too (``possibly_vital``), then how many nodes are affected, then how many
are under investigation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from threading import Lock

from weerbaar.advisories.csaf import Advisory, Label
from weerbaar.advisories.match import (
    NodeMatch,
    ProductIndex,
    affected_nodes,
    investigated_nodes,
    match,
)
from weerbaar.engine.graph import Graph, build_graph
from weerbaar.model import RiskMap

_LABEL_ORDER = {Label.URGENT: 0, Label.NORMAL: 1, None: 2}


class Closures:
    """fails() of sets of nodes, many times over one map.

    :func:`weerbaar.engine.closure` rebuilds its lists on every call, which
    costs a pass over the whole map; a thousand advisories need a thousand
    closures, so the lists are built once here.
    """

    def __init__(self, m: RiskMap | Graph) -> None:
        g = build_graph(m) if isinstance(m, RiskMap) else m
        self.ids = g.ids
        self.index = g.index
        self.slack = g.slack.tolist()
        self.owner = g.owner.tolist()
        uses, ptr = g.uses.tolist(), g.use_ptr.tolist()
        self.uses = [uses[ptr[u] : ptr[u + 1]] for u in range(g.n)]
        # Reused between calls and reset to zero where touched: allocating
        # them per call would cost a pass over the map each time.
        self._count = [0] * len(self.slack)
        self._down = bytearray(g.n)
        # One web process may serve two requests at once with the same object.
        self._lock = Lock()

    def __call__(self, seeds: Iterable[str]) -> list[str]:
        with self._lock:
            return self._closure(seeds)

    def _closure(self, seeds: Iterable[str]) -> list[str]:
        count, down = self._count, self._down
        uses, slack, owner = self.uses, self.slack, self.owner
        touched: list[int] = []
        reached: list[int] = []
        work = [self.index[s] for s in seeds]
        while work:
            u = work.pop()
            if down[u]:
                continue
            down[u] = 1
            reached.append(u)
            for r in uses[u]:
                c = count[r] + 1
                count[r] = c
                if c == 1:
                    touched.append(r)
                if c > slack[r] and not down[owner[r]]:
                    work.append(owner[r])
        for r in touched:
            count[r] = 0
        for u in reached:
            down[u] = 0
        return sorted(self.ids[u] for u in reached)


@dataclass(frozen=True)
class Matched:
    """An advisory against one map."""

    advisory: Advisory
    matches: tuple[NodeMatch, ...]
    affected: tuple[str, ...]
    down: tuple[str, ...]
    vital: tuple[str, ...]
    #: nodes under investigation (possibly affected), and the vital processes
    #: that go down besides ``vital`` when they are affected as well
    investigating: tuple[str, ...] = ()
    possibly_vital: tuple[str, ...] = ()

    @property
    def cvss(self) -> float | None:
        score = self.advisory.cvss
        return None if score is None else score.base

    def sort_key(self) -> tuple[int, float, int, int, int, int, str]:
        return (
            _LABEL_ORDER[self.advisory.label],
            -(self.cvss if self.cvss is not None else -1.0),
            -len(self.vital),
            -len(self.possibly_vital),
            -len(self.affected),
            -len(self.investigating),
            self.advisory.id,
        )


def rank(
    m: RiskMap,
    advisories: Iterable[Advisory],
    *,
    index: ProductIndex | None = None,
    closure: Callable[[Iterable[str]], list[str]] | None = None,
) -> list[Matched]:
    """The advisories that name a product of ``m``, most pressing first.

    Advisories naming none of the map's products are left out. ``index`` and
    ``closure`` may be given when they are kept between calls.
    """
    index = index or ProductIndex(m)
    vital = {n.id for n in m.vital_processes}
    fails = closure
    out = []
    for adv in advisories:
        matches = match(adv, index)
        if not matches:
            continue
        affected = affected_nodes(matches)
        investigating = investigated_nodes(matches)
        if (affected or investigating) and fails is None:
            fails = Closures(m)
        down = fails(affected) if affected and fails is not None else []
        possibly: list[str] = []
        if investigating and fails is not None:
            known = set(down)
            possibly = [v for v in fails([*affected, *investigating]) if v not in known]
        out.append(
            Matched(
                adv,
                tuple(matches),
                tuple(affected),
                tuple(down),
                tuple(v for v in down if v in vital),
                tuple(investigating),
                tuple(v for v in possibly if v in vital),
            )
        )
    out.sort(key=Matched.sort_key)
    return out
