"""One drawn value inside a compiled kernel, the same to the last bit as the Sampler's.

The compiled Monte Carlo samples (:mod:`weerbaar.scale.samples`) draw their
tolerances, restarts and durations with the counter-based generator of
:class:`~weerbaar.scale.distributions.Sampler`: a value depends on the
quantity and the sample only, so the kernel and numpy draw the same number,
wherever and in whatever order.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from weerbaar.engine.jit import inlined
from weerbaar.engine.simulate import TICKS_PER_HOUR
from weerbaar.scale.distributions import MAX_HOURS

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TPH = float(TICKS_PER_HOUR)
_MAX_HOURS = float(MAX_HOURS)


@inlined
def drawn(
    key: np.uint64,
    q: int,
    sample: int,
    params: FloatArray,
    log_row: IntArray,
    log_ticks: IntArray,
    column: int,
) -> np.int64:
    """Quantity ``q`` in ``sample``, in ticks: :meth:`Sampler.ticks`, one value at a time."""
    row = log_row[q]
    if row >= 0:
        return np.int64(log_ticks[row, column])
    counter = (np.uint64(q) << np.uint64(32)) | np.uint64(sample)
    z = counter * _GAMMA + key
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z ^= z >> np.uint64(31)
    u = (np.float64(z >> np.uint64(11)) + 0.5) * 2.0**-53
    low, mode, high = params[q, 0], params[q, 1], params[q, 2]
    width = high - low
    left = u * width < mode - low
    out = u * (mode - low) if left else (1 - u) * (high - mode)
    out *= width
    out = np.sqrt(out)
    if left:
        out += low
    else:
        out = -out + high
    out = min(max(out, 0.0), _MAX_HOURS)
    out *= _TPH
    return np.int64(np.rint(out))


@inlined
def draw_all(
    key: np.uint64,
    sample: int,
    params: FloatArray,
    log_row: IntArray,
    log_ticks: IntArray,
    column: int,
    out: IntArray,
) -> None:
    """Every quantity in ``sample``, in ticks, into ``out``.

    One tight loop whose values do not depend on each other, so the CPU
    overlaps them: about 5 ns a value, where drawing each as a sample first
    needs it waited for the value every time (a plan's cascade needs almost
    all of them anyway).
    """
    for q in range(len(out)):
        out[q] = drawn(key, q, sample, params, log_row, log_ticks, column)


__all__ = ["draw_all", "drawn"]
