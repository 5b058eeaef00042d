"""Operations on packed bit rows: rows of ``uint64`` words, one bit per source.

Shared by the propagation (:mod:`weerbaar.engine.bitprop`) and the readers of
its results; every function is vectorised over many rows at once.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Bits = npt.NDArray[np.uint64]


def or_rows(keys: IntArray, row: IntArray, rows: Bits) -> tuple[IntArray, Bits]:
    """Distinct sorted keys, and per key the OR of ``rows[row[i]]`` over its entries.

    Examples
    --------
    >>> rows = np.array([[1], [2], [4]], dtype=np.uint64)
    >>> keys, out = or_rows(np.array([9, 3, 9]), np.array([0, 1, 2]), rows)
    >>> keys.tolist(), out[:, 0].tolist()
    ([3, 9], [2, 5])
    """
    if len(keys) == 0:
        return keys, rows[:0]
    # A stable sort finds the runs the callers' keys mostly come in.
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    out: Bits = np.bitwise_or.reduceat(rows[row[order]], starts, axis=0)
    return keys[starts], out


def or_by_key(keys: IntArray, rows: Bits) -> tuple[IntArray, Bits]:
    """Distinct sorted keys, and per key the OR of its rows."""
    return or_rows(keys, np.arange(len(keys)), rows)


def count_at_least(k: IntArray, rows: Bits) -> Bits:
    """Per group i, the bits set in at least ``k[i]`` of the rows ``rows[i, :, :]``.

    ``reached[j]`` holds the bits seen in at least j + 1 of the rows so far;
    each row can lift a bit by one count.

    Examples
    --------
    >>> rows = np.array([[[0b011], [0b110], [0b100]]], dtype=np.uint64)
    >>> bin(int(count_at_least(np.array([2]), rows)[0, 0]))
    '0b110'
    """
    m, size, w = rows.shape
    top = int(k.max())
    reached = np.zeros((top, m, w), dtype=np.uint64)
    for i in range(size):
        row = rows[:, i, :]
        for j in range(min(top, i + 1) - 1, 0, -1):
            reached[j] |= reached[j - 1] & row
        reached[0] |= row
    out: Bits = reached[k - 1, np.arange(m)]
    return out


def set_bits(rows: Bits) -> tuple[IntArray, IntArray]:
    """Row and bit index of every set bit, in no particular order.

    Works on the nonzero words only, peeling off the lowest set bit of all of
    them at once, so the cost follows the number of set bits rather than the
    size of the matrix.

    Examples
    --------
    >>> r, b = set_bits(np.array([[5, 0], [0, 1]], dtype=np.uint64))
    >>> sorted(zip(r.tolist(), b.tolist()))
    [(0, 0), (0, 2), (1, 64)]
    """
    w = rows.shape[1]
    at = np.flatnonzero(rows)
    word = rows.ravel()[at]
    out_at: list[IntArray] = []
    out_bit: list[IntArray] = []
    while len(at):
        low = word & (~word + np.uint64(1))
        # A power of two converts to float exactly; its exponent is the bit.
        out_bit.append(np.frexp(low.astype(np.float64))[1].astype(np.int64) - 1)
        out_at.append(at)
        word = word ^ low
        more = word != 0
        at, word = at[more], word[more]
    if not out_at:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    flat, bit = np.concatenate(out_at), np.concatenate(out_bit)
    return flat // w, (flat % w) * 64 + bit
