"""Run the independent pieces of a computation here or on a Dask cluster.

Monte Carlo chunks (:mod:`weerbaar.scale.montecarlo`) and the scenarios ×
measures sweep (:mod:`weerbaar.scale.sweep`) are lists of independent tasks
``fn(shared, item)``. A :class:`Pool` runs them: :class:`LocalPool` one
after the other in this process, :class:`ProcessPool` on worker processes of
this machine, :class:`ThreadPool` on threads of this process (for compiled
tasks that release the GIL), :class:`DaskPool` as Dask tasks on a cluster; the shared part
goes to every worker once. Either way the results come back in the order of
the items, so a run gives the same result wherever it ran.

Dask is an optional extra (``pip install weerbaar[scale]``) and is imported
only when a cluster is asked for: local processes need only the standard
library, and start in a fraction of the time a local Dask cluster takes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


class Pool(Protocol):
    """Runs ``fn(shared, item)`` for every item; results in item order."""

    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        done: Callable[[T], None] | None = None,
    ) -> list[R]: ...


class LocalPool:
    """Every task in this process, in order.

    Examples
    --------
    >>> LocalPool().map(lambda base, x: base + x, 10, [1, 2, 3])
    [11, 12, 13]
    """

    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        done: Callable[[T], None] | None = None,
    ) -> list[R]:
        out = []
        for item in items:
            out.append(fn(shared, item))
            if done is not None:
                done(item)
        return out


def usable_cores() -> int:
    """The number of CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


#: Set in a worker process of a :class:`ProcessPool`: the shared part of its map.
_shared: Any = None

#: The environment of worker processes. One thread per BLAS library: the
#: workers already use every core, and BLAS threads on top of them would only
#: compete. glibc's malloc keeps freed memory up to 256 MiB and serves arrays
#: up to 32 MiB from it: by default it hands every array over 128 KiB back to
#: the system when freed and maps it anew, page by page, on the next one, and
#: the cascade's many medium-sized temporaries then cost a third more time.
#: Workers of a Dask cluster started elsewhere do best with the same settings.
WORKER_ENVIRONMENT = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MALLOC_TRIM_THRESHOLD_": str(1 << 28),
    "MALLOC_MMAP_THRESHOLD_": str(1 << 25),
}


def _receive(shared: Any) -> None:
    global _shared
    _shared = shared


def _run(fn: Callable[[Any, T], R], item: T) -> R:
    return fn(_shared, item)


@contextmanager
def _worker_environment() -> Iterator[None]:
    # Workers inherit the environment when they start; BLAS reads it then.
    saved = {name: os.environ.get(name) for name in WORKER_ENVIRONMENT}
    os.environ.update(WORKER_ENVIRONMENT)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def _gather(
    futures: list[Future[R]], items: Sequence[T], done: Callable[[T], None] | None
) -> list[R]:
    """The results in the order of ``items``; ``done`` called as each finishes."""
    position = {future: i for i, future in enumerate(futures)}
    for future in as_completed(futures):
        future.result()  # raises the task's own exception here
        if done is not None:
            done(items[position[future]])
    return [future.result() for future in futures]


class ProcessPool:
    """Every task on up to ``processes`` worker processes of this machine.

    The workers start afresh (``spawn``: safe whatever threads this process
    runs, such as a progress bar's) for each map and receive the shared
    part once. A map of a single item runs in this process: starting
    workers would cost more than it saves.

    Examples
    --------
    >>> ProcessPool(2).map(divmod, 7, [2])
    [(3, 1)]
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes

    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        done: Callable[[T], None] | None = None,
    ) -> list[R]:
        workers = min(self.processes, len(items))
        if workers <= 1:
            return LocalPool().map(fn, shared, items, done)
        executor = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_receive,
            initargs=(shared,),
        )
        try:
            with _worker_environment():
                futures = [executor.submit(_run, fn, item) for item in items]
            return _gather(futures, items, done)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


class ThreadPool:
    """Every task on up to ``threads`` threads of this process.

    For tasks that spend their time in compiled code that releases the GIL
    (the Monte Carlo samples of :mod:`weerbaar.scale.samples`): threads
    start at once and share the work's data, where worker processes take a
    second or more to start and import, and receive a copy.

    Examples
    --------
    >>> ThreadPool(2).map(divmod, 7, [2, 3])
    [(3, 1), (2, 1)]
    """

    def __init__(self, threads: int) -> None:
        self.threads = threads

    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        done: Callable[[T], None] | None = None,
    ) -> list[R]:
        workers = min(self.threads, len(items))
        if workers <= 1:
            return LocalPool().map(fn, shared, items, done)
        with ThreadPoolExecutor(workers) as executor:
            futures = [executor.submit(fn, shared, item) for item in items]
            return _gather(futures, items, done)


class DaskPool:
    """Every task on a Dask cluster through ``client`` (a ``distributed.Client``)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        done: Callable[[T], None] | None = None,
    ) -> list[R]:
        from distributed import as_completed

        # Sent once to every worker instead of once per task.
        [common] = self.client.scatter([shared], broadcast=True, hash=False)
        futures = [self.client.submit(fn, common, item, pure=False) for item in items]
        position = {f.key: i for i, f in enumerate(futures)}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            if future.status == "error":
                future.result()  # raises the task's own exception here
            if done is not None:
                done(items[position[future.key]])
        results: list[R] = self.client.gather(futures)
        return results


#: How long to try to reach a scheduler given with ``--scheduler``.
CONNECT_TIMEOUT = "10s"


class DaskMissing(RuntimeError):
    """Dask was asked for but is not installed."""


def dask_available() -> bool:
    """Whether the optional Dask extra is installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def open_pool(scheduler: str | None = None, processes: int = 1) -> Iterator[Pool]:
    """A pool for the command line's ``--scheduler`` / ``--processes`` options.

    ``scheduler`` (``tcp://host:port``) connects to a running Dask cluster;
    otherwise ``processes`` > 1 runs on that many local worker processes,
    and 1 runs everything in this process.

    Raises
    ------
    DaskMissing
        When a cluster is asked for and Dask is not installed.
    """
    if scheduler is None:
        yield LocalPool() if processes <= 1 else ProcessPool(processes)
        return
    if not dask_available():
        raise DaskMissing(
            "Dask is not installed: pip install 'weerbaar[scale]' (or run without --scheduler)"
        )
    from distributed import Client

    with Client(scheduler, timeout=CONNECT_TIMEOUT) as client:  # type: ignore[no-untyped-call]
        yield DaskPool(client)
