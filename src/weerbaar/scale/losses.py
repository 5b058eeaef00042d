"""When requirements are unmet and lost, from the down intervals of their members.

Rules 1 and 2 of the semantics as interval algebra, for many requirements in
many samples at once: a requirement is *unmet* where more than ``slack`` of
its members are down, and *lost* on ``[a + T, b)`` of each maximal unmet
``[a, b)``. Its members' intervals come from the
:class:`~weerbaar.scale.store.Store`, so all of them must be solved already.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from weerbaar.scale.intervals import covered, ragged_arange, union
from weerbaar.scale.plan import Durations, Plan
from weerbaar.scale.store import Store

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Losses:
    """Unmet intervals ``[start, end)`` (sample keys) of requirement ``reqs[req]``.

    ``tol`` is each interval's tolerance in its sample; ``group`` the keys
    per requirement in :attr:`lost_keys`.
    """

    start: IntArray
    end: IntArray
    req: IntArray
    tol: IntArray
    group: int

    @cached_property
    def lost(self) -> tuple[IntArray, IntArray, IntArray]:
        """Lost intervals ``[a + T, b)``, empty ones left out: ``(start, end, req)``."""
        keep = self.start + self.tol < self.end
        return self.start[keep] + self.tol[keep], self.end[keep], self.req[keep]

    @cached_property
    def lost_keys(self) -> tuple[IntArray, IntArray]:
        """The lost intervals keyed ``req * group + sample key``, sorted."""
        la, lb, lr = self.lost
        return union(lr * self.group + la, lr * self.group + lb)


def owned(owner: IntArray, owners: IntArray) -> tuple[IntArray, IntArray]:
    """Every requirement ``j`` of each of ``owners``: ``(i, j)`` with ``owner[j] == owners[i]``.

    Examples
    --------
    >>> [x.tolist() for x in owned(np.array([1, 0, 1]), np.array([1, 2, 0]))]
    [[0, 0, 2], [0, 2, 1]]
    """
    by_owner = np.argsort(owner, kind="stable")
    ordered = owner[by_owner]
    lo = np.searchsorted(ordered, owners)
    count = np.searchsorted(ordered, owners, side="right") - lo
    which = np.repeat(np.arange(len(owners), dtype=np.int64), count)
    return which, by_owner[ragged_arange(lo, count)]


def losses(plan: Plan, dur: Durations, store: Store, reqs: IntArray) -> Losses:
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
    swept = np.flatnonzero((size > 1) | (slack > 0))
    if len(swept):
        slot_req, slot_node = plan.slots(reqs[swept])
        starts, ends, _ = store.gather(slot_node, slot_req * g)
        sa, sb = covered(starts, ends, slack[swept] + 1, g)
        group = sa // g
        parts.append((sa - group * g, sb - group * g, swept[group]))
    start = np.concatenate([p[0] for p in parts])
    req = np.concatenate([p[2] for p in parts])
    return Losses(
        start=start,
        end=np.concatenate([p[1] for p in parts]),
        req=req,
        tol=dur.tolerance_at(reqs[req], start),
        group=g,
    )
