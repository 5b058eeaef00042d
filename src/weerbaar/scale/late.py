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

from weerbaar.engine.graph import distinct
from weerbaar.scale.intervals import EMPTY, at_time, members_of
from weerbaar.scale.losses import Losses, owned
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
    index of the requirement in ``reqs``.
    """
    g = dur.samples * plan.width
    slot_req, slot_node = plan.slots(reqs)
    # Candidates: a late instant of a member while its requirement is lost.
    cand = store.gather(slot_node, slot_req * g, late=True)[0]
    cand = distinct(cand[at_time(*unmet.lost_keys, cand)])
    j, at = np.divmod(cand, g)
    # Count, per candidate, the members down at that instant and not late.
    r = reqs[j]
    which, member = plan.slots(r)
    when = at[which]
    counted = store.down_at(member, when) & ~store.late_at(member, when)
    keep = np.bincount(which[counted], minlength=len(cand)) <= plan.req_slack[r]
    return at[keep], j[keep]


def unheld(
    plan: Plan,
    dur: Durations,
    store: Store,
    unmet: Losses,
    reqs: IntArray,
    owner: IntArray,
) -> IntArray:
    """Keys ``owner * g + time`` at which no requirement of an owner is lost in step 1
    although one is lost at that instant (see :func:`late_losses`).

    ``owner[j]`` is the owner of ``reqs[j]``, numbered from 0.
    """
    g = dur.samples * plan.width
    keys, js = late_losses(plan, dur, store, unmet, reqs)
    if not len(keys):
        return EMPTY
    late = distinct(js * g + keys)
    # Each (owner, instant) once, against every requirement of that owner:
    # still held in step 1 when one of them is lost and not only late.
    pairs = distinct(owner[js] * g + keys)
    o, at = np.divmod(pairs, g)
    which, j = owned(owner, o)
    query = j * g + at[which]
    early = at_time(*unmet.lost_keys, query) & ~members_of(late, query)
    held = np.bincount(which[early], minlength=len(pairs)) > 0
    out: IntArray = pairs[~held]
    return out
