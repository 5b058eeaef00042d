"""When requirements are unmet and lost, from the down intervals of their members.

Rules 1 and 2 of the semantics as interval algebra, for many requirements in
many samples at once: a requirement is *unmet* where more than ``slack`` of
its members are down, and *lost* on ``[a + T, b)`` of each maximal unmet
``[a, b)``. Its members' intervals come from the
:class:`~weerbaar.scale.store.Store`, so all of them must be solved already.

Also derived here are the instants at which the engine's first pass counts a
requirement as lost for a moment although it is not (see
:mod:`weerbaar.scale.cascade`): where a tolerance runs out exactly as the
requirement is met again, and, at a zero tolerance, where members that were
down just before, go down now, or have a moment now together reach the
requirement's limit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.scale.intervals import EMPTY, covered, ragged_arange
from weerbaar.scale.plan import Durations, Plan
from weerbaar.scale.store import Store

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Losses:
    """Unmet intervals ``[start, end)`` (sample keys) of requirement ``reqs[req]``.

    ``tol`` is each interval's tolerance in its sample; ``flash`` and
    ``flash_req`` the instants where the first pass may see the requirement
    unmet for a moment (computed only when asked for).
    """

    start: IntArray
    end: IntArray
    req: IntArray
    tol: IntArray
    flash: IntArray
    flash_req: IntArray

    def lost(self) -> tuple[IntArray, IntArray, IntArray]:
        """Lost intervals ``[a + T, b)``, empty ones left out: ``(start, end, req)``."""
        keep = self.start + self.tol < self.end
        return self.start[keep] + self.tol[keep], self.end[keep], self.req[keep]

    def moments(self, dur: Durations, reqs: IntArray) -> tuple[IntArray, IntArray]:
        """Instants (sample keys) where the first pass sees a requirement lost that is not.

        Returns ``(keys, req)``; an owner down just before or at such an
        instant is not affected by it, and callers filter those out.
        """
        w, h = dur.plan.width, dur.plan.horizon_ticks
        # The tolerance runs out exactly as the requirement is met again...
        expire = (self.tol > 0) & (self.end - self.start == self.tol) & (self.end % w <= h)
        # ...or members briefly count double at a zero tolerance.
        zero = dur.tolerance_at(reqs[self.flash_req], self.flash) == 0
        keys = np.concatenate([self.end[expire], self.flash[zero]])
        req = np.concatenate([self.req[expire], self.flash_req[zero]])
        return keys, req


def losses(plan: Plan, dur: Durations, store: Store, reqs: IntArray, moments: bool) -> Losses:
    """The unmet intervals of requirements ``reqs`` in every sample (see :class:`Losses`)."""
    n, w = dur.samples, plan.width
    g = n * w  # keys per requirement while sweeping: index * g + sample * w + time
    size = np.diff(plan.req_ptr)[reqs]
    slack = plan.req_slack[reqs]
    # Most requirements have one member and no slack: unmet exactly when it is down.
    direct = np.flatnonzero((size == 1) & (slack == 0))
    first_member = plan.req_members[plan.req_ptr[reqs[direct]]]
    ua, ub, which = store.gather(first_member)
    parts = [(ua, ub, direct[which])]
    flashes = [(EMPTY, EMPTY)]
    if moments:
        mk, _, mw = store.gather(first_member, moments=True)
        flashes.append((mk, direct[mw]))
    swept = np.flatnonzero((size > 1) | (slack > 0))
    if len(swept):
        slot_req = np.repeat(np.arange(len(swept), dtype=np.int64), size[swept])
        slot_node = plan.req_members[ragged_arange(plan.req_ptr[reqs[swept]], size[swept])]
        starts, ends, _ = store.gather(slot_node, slot_req * g)
        points = store.gather(slot_node, slot_req * g, moments=True)[0] if moments else None
        sa, sb, flash = covered(starts, ends, slack[swept] + 1, g, points)
        group = sa // g
        parts.append((sa - group * g, sb - group * g, swept[group]))
        group = flash // g
        flashes.append((flash - group * g, swept[group]))
    start = np.concatenate([p[0] for p in parts])
    req = np.concatenate([p[2] for p in parts])
    return Losses(
        start=start,
        end=np.concatenate([p[1] for p in parts]),
        req=req,
        tol=dur.tolerance_at(reqs[req], start),
        flash=np.concatenate([f[0] for f in flashes]),
        flash_req=np.concatenate([f[1] for f in flashes]),
    )
