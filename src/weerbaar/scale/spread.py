"""The distribution of a quantity over Monte Carlo samples: mean, percentiles, histogram.

:class:`Spread` is what :mod:`weerbaar.scale.montecarlo` reports per process
and for the score. Its figures are those of numpy's ``mean``,
``percentile(values, [5, 50, 95])`` (the default, linear interpolation) and
a histogram of :data:`BINS` bins, to the last bit, but computed the cheap
way for many rows of many samples:

- the histogram counts add up over the chunks of samples, so the workers
  count them (:func:`histogram_counts`) and the summary only adds;
- a percentile needs two order statistics of the row, not a sorted row:
  :func:`percentiles` selects those (with a compiled selection that counts
  instead of moving values, or ``np.partition`` without numba) and
  interpolates between them with numpy's own formula (:func:`_lerp`);
- means and percentiles need every sample of a row: :func:`row_spreads`
  puts the chunks' pieces together a block of rows at a time, in one
  reused buffer per thread, instead of whole (rows, samples) copies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weerbaar.engine import jit

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Bins of the outage histograms, over [0, horizon].
BINS = 12
#: The percentiles of a spread, as np.percentile takes them.
PERCENTILES = (5, 50, 95)


@dataclass(frozen=True)
class Spread:
    """The distribution of one quantity over the samples."""

    mean: float
    p5: float
    p50: float
    p95: float
    histogram: tuple[int, ...] = ()
    edges: tuple[float, ...] = ()

    @classmethod
    def of(cls, values: FloatArray, upper: float | None = None) -> Spread:
        """The spread of ``values``; with ``upper``, also a histogram over [0, upper]."""
        return cls.of_rows(values[None, :], upper)[0]

    @classmethod
    def of_rows(cls, values: FloatArray, upper: float | None = None) -> list[Spread]:
        """The spread of every row of ``values`` at once.

        The histogram has :data:`BINS` bins of equal width over [0, upper],
        the last one closed.

        Examples
        --------
        >>> s = Spread.of(np.array([0.0, 1.0, 2.0, 3.0, 4.0]), upper=4.0)
        >>> s.p50, s.histogram[:3], s.histogram[-1]
        (2.0, (1, 0, 0), 1)
        """
        rows = np.array(values, dtype=np.float64, order="C")  # percentiles reorder it
        counts = None if upper is None else histogram_counts(rows, upper)
        return cls.assemble(rows.mean(axis=1), percentiles(rows), counts, upper)

    @classmethod
    def assemble(
        cls,
        mean: FloatArray,
        percentile: FloatArray,
        counts: IntArray | None = None,
        upper: float | None = None,
    ) -> list[Spread]:
        """The spreads of rows from their means, percentiles and histogram counts.

        ``percentile`` is (rows, 3) as :func:`percentiles` gives it;
        ``counts`` (rows, :data:`BINS`) as :func:`histogram_counts` gives it,
        summed over chunks of the samples; None for no histogram.
        """
        p = percentile.tolist()
        if counts is None or upper is None:
            return [cls(m, a, b, c) for m, (a, b, c) in zip(mean.tolist(), p, strict=True)]
        edges = tuple(np.linspace(0.0, upper, BINS + 1).tolist())
        return [
            cls(m, a, b, c, tuple(h), edges)
            for m, (a, b, c), h in zip(mean.tolist(), p, counts.tolist(), strict=True)
        ]

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "mean": self.mean,
            "p5": self.p5,
            "p50": self.p50,
            "p95": self.p95,
        }
        if self.histogram:
            out["histogram"] = {"edges": list(self.edges), "counts": list(self.histogram)}
        return out


def histogram_counts(values: FloatArray, upper: float) -> IntArray:
    """Per row of ``values``, how many fall in each of :data:`BINS` bins over [0, upper].

    Bins of equal width, the last one closed (and taking anything above);
    ``values`` are at least 0. Counts of chunks of the same rows add up to
    the counts of the whole rows. Compiled when numba is there
    (:mod:`weerbaar.scale.tally`).

    Examples
    --------
    >>> histogram_counts(np.array([[0.0, 1.0, 12.0, 13.0]]), 12.0).tolist()
    [[1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]]
    """
    if not jit.ENABLED:
        return _numpy_counts(values, upper)
    from weerbaar.scale.tally import count_bins

    counts = np.zeros((len(values), BINS), dtype=np.int64)
    # upper 0: every value in the first bin, as a factor of 0 puts it.
    count_bins(np.ascontiguousarray(values), BINS / upper if upper > 0 else 0.0, counts)
    return counts


def _numpy_counts(values: FloatArray, upper: float) -> IntArray:
    """The numpy twin of :func:`weerbaar.scale.tally.count_bins`."""
    bins = (
        np.minimum((values * (BINS / upper)).astype(np.int64), BINS - 1)
        if upper > 0
        else np.zeros(values.shape, dtype=np.int64)
    )
    rows = np.arange(len(values), dtype=np.int64)[:, None] * BINS
    counts = np.bincount((rows + bins).ravel(), minlength=len(values) * BINS)
    return counts.reshape(len(values), BINS)


def _interpolation(n: int) -> tuple[IntArray, IntArray, FloatArray]:
    """The ranks and weights np.percentile (linear) interpolates :data:`PERCENTILES` by.

    For a row of ``n`` values: the ranks below and above each percentile's
    virtual index and the weight of the one above, computed with the same
    operations as numpy's ``_quantile`` (``_get_indexes``, ``_get_gamma``), so
    that the weights are the same floats.
    """
    quantiles = np.true_divide(np.array(PERCENTILES), 100)
    virtual = (n - 1) * quantiles
    below = np.floor(virtual)
    above = below + 1
    last = virtual >= n - 1
    # numpy takes the last value (index -1) for both there; the weight is
    # then computed from -1, as numpy does.
    below[last] = -1
    above[last] = -1
    below_i, above_i = below.astype(np.intp), above.astype(np.intp)
    gamma = np.asarray(virtual - below_i, dtype=virtual.dtype)
    return below_i % n, above_i % n, gamma


def _lerp(a: FloatArray, b: FloatArray, t: FloatArray) -> FloatArray:
    """numpy's ``_lerp``: from ``a`` towards ``b`` by ``t``, from the nearer end."""
    diff = b - a
    out: FloatArray = a + diff * t
    np.subtract(b, diff * (1 - t), out=out, where=np.broadcast_to(t >= 0.5, out.shape))
    return out


def percentiles(values: FloatArray) -> FloatArray:
    """``np.percentile(values, PERCENTILES, axis=1).T``, bit for bit, reordering ``values``.

    ``values`` is a C-contiguous (rows, samples) array of finite floats; each
    row's order is lost (the selection works in place).

    Examples
    --------
    >>> v = np.array([[3.0, 1.0, 4.0, 1.5, 9.0, 2.6]])
    >>> bool((percentiles(v.copy()) == np.percentile(v, [5, 50, 95], axis=1).T).all())
    True
    """
    rows, n = values.shape
    below, above, gamma = _interpolation(n)
    ranks = np.unique(np.concatenate([below, above]))
    picked = np.empty((rows, len(ranks)), dtype=np.float64)
    if rows:
        select = _compiled_selection() if jit.ENABLED else _partition_selection
        select(values, ranks, picked)
    column = {int(r): i for i, r in enumerate(ranks.tolist())}
    a = picked[:, [column[int(r)] for r in below.tolist()]]
    b = picked[:, [column[int(r)] for r in above.tolist()]]
    return _lerp(a, b, gamma)


#: Rows summarised at a time: a block of 64 rows of 10,000 samples is 5 MB,
#: reused block after block, where whole rows of a large map take 50 MB of
#: fresh memory, whose first touch alone costs more than the summary.
BLOCK = 64


def row_spreads(
    pieces: Sequence[tuple[IntArray, FloatArray]], rows: int, threads: int = 1
) -> tuple[FloatArray, FloatArray]:
    """Means and :func:`percentiles` of ``rows`` rows handed over in pieces of columns.

    ``pieces[i]`` is ``(at, values)``: the next ``values.shape[1]`` columns
    of the rows ``at`` (ascending); the other rows are 0 there. The means
    are numpy's of the whole rows, bit for bit: each block of rows is put
    together contiguous, as numpy sums a contiguous row (pairwise). With
    ``threads``, blocks are summarised side by side.
    """
    widths = [values.shape[1] for _, values in pieces]
    first = np.concatenate([[0], np.cumsum(widths, dtype=np.int64)]).tolist()
    mean = np.empty(rows, dtype=np.float64)
    spread = np.empty((rows, len(PERCENTILES)), dtype=np.float64)

    def work(thread: int) -> None:
        buffer = np.empty((min(BLOCK, rows), first[-1]), dtype=np.float64)
        for lo in range(thread * BLOCK, rows, threads * BLOCK):
            hi = min(lo + BLOCK, rows)
            block = buffer[: hi - lo]
            for (at, values), begin, end in zip(pieces, first[:-1], first[1:], strict=True):
                if len(at) == rows:  # the usual case on a large map
                    block[:, begin:end] = values[lo:hi]
                    continue
                block[:, begin:end] = 0.0
                a, b = np.searchsorted(at, [lo, hi]).tolist()
                block[at[a:b] - lo, begin:end] = values[a:b]
            mean[lo:hi] = block.mean(axis=1)
            spread[lo:hi] = percentiles(block)

    threads = max(1, min(threads, -(-rows // BLOCK)))
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(work, range(threads)))
    elif rows:
        work(0)
    return mean, spread


def _partition_selection(values: FloatArray, ranks: IntArray, out: FloatArray) -> None:
    """The numpy twin of :func:`weerbaar.scale.tally.select_ranks`."""
    values.partition(ranks, axis=1)
    out[:] = values[:, ranks]


def _compiled_selection() -> Callable[[FloatArray, IntArray, FloatArray], None]:
    # Imported here: the module holds a kernel, and loading numba is for
    # those who are about to run one.
    from weerbaar.scale.tally import select_ranks

    return select_ranks
