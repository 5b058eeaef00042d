"""Monte Carlo and the sweep on a real Dask cluster give exactly the local result.

A scheduler and two single-threaded workers run as separate processes on
loopback, started here and always stopped again.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from weerbaar.cli import main
from weerbaar.model import parse_map
from weerbaar.scale.distributed import DaskPool, dask_available
from weerbaar.scale.montecarlo import monte_carlo

pytestmark = pytest.mark.skipif(
    not dask_available(), reason="Dask is not installed (pip install 'weerbaar[scale]')"
)

MAP = """\
weerbaar: 1
horizon: 10d
nodes:
  - {id: stroom, kind: infrastructure, requires: [{node: telecom, tolerance: "tri(1h, 6h, 1d)"}]}
  - {id: telecom, kind: infrastructure, requires: [{node: stroom, tolerance: "tri(2h, 8h, 2d)"}]}
  - id: net
    restart: lognormal(2h, 0.5)
    requires: [{node: stroom, tolerance: "tri(1h, 4h, 8h)"}]
  - id: loket
    kind: process
    vital: true
    mtpd: 2d
    requires: [{node: net, tolerance: "tri(4h, 8h, 1d)"}, telecom]
    impact: {per_day: {costs: 20000}, steps: [{after: 1d, daily_life: 500}]}
  - {id: uitkering, kind: process, vital: true, mtpd: 3d, requires: [net]}
scenarios:
  - {id: stroomstoring, likelihood: C, failures: [{node: stroom, duration: "tri(6h, 1d, 3d)"}]}
  - {id: netstoring, likelihood: D, failures: [{node: net, duration: 8h}]}
measures:
  - id: buffer
    cost: 5000
    changes: [{add_tolerance: {node: loket, requirement: net, tolerance: 3d}}]
  - id: noodstroom
    cost: 20000
    changes: [{add_tolerance: {node: net, requirement: stroom, tolerance: 2d}}]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a scheduler with two worker processes, stopped afterwards."""
    from distributed import Client

    port = str(_free_port())
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    single = ["--nworkers", "1", "--nthreads", "1", "--no-nanny", "--no-dashboard"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(
            subprocess.Popen(
                [*dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
                **quiet,
            )
        )
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [*dask, "worker", address, "--host", "127.0.0.1", *single],
                    **quiet,
                )
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield address
    finally:
        _stop(processes)


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "kaart.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def _json(args: list[str]) -> object:
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_it_runs_monte_carlo_on_the_cluster_with_the_local_result(
    scheduler: str, map_file: Path
) -> None:
    args = ["montecarlo", str(map_file), "--scenario", "stroomstoring", "--samples", "2500"]
    args += ["--seed", "7", "--json"]
    local = _json(args)
    assert _json([*args, "--scheduler", scheduler]) == local


def test_it_spreads_many_chunks_over_both_workers_with_the_same_result(scheduler: str) -> None:
    from distributed import Client

    m = parse_map(MAP)
    local = monte_carlo(m, "stroomstoring", samples=1200, seed=3)
    with Client(scheduler) as client:
        remote = monte_carlo(
            m, "stroomstoring", samples=1200, seed=3, pool=DaskPool(client), chunk=100
        )
        assert len(client.scheduler_info()["workers"]) == 2
    assert remote == local
    assert (remote.scores == local.scores).all()
    assert local.deadlocked > 0  # the cycle of power and telecom does not always restart


def test_it_sweeps_on_the_cluster_with_the_local_result(scheduler: str, map_file: Path) -> None:
    local = _json(["sweep", str(map_file), "--json"])
    assert _json(["sweep", str(map_file), "--json", "--scheduler", scheduler]) == local


def test_it_runs_on_local_worker_processes_with_the_same_result(map_file: Path) -> None:
    args = ["montecarlo", str(map_file), "--scenario", "stroomstoring", "--samples", "1500"]
    args += ["--json"]
    assert _json([*args, "--processes", "2"]) == _json([*args, "--processes", "1"])


def test_it_refuses_a_scheduler_and_local_processes_at_once(map_file: Path) -> None:
    args = ["sweep", str(map_file), "--scheduler", "tcp://127.0.0.1:1", "--processes", "2"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 2
    assert "use either --scheduler or --processes" in out.output


def test_it_says_when_no_scheduler_answers(map_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("weerbaar.scale.distributed.CONNECT_TIMEOUT", "1s")
    address = f"tcp://127.0.0.1:{_free_port()}"
    args = ["sweep", str(map_file), "--scheduler", address]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 2
    assert "cannot reach the Dask scheduler" in out.output
