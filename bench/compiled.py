"""The compiled reference of issue 15: ``cascade.c``, built with ``gcc -O2`` when measured.

No binary is kept in the repository: :func:`build` compiles the C file into
a temporary shared library and :func:`load` calls it through ctypes on the
project's own :class:`~weerbaar.engine.graph.Graph` arrays, so that both
sides work on the same map, in the same process, with the same counts.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from weerbaar.engine import Graph

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "cascade.c"

IntArray = npt.NDArray[np.int64]
Cascades = Callable[[Graph, npt.NDArray[np.bool_]], tuple[IntArray, IntArray, int]]


def compiler() -> str | None:
    """The C compiler to use, or None when the machine has none."""
    return shutil.which("gcc") or shutil.which("cc")


def build(out_dir: Path) -> Path:
    """Compile ``cascade.c`` into a shared library in ``out_dir``."""
    cc = compiler()
    if cc is None:
        raise RuntimeError("no C compiler (gcc or cc) found")
    lib = out_dir / "cascade.so"
    subprocess.run(
        [cc, "-O2", "-shared", "-fPIC", "-o", str(lib), str(SOURCE)],
        check=True,
        capture_output=True,
    )
    return lib


def _pointer(a: np.ndarray) -> ctypes.c_void_p:  # type: ignore[type-arg]
    return ctypes.c_void_p(a.ctypes.data)


def load() -> Cascades:
    """Build the library and return ``cascades(g, vital) -> (down, vital_down, pairs)``."""
    lib = ctypes.CDLL(str(build(Path(tempfile.mkdtemp(prefix="weerbaar-bench-")))))
    lib.cascades.restype = ctypes.c_int64
    lib.cascades.argtypes = [ctypes.c_int64, ctypes.c_int64] + [ctypes.c_void_p] * 7

    def cascades(g: Graph, vital: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray, int]:
        down = np.zeros(g.n, dtype=np.int64)
        vital_down = np.zeros(g.n, dtype=np.int64)
        arrays = [np.ascontiguousarray(a, dtype=np.int64) for a in (g.use_ptr, g.uses, g.owner)]
        slack = np.ascontiguousarray(g.slack, dtype=np.int64)
        flags = np.ascontiguousarray(vital, dtype=np.uint8)
        pairs = lib.cascades(
            g.n,
            len(g.owner),
            *(_pointer(a) for a in (*arrays, slack, flags, down, vital_down)),
        )
        return down, vital_down, int(pairs)

    return cascades
