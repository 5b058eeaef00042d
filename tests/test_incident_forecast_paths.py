"""The forecast's Monte Carlo runs compiled (numba, as ``weerbaar montecarlo``) when it can,
and gives exactly what the numpy path gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from weerbaar.engine import jit
from weerbaar.incident import forecast as fc
from weerbaar.incident.forecast import Outage, forecast, prepare, sampled
from weerbaar.model import load_map, parse_map, parse_uncertain

needs_numba = pytest.mark.skipif(not jit.ENABLED, reason="numba is not installed")

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gemeente-voorbeeld.yaml"

MAP = parse_map(
    """
weerbaar: 1
horizon: 6d
nodes:
  - {id: net}
  - {id: suite, restart: "tri(2h, 6h, 12h)"}
  - id: loket
    kind: process
    vital: true
    mtpd: 4h
    requires: [{node: net, tolerance: "tri(30m, 1h, 3h)"}]
  - id: balie
    kind: process
    vital: true
    mtpd: 15h
    restart: "lognormal(2h, 0.5)"
    requires: [{node: suite, tolerance: 1h}]
  - {id: archief, kind: process, vital: true, mtpd: 2d, requires: [{any: [net, suite]}]}
"""
)
T0 = datetime(2026, 12, 5, 8, tzinfo=UTC)


def outages() -> list[Outage]:
    return [
        Outage("net", T0, expected=parse_uncertain("tri(2h, 8h, 2d)")),
        Outage("suite", T0 + timedelta(hours=1), expected=parse_uncertain("lognormal(20h, 0.6)")),
    ]


@needs_numba
@pytest.mark.parametrize("hours", [1.5, 6.0, 30.0])
def test_the_compiled_samples_equal_the_numpy_samples(hours: float) -> None:
    # At 6h and 30h some drawn restores lie before now: the floor must hold on both paths.
    p = prepare(MAP, outages(), T0 + timedelta(hours=hours))
    assert sampled(p, 2500, 7, compiled=True) == sampled(p, 2500, 7, compiled=False)


@needs_numba
def test_the_sample_maps_forecast_is_the_same_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    m = load_map(SAMPLE)
    now = datetime(2026, 12, 5, 13, tzinfo=UTC)
    downs = [
        Outage(
            "suite-sociaal-domein",
            now - timedelta(hours=5),
            expected=parse_uncertain("tri(1d, 3d, 1w)"),
        ),
        Outage("internet-glasnet", now - timedelta(hours=2), expected=10.0),
    ]
    monkeypatch.setattr(jit, "ENABLED", True)
    compiled = forecast(m, downs, now, 1000, 2026)
    monkeypatch.setattr(jit, "ENABLED", False)
    numpy = forecast(m, downs, now, 1000, 2026)
    assert compiled == numpy
    assert any(p.p_breach for p in compiled.processes)


def test_the_floor_is_kept_by_the_sampler_the_compiled_loop_reads() -> None:
    p = prepare(MAP, outages(), T0 + timedelta(hours=30))
    from weerbaar.scale.distributions import Sampler
    from weerbaar.scale.plan import compile_plan

    plan = compile_plan(p.map, p.scenario, p.horizon)
    import numpy as np

    floor = np.zeros(len(plan.quantities), dtype=np.int64)
    floor[0] = 10**9
    s = fc.FlooredSampler(Sampler(plan.spreads, 1), floor)
    values = s.matrix(0, 50)
    assert (values[0] >= 10**9).all()
    q = np.zeros(50, dtype=np.int64)
    assert (s.ticks(q, np.arange(50)) == values[0]).all()
    assert s.lognormal[0]  # drawn beforehand by the compiled loop
