"""Exercises for the web: the calls of :mod:`weerbaar.exercise` that run the engine.

Generating a script and re-timing it after a decision simulate the
scenario; like every computation of the web app they go through this
package. On the sample they take a few hundredths of a second
(docs/performance.md), so they run inline.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from weerbaar.engine.simulate import SimulationResult
from weerbaar.exercise.generate import generate
from weerbaar.exercise.model import Exercise, MapVersion
from weerbaar.exercise.records import Decision
from weerbaar.exercise.retime import Retimed, intervene, timelines
from weerbaar.model import RiskMap, dump_yaml


def draft(
    m: RiskMap,
    scenario_id: str,
    *,
    title: str,
    duration: float,
    seed: int,
    language: str,
    version_label: str,
) -> Exercise:
    """A draft script; the map is named by its version and the SHA-256 of its YAML."""
    sha = hashlib.sha256(dump_yaml(m).encode("utf-8")).hexdigest()
    ex = generate(
        m,
        scenario_id,
        duration=duration,
        seed=seed,
        language=language,
        map_version=MapVersion(version_label, sha),
    )
    return replace(ex, title=title) if title else ex


def decide(ex: Exercise, m: RiskMap, decision: Decision) -> Retimed:
    """Log a decision; with an intervention the story is simulated again and re-timed."""
    return intervene(ex, m, decision)


def planned_and_played(m: RiskMap, ex: Exercise) -> tuple[SimulationResult, SimulationResult]:
    return timelines(m, ex)
