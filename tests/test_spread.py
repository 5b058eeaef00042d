"""Spreads of many samples: numpy's mean, percentiles and histogram, to the last bit."""

from __future__ import annotations

import numpy as np
import pytest

from weerbaar.engine import jit
from weerbaar.scale import spread
from weerbaar.scale.spread import BINS, Spread, _numpy_counts, histogram_counts, percentiles

PATHS = [False, True] if jit.ENABLED else [False]


def _rows(seed: int) -> list[np.ndarray]:
    """Rows of many lengths: continuous, with ties, half zeros, constant, huge."""
    rng = np.random.default_rng(seed)
    out = []
    for n in (1, 2, 3, 19, 20, 21, 101, 1000, 4321):
        out.append(rng.random((5, n)) * 100)
        out.append(np.round(rng.random((5, n)) * 3))
        half = rng.lognormal(size=(4, n))
        half[:, : n // 2] = 0.0
        out.append(half)
        out.append(np.full((2, n), 7.5))
    out.append(np.array([[np.finfo(float).max, 0.0, 5.0, 7.0, 1e-300]]))
    return out


@pytest.mark.parametrize("compiled", PATHS)
def test_it_gives_numpys_percentiles_bit_for_bit(compiled: bool) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jit, "ENABLED", compiled)
        for values in _rows(1):
            want = np.percentile(values, [5, 50, 95], axis=1).T
            got = percentiles(values.copy())
            assert got.tobytes() == want.tobytes(), values.shape


def test_it_would_notice_an_interpolation_that_is_off_by_a_bit() -> None:
    # Guard: the rows above tell numpy's interpolation (from the nearer end)
    # from the textbook one, and from taking the lower value.
    values = np.random.default_rng(2).random((200, 1000)) * 100
    want = np.percentile(values, [5, 50, 95], axis=1).T
    ordered = np.sort(values, axis=1)
    virtual = 999 * np.array([0.05, 0.5, 0.95])
    below, gamma = np.floor(virtual).astype(int), virtual - np.floor(virtual)
    a, b = ordered[:, below], ordered[:, below + 1]
    assert not np.array_equal(a + (b - a) * gamma, want)
    assert not np.array_equal(a, want)
    assert np.array_equal(percentiles(values.copy()), want)


@pytest.mark.parametrize("compiled", PATHS)
def test_it_counts_the_histogram_as_numpy_bins_it(compiled: bool) -> None:
    values = np.random.default_rng(3).random((30, 500)) * 50
    values[:, :40] = 0.0
    values[:, 40:60] = 48.0  # the upper edge: in the last bin
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jit, "ENABLED", compiled)
        for upper in (48.0, 10.0, 0.0):
            got = histogram_counts(values, upper)
            assert got.tolist() == _numpy_counts(values, upper).tolist()
            assert (got.sum(axis=1) == 500).all()
    assert _numpy_counts(values, 48.0)[:, -1].min() >= 20


def test_it_adds_up_the_histograms_of_chunks() -> None:
    values = np.random.default_rng(4).random((6, 300)) * 24
    parts = sum(histogram_counts(values[:, i : i + 70], 24.0) for i in range(0, 300, 70))
    assert np.array_equal(parts, histogram_counts(values, 24.0))
    assert parts.shape == (6, BINS)


def test_it_spreads_rows_as_numpy_does() -> None:
    values = np.random.default_rng(5).lognormal(2, 1, size=(4, 777))
    for row, s in zip(values, Spread.of_rows(values, 100.0), strict=True):
        assert s.mean == row.mean()
        assert [s.p5, s.p50, s.p95] == np.percentile(row, [5, 50, 95]).tolist()
        assert sum(s.histogram) == 777
        assert s.edges == tuple(np.linspace(0, 100, BINS + 1).tolist())


@pytest.mark.parametrize("threads", [1, 2])
def test_it_spreads_rows_handed_over_in_pieces_as_numpy_spreads_the_whole_rows(
    threads: int,
) -> None:
    # Pieces of columns listing only some rows (the others are 0 there), in
    # blocks of a few rows, on one thread and side by side.
    rng = np.random.default_rng(6)
    whole = rng.lognormal(1, 1, size=(11, 250))
    pieces = []
    for begin in range(0, 250, 60):
        at = np.flatnonzero(rng.random(11) < (0.6 if begin % 120 else 2.0))
        whole[np.setdiff1d(np.arange(11), at), begin : begin + 60] = 0.0
        pieces.append((at, whole[at, begin : begin + 60]))
    assert any(len(at) < 11 for at, _ in pieces) and any(len(at) == 11 for at, _ in pieces)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spread, "BLOCK", 3)
        mean, got = spread.row_spreads(pieces, 11, threads)
    assert mean.tobytes() == whole.mean(axis=1).tobytes()
    assert got.tobytes() == np.percentile(whole, [5, 50, 95], axis=1).T.tobytes()
