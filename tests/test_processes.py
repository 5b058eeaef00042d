"""Local worker processes: the default way to use every core, without Dask."""

from __future__ import annotations

import pytest

from weerbaar.scale.distributed import ProcessPool, open_pool


def test_it_keeps_the_order_of_the_items_on_local_worker_processes() -> None:
    done: list[int] = []
    assert ProcessPool(2).map(divmod, 100, [7, 9, 11], done.append) == [(14, 2), (11, 1), (9, 1)]
    assert sorted(done) == [7, 9, 11]


def test_it_raises_a_workers_exception_here() -> None:
    with pytest.raises(ZeroDivisionError):
        ProcessPool(2).map(divmod, 1, [1, 0, 2])


def test_it_runs_a_single_item_here_without_starting_workers() -> None:
    # A lambda cannot be sent to another process: it only works here.
    assert ProcessPool(2).map(lambda base, x: base + x, 1, [2]) == [3]


def test_it_opens_local_processes_without_dask() -> None:
    with open_pool(None, 3) as pool:
        assert isinstance(pool, ProcessPool) and pool.processes == 3
