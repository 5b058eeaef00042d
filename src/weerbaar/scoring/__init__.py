"""Scoring: impact per criterion, classes, score, likelihood and measures.

Scores simulated scenarios on the criteria of a methodology profile (the
Nationale Risicobeoordeling, scaled to one municipality, by default). The
method is described in ``docs/scoring.md``.

Pure Python; never imports Django.
"""

from weerbaar.scoring.assess import (
    Assessment,
    Contribution,
    CriterionResult,
    MeasureEffect,
    MtpdBreach,
    ScenarioEffect,
    assess,
    assess_scenarios,
    check_criteria,
    measure_effect,
    mtpd_breaches,
    node_impact,
)
from weerbaar.scoring.profile import (
    CLASSES,
    DEFAULT_PROFILE,
    Criterion,
    ImpactClass,
    Interest,
    LikelihoodClass,
    Profile,
    SecurityInterest,
    class_rank,
    default_profile,
    load_profile,
    parse_profile,
)
from weerbaar.scoring.table import criteria_table

__all__ = [
    "CLASSES",
    "DEFAULT_PROFILE",
    "Assessment",
    "Contribution",
    "Criterion",
    "CriterionResult",
    "ImpactClass",
    "Interest",
    "LikelihoodClass",
    "MeasureEffect",
    "MtpdBreach",
    "Profile",
    "ScenarioEffect",
    "SecurityInterest",
    "assess",
    "assess_scenarios",
    "check_criteria",
    "class_rank",
    "criteria_table",
    "default_profile",
    "load_profile",
    "measure_effect",
    "mtpd_breaches",
    "node_impact",
    "parse_profile",
]
