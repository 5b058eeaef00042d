"""Run the independent pieces of a computation here or on a Dask cluster.

Monte Carlo chunks (:mod:`weerbaar.scale.montecarlo`) and the scenarios ×
measures sweep (:mod:`weerbaar.scale.sweep`) are lists of independent tasks
``fn(shared, item)``. A :class:`Pool` runs them: :class:`LocalPool` one
after the other in this process, :class:`DaskPool` as Dask tasks, with the
shared part sent to every worker once. Either way the results come back in
the order of the items, so a run gives the same result wherever it ran.

Dask is an optional extra (``pip install weerbaar[scale]``) and is imported
only when a Dask pool is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
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


#: Memory settings for local worker processes. Dask's nannies set glibc's
#: MALLOC_TRIM_THRESHOLD_ low to hand memory back to the system quickly, which
#: also switches off glibc's adaptive mmap threshold: every array over 128 KiB
#: is then mapped and unmapped anew, and the cascade, with its many
#: medium-sized temporaries, runs about five times slower. Workers of a
#: cluster started elsewhere do best with the same two variables set.
WORKER_ENVIRONMENT = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 1 << 28,
    "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 1 << 25,
}

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
    otherwise ``processes`` > 1 starts a local cluster of that many worker
    processes (one thread each) for the duration of the block, and 1 runs
    everything in this process without Dask.

    Raises
    ------
    DaskMissing
        When a cluster is asked for and Dask is not installed.
    """
    if scheduler is None and processes <= 1:
        yield LocalPool()
        return
    if not dask_available():
        raise DaskMissing(
            "Dask is not installed: pip install 'weerbaar[scale]' (or run without "
            "--scheduler and --processes)"
        )
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler, timeout=CONNECT_TIMEOUT) as client:  # type: ignore[no-untyped-call]
            yield DaskPool(client)
        return
    import dask

    with (
        dask.config.set(WORKER_ENVIRONMENT),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=processes,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # The scheduler's own HTTP endpoint on a free port, not the usual 8787.
            scheduler_kwargs={"dashboard_address": ":0"},
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield DaskPool(client)
