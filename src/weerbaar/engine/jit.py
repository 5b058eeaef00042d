"""The one place that decides whether the engine's hot loops run compiled.

The loops of the structural criticality (:mod:`weerbaar.engine.closures`)
and of the Monte Carlo samples (:mod:`weerbaar.scale.sampleloop`) are plain
loops over integer arrays, compiled to machine code with numba. numba is a
dependency, so a ``pip install`` compiles them on first use with no manual
step; the machine code is cached on disk (``cache=True``), so only the very
first run after an install or upgrade pays the compilation (a few seconds).

Each compiled path has a pure-numpy twin that computes the same result (the
bit-parallel sweep of :mod:`weerbaar.engine.bitprop`, the interval algebra
of :mod:`weerbaar.scale.cascade`); the tests check the two equal. The numpy
path runs when numba cannot be imported, or when the environment variable
``WEERBAAR_JIT`` is ``0`` (to compare, or to debug in plain Python).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def _numba_enabled() -> bool:
    setting = os.environ.get("WEERBAAR_JIT", "1").strip().lower()
    if setting in {"0", "false", "no", "off"}:
        return False
    # Found, not imported: importing numba takes a quarter of a second, which
    # only the modules holding kernels pay, when they are first needed.
    return importlib.util.find_spec("numba") is not None


#: Whether the compiled kernels are used (decided once, at import).
ENABLED = _numba_enabled()


def kernel(f: F) -> F:
    """Compile ``f`` with numba (nopython, cached on disk) when :data:`ENABLED`.

    A kernel and every kernel it calls belong in one module: numba caches
    the callees' machine code with the caller's, but looks only at the
    caller's source file to decide whether that cache is stale (numba issue
    1833), so an edited callee elsewhere would go on running in its old form.

    Without numba ``f`` stays a Python function: callers choose their numpy
    path with :data:`ENABLED` instead of calling a kernel in plain Python,
    which works but is slow. Modules holding kernels are imported only where
    a kernel is about to run, so that a command that needs none never loads
    numba.
    """
    if not ENABLED:
        return f
    import numba

    compiled: F = numba.njit(cache=True, nogil=True)(f)  # type: ignore[assignment]
    return compiled


def inlined(f: F) -> F:
    """:func:`kernel`, and inlined into the kernels that call it.

    For a small helper called per element of a hot loop: numba calls a
    compiled function with array arguments by counting references to each
    array up and down (atomic instructions), which can cost more than the
    helper's own work. Inlined, the caller's arrays are used as they are.
    """
    if not ENABLED:
        return f
    import numba

    compiled: F = numba.njit(cache=True, nogil=True, inline="always")(f)  # type: ignore[assignment]
    return compiled


__all__ = ["ENABLED", "inlined", "kernel"]
