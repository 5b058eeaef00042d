"""What the vectorised cascade knows about each node of one chunk of samples.

Nodes are worked through in dependency order (:mod:`weerbaar.scale.plan`);
each step stores the span sets of the nodes it solved as one *block*, so that
a later step gathers the spans of all members of all its requirements with a
few vectorised copies instead of a loop over members.

Per node the store keeps, in sample keys (``sample * width + time``):

- its down intervals, including one that starts exactly at the horizon
  (the engine does not report it, but the state at the horizon needs it);
- its *late* instants: instants at which it is down, but goes down only in
  step 2 of the engine's step (possibly after coming back in step 1), so the
  drops of step 1 do not count it yet (see :mod:`weerbaar.scale.cascade`);
  only kept for nodes that feed a cycle;
- the samples in which it is down at the horizon without an outside reason
  ("stuck" behind a recovery deadlock), for nodes that feed a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine.graph import distinct
from weerbaar.scale.intervals import EMPTY, at_time, members_of, ragged_arange

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Block:
    """Span sets of several nodes: node ``i`` of the block owns ``start[ptr[i]:ptr[i + 1]]``."""

    start: IntArray
    end: IntArray
    ptr: IntArray
    late: IntArray
    late_ptr: IntArray


class Store:
    """Down intervals, late instants and stuck samples of every node solved so far.

    ``width`` is the keys per sample: a node's keys lie in ``[0, samples * width)``.
    """

    def __init__(self, nodes: int, samples: int, width: int) -> None:
        self.samples = samples
        self.group = samples * width
        self.block_of = np.full(nodes, -1, dtype=np.int64)
        self.pos = np.zeros(nodes, dtype=np.int64)
        self.blocks: list[Block] = []
        self._keyed: dict[int, tuple[IntArray, IntArray, IntArray]] = {}
        self.stuck: dict[int, BoolArray] = {}
        #: (sample, node) pairs of nodes in a recovery deadlock at the horizon.
        self.deadlock: list[tuple[IntArray, IntArray]] = []

    def add(self, nodes: IntArray, block: Block) -> None:
        self.block_of[nodes] = len(self.blocks)
        self.pos[nodes] = np.arange(len(nodes))
        self.blocks.append(block)

    def spans(self, v: int) -> tuple[IntArray, IntArray]:
        b = self.blocks[self.block_of[v]]
        lo, hi = b.ptr[self.pos[v]], b.ptr[self.pos[v] + 1]
        return b.start[lo:hi], b.end[lo:hi]

    def late(self, v: int) -> IntArray:
        b = self.blocks[self.block_of[v]]
        lo, hi = b.late_ptr[self.pos[v]], b.late_ptr[self.pos[v] + 1]
        out: IntArray = b.late[lo:hi]
        return out

    def gather(
        self, nodes: IntArray, offsets: IntArray | None = None, late: bool = False
    ) -> tuple[IntArray, IntArray, IntArray]:
        """Spans of every ``nodes[i]``, shifted by ``offsets[i]``, and for each its ``i``.

        With ``late`` the late instants instead, as ``(keys, keys, i)``. The
        result is grouped by block, not sorted.
        """
        starts: list[IntArray] = [EMPTY]
        ends: list[IntArray] = [EMPTY]
        which: list[IntArray] = [EMPTY]
        blocks = self.block_of[nodes]
        for b in distinct(blocks).tolist():
            sel = np.flatnonzero(blocks == b)
            block = self.blocks[b]
            pos = self.pos[nodes[sel]]
            ptr = block.late_ptr if late else block.ptr
            lo = ptr[pos]
            count = ptr[pos + 1] - lo
            idx = ragged_arange(lo, count)
            owner = np.repeat(sel, count)
            which.append(owner)
            shift = 0 if offsets is None else offsets[owner]
            if late:
                starts.append(block.late[idx] + shift)
            else:
                starts.append(block.start[idx] + shift)
                ends.append(block.end[idx] + shift)
        start = np.concatenate(starts)
        end = start if late else np.concatenate(ends)
        return start, end, np.concatenate(which)

    def stuck_at(self, nodes: IntArray, samples: IntArray) -> BoolArray:
        """Whether each ``nodes[i]`` is stuck in sample ``samples[i]``."""
        out = np.zeros(len(nodes), dtype=bool)
        if not self.stuck:
            return out
        known = np.array(sorted(self.stuck), dtype=np.int64)
        masks = np.stack([self.stuck[v] for v in known.tolist()])
        row = np.minimum(np.searchsorted(known, nodes), len(known) - 1)
        hit = known[row] == nodes
        out[hit] = masks[row[hit], samples[hit]]
        return out

    def down_at(self, nodes: IntArray, keys: IntArray) -> BoolArray:
        """Whether each ``nodes[i]`` is down at sample key ``keys[i]``."""
        return self._lookup(nodes, keys, late=False)

    def late_at(self, nodes: IntArray, keys: IntArray) -> BoolArray:
        """Whether sample key ``keys[i]`` is a late instant of ``nodes[i]``."""
        return self._lookup(nodes, keys, late=True)

    def _lookup(self, nodes: IntArray, keys: IntArray, late: bool) -> BoolArray:
        out = np.zeros(len(nodes), dtype=bool)
        blocks = self.block_of[nodes]
        for b in distinct(blocks).tolist():
            sel = np.flatnonzero(blocks == b)
            query = self.pos[nodes[sel]] * self.group + keys[sel]
            start, end, lates = self._block_keys(b)
            out[sel] = members_of(lates, query) if late else at_time(start, end, query)
        return out

    def _block_keys(self, b: int) -> tuple[IntArray, IntArray, IntArray]:
        """Block ``b`` with each node's keys moved to a range of its own: one sorted
        array for all of them, searched once for many (node, key) pairs."""
        if b not in self._keyed:
            block = self.blocks[b]
            span = np.repeat(np.arange(len(block.ptr) - 1), np.diff(block.ptr)) * self.group
            late = np.repeat(np.arange(len(block.late_ptr) - 1), np.diff(block.late_ptr))
            self._keyed[b] = (block.start + span, block.end + span, block.late + late * self.group)
        return self._keyed[b]
