"""Local worker processes: the default way to use every core, without Dask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from weerbaar.cli import main
from weerbaar.scale.distributed import ProcessPool, ThreadPool, open_pool


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


MAP = """\
weerbaar: 1
nodes:
  - {id: net}
  - {id: loket, vital: true, mtpd: 1d, requires: [{node: net, tolerance: "tri(1h, 4h, 8h)"}]}
scenarios: [{id: s, failures: [{node: net, duration: "tri(2h, 6h, 1d)"}]}]
"""


def _montecarlo(tmp_path: Path, *extra: str) -> str:
    path = tmp_path / "kaart.yaml"
    path.write_text(MAP, encoding="utf-8")
    args = ["montecarlo", str(path), "--scenario", "s", "--samples", "2500", "--json", *extra]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    return out.output


def test_it_keeps_small_runs_in_this_process_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    monkeypatch.setattr(ProcessPool, "map", lambda self, *a, **k: started.append(1))
    _montecarlo(tmp_path)
    assert started == []


def test_it_uses_every_core_by_default_when_the_work_is_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = _montecarlo(tmp_path, "--processes", "1")
    monkeypatch.setattr("weerbaar.commands.common.PARALLEL_WORK", 0)
    monkeypatch.setattr("weerbaar.scale.distributed.usable_cores", lambda: 2)
    used: list[int] = []
    # With the compiled kernels, Monte Carlo runs the pool's workers as threads.
    for pool in (ProcessPool, ThreadPool):
        original = pool.map

        def spy(self: Any, *args: Any, original: Any = original, **kwargs: Any) -> Any:
            used.append(self.processes if isinstance(self, ProcessPool) else self.threads)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(pool, "map", spy)
    assert _montecarlo(tmp_path) == local
    assert used == [2]
