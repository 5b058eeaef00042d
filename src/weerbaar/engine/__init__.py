"""The cascade engine: simulation and criticality on a risk map.

Pure Python with numpy and scipy; never imports Django (a test enforces this).
"""

from weerbaar.engine.criticality import (
    Structural,
    TimedImpact,
    closure,
    structural,
    time_aware,
)
from weerbaar.engine.graph import Graph, build_graph
from weerbaar.engine.simulate import Interval, SimulationResult, simulate

__all__ = [
    "Graph",
    "Interval",
    "SimulationResult",
    "Structural",
    "TimedImpact",
    "build_graph",
    "closure",
    "simulate",
    "structural",
    "time_aware",
]
