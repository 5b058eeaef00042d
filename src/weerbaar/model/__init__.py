"""The risk map: what a municipality's vital processes depend on.

Pure Python; never imports Django (a test enforces this).
"""

from weerbaar.model.dump import dump_yaml, to_data
from weerbaar.model.durations import (
    Distribution,
    DistributionKind,
    DurationError,
    format_duration,
    parse_duration,
    parse_uncertain,
)
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.loader import from_data, load_map, parse_map
from weerbaar.model.measures import apply_change, apply_measure
from weerbaar.model.riskmap import (
    DEFAULT_HORIZON,
    AddAlternative,
    AddNode,
    AddTolerance,
    Change,
    Failure,
    Impact,
    ImpactStep,
    Location,
    Measure,
    Node,
    NodeKind,
    Party,
    PartyKind,
    Product,
    Requirement,
    RiskMap,
    Scenario,
    ScenarioDuration,
    SetLikelihood,
    SetRestart,
    Theme,
)

__all__ = [
    "DEFAULT_HORIZON",
    "AddAlternative",
    "AddNode",
    "AddTolerance",
    "Change",
    "Distribution",
    "DistributionKind",
    "DurationError",
    "Failure",
    "Impact",
    "ImpactStep",
    "Location",
    "MapError",
    "Measure",
    "Node",
    "NodeKind",
    "Party",
    "PartyKind",
    "Problem",
    "Product",
    "Requirement",
    "RiskMap",
    "Scenario",
    "ScenarioDuration",
    "SetLikelihood",
    "SetRestart",
    "Theme",
    "apply_change",
    "apply_measure",
    "dump_yaml",
    "format_duration",
    "from_data",
    "load_map",
    "parse_duration",
    "parse_map",
    "parse_uncertain",
    "to_data",
]
