"""When the engine's first pass does not yet see a requirement as lost.

At an instant the engine drops what has no reason (step 1) before it adds
what has a lost requirement (step 2), so a node that goes down in step 2, or
comes back in step 1 and goes down again in step 2, is *late*: it does not
count yet while the drops are decided (see :mod:`weerbaar.scale.cascade`).
A requirement that is lost at an instant only through late members therefore
gives its owner no reason in step 1. Both the single-node batches
(:mod:`weerbaar.scale.cascade`) and the cycle simulation
(:mod:`weerbaar.scale.cyclic`) need these instants, so they live here rather
than in either.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from weerbaar.scale.intervals import EMPTY, at_time, members_of, ragged_arange, union
from weerbaar.scale.losses import Losses
from weerbaar.scale.plan import Durations, Plan
from weerbaar.scale.store import Store

IntArray = npt.NDArray[np.int64]


def late_losses(
    plan: Plan, dur: Durations, store: Store, unmet: Losses, reqs: IntArray
) -> tuple[IntArray, IntArray]:
    """Instants at which a requirement is lost, but not yet in step 1 of the instant.

    That happens where members count that go down only in step 2 (their
    late instants): without them the requirement is met, so it gives its
    owner no reason in step 1. Returns ``(keys, j)``: sample keys and the
    index of the requirement in ``reqs``. Candidates are few (coincidences of
    late members with losses), so they are checked one by one.
    """
    g = dur.samples * plan.width
    size = np.diff(plan.req_ptr)[reqs]
    slot_req = np.repeat(np.arange(len(reqs), dtype=np.int64), size)
    slot_node = plan.req_members[ragged_arange(plan.req_ptr[reqs], size)]
    cand = np.unique(store.gather(slot_node, slot_req * g, late=True)[0])
    la, lb, lr = unmet.lost()
    cand = cand[at_time(*union(lr * g + la, lr * g + lb), cand)]
    keep = np.zeros(len(cand), dtype=bool)
    for i, key in enumerate(cand.tolist()):
        j, at = divmod(key, g)
        r = int(reqs[j])
        point = np.array([at])
        counted = sum(
            bool(at_time(*store.spans(u), point)[0] and not members_of(store.late(u), point)[0])
            for u in plan.req_members[plan.req_ptr[r] : plan.req_ptr[r + 1]].tolist()
        )
        keep[i] = counted <= plan.req_slack[r]
    out = cand[keep]
    return out % g, out // g


def still_lost(
    lost: tuple[IntArray, IntArray], late: set[tuple[int, int]], js: list[int], at: int, g: int
) -> bool:
    """Whether one of requirements ``js`` is lost at ``at`` already in step 1.

    ``lost`` holds the lost intervals keyed ``j * g + time``, merged and
    sorted; ``late`` the pairs ``(j, time)`` lost only from step 2 on.
    """
    keys = np.array([j * g + at for j in js], dtype=np.int64)
    found = at_time(*lost, keys)
    return any(bool(f) and (j, at) not in late for j, f in zip(js, found, strict=True))


def unheld(
    plan: Plan,
    dur: Durations,
    store: Store,
    unmet: Losses,
    reqs: IntArray,
    owner: IntArray,
) -> IntArray:
    """Keys ``owner * g + time`` at which no requirement of an owner is lost in step 1
    although one is lost at that instant (see :func:`late_losses`)."""
    g = dur.samples * plan.width
    keys, js = late_losses(plan, dur, store, unmet, reqs)
    if not len(keys):
        return EMPTY
    la, lb, lr = unmet.lost()
    lost = union(lr * g + la, lr * g + lb)
    late = set(zip(js.tolist(), keys.tolist(), strict=True))
    mine: dict[int, list[int]] = {}
    for j, o in enumerate(owner.tolist()):
        mine.setdefault(o, []).append(j)
    out = [
        o * g + at
        for o, at in {(int(owner[j]), at) for j, at in late}
        if not still_lost(lost, late, mine[o], at, g)
    ]
    return np.unique(np.array(out, dtype=np.int64))
