"""What a Monte Carlo run reports: per process and for the score, over all samples.

The results of :func:`weerbaar.scale.montecarlo.monte_carlo` (which also
exports these names), with the JSON of ``weerbaar montecarlo --json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from weerbaar.scale.spread import Spread

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ProcessOutcome:
    """One process over all samples: its outage (hours) and MTPD breaches.

    ``downtime`` is the total time down before the horizon, ``longest`` the
    longest continuous outage; ``p_down`` the share of samples with any
    outage; ``p_mtpd_breached`` the share whose longest outage is longer
    than the MTPD (None without an MTPD).
    """

    node: str
    vital: bool
    mtpd: float | None
    downtime: Spread
    longest: Spread
    p_down: float
    p_mtpd_breached: float | None

    def to_json(self) -> dict[str, object]:
        return {
            "node": self.node,
            "vital": self.vital,
            "mtpd": self.mtpd,
            "p_down": self.p_down,
            "p_mtpd_breached": self.p_mtpd_breached,
            "downtime": self.downtime.to_json(),
            "longest": self.longest.to_json(),
        }


@dataclass(frozen=True)
class MonteCarloResult:
    """Outcome of :func:`monte_carlo`: per process, and the score, over all samples.

    ``uncertain`` counts the uncertain durations drawn (those the scenario
    can reach); ``deadlocked`` the samples ending in a recovery deadlock.
    ``scores`` holds every sample's impact score, in sample order.
    """

    scenario: str
    samples: int
    seed: int
    horizon: float
    likelihood: str | None
    yearly: float | None
    uncertain: int
    reached: int
    processes: tuple[ProcessOutcome, ...]
    score: Spread
    deadlocked: int
    scores: FloatArray = field(repr=False, compare=False)

    def process(self, node: str) -> ProcessOutcome:
        for p in self.processes:
            if p.node == node:
                return p
        raise KeyError(node)

    def to_json(self) -> dict[str, object]:
        """The machine-readable result of ``weerbaar montecarlo --json``."""
        return {
            "scenario": self.scenario,
            "samples": self.samples,
            "seed": self.seed,
            "horizon": self.horizon,
            "uncertain": self.uncertain,
            "reached": self.reached,
            "deadlocked": self.deadlocked,
            "likelihood": self.likelihood,
            "score": self.score.to_json(),
            "expected": None
            if self.yearly is None
            else {"mean": self.score.mean * self.yearly, "yearly_likelihood": self.yearly},
            "processes": [p.to_json() for p in self.processes],
        }
