"""Tallies of many rows of samples, compiled: histogram counts and order statistics.

What :class:`~weerbaar.scale.spread.Spread` needs of the 645 rows of 10,000
samples of a large map, in a pass or three over each row instead of numpy's
temporaries:

- :func:`count_bins` counts the values per histogram bin, with the same
  binning as the numpy twin :func:`weerbaar.scale.spread._numpy_counts`;
- :func:`select_ranks` finds the values at given ranks of each row sorted
  (the values a percentile interpolates between). ``np.partition`` at the
  six ranks of the 5th, 50th and 95th percentile moves values about, range
  after range: a tenth of a second. This counts instead: one pass finds the
  row's range, one counts the values per bin of a fine histogram over it,
  which tells in which bin each wanted rank falls, and one copies the few
  values of those bins aside, to be sorted. Binning ``(v - low) * scale``
  is monotone in ``v`` (every step rounds monotonically), so equal values
  share a bin and the bins hold consecutive runs of the sorted row: the
  value at a rank is found exactly, ties and all. Its numpy twin is
  :func:`weerbaar.scale.spread._partition_selection`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from weerbaar.engine.jit import kernel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@kernel
def count_bins(values: FloatArray, factor: float, out: IntArray) -> None:
    """``out[r, b]`` = the values of row ``r`` with ``min(int(v * factor), bins - 1) == b``.

    ``bins`` is ``out.shape[1]``; ``values`` are at least 0; ``out`` starts at 0.
    """
    last = out.shape[1] - 1
    for r in range(values.shape[0]):
        for v in values[r]:
            b = int(v * factor)
            out[r, min(b, last)] += 1


@kernel
def select_ranks(values: FloatArray, ranks: IntArray, out: FloatArray) -> None:
    """``out[r, j]`` = the value at rank ``ranks[j]`` of row ``r`` of ``values`` sorted.

    ``ranks`` ascending and distinct; ``values`` finite (a row with a
    non-finite range is sorted whole). ``values`` is left as it is.
    """
    rows, n = values.shape
    k = len(ranks)
    # About eight values a bin: the copied candidates stay few.
    bins = max(1, n // 8)
    counts = np.zeros(bins, dtype=np.int64)
    wanted = np.zeros(bins, dtype=np.bool_)
    bin_of = np.zeros(k, dtype=np.int64)
    before = np.zeros(k, dtype=np.int64)  # values in lower bins
    buffer = np.empty(n, dtype=np.float64)
    for r in range(rows):
        row = values[r]
        low = row[0]
        high = row[0]
        for v in row:
            if v < low:
                low = v
            elif v > high:
                high = v
        width = high - low
        if width == 0.0:
            for j in range(k):
                out[r, j] = low
            continue
        if not np.isfinite(width):
            ordered = np.sort(row)
            for j in range(k):
                out[r, j] = ordered[ranks[j]]
            continue
        scale = bins / width
        counts[:] = 0
        for v in row:
            b = int((v - low) * scale)
            counts[min(b, bins - 1)] += 1
        # The bin of each rank, and how many values and candidates lie below it.
        wanted[:] = False
        total = 0
        j = 0
        for b in range(bins):
            upto = total + counts[b]
            while j < k and ranks[j] < upto:
                bin_of[j] = b
                before[j] = total
                wanted[b] = True
                j += 1
            total = upto
        m = 0
        for v in row:
            b = min(int((v - low) * scale), bins - 1)
            if wanted[b]:
                buffer[m] = v
                m += 1
        candidates = np.sort(buffer[:m])
        # Candidates are the wanted bins' values in bin order: a rank's
        # value sits past the candidates of the wanted bins below its own.
        seen = 0
        last = -1
        for j in range(k):
            if bin_of[j] != last:
                if last >= 0:
                    seen += counts[last]
                last = bin_of[j]
            out[r, j] = candidates[seen + ranks[j] - before[j]]
