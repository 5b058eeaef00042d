"""The escalation of a map's top scenarios, for the role briefings.

Each top scenario is simulated once per map version (cached) and its
impact compared with the GRIP criteria of the exercise model
(:func:`weerbaar.exercise.escalation.escalation_points`): where the
crisis organisation scales up, and which team decides there.
"""

from __future__ import annotations

from collections.abc import Sequence

from weerbaar.engine import simulate
from weerbaar.exercise.escalation import EscalationPoint, ImpactCurve, escalation_points
from weerbaar.web.analyses import cache
from weerbaar.web.maps import service
from weerbaar.web.maps.models import MapVersion


def escalations(
    version: MapVersion, scenarios: Sequence[str]
) -> list[tuple[str, list[EscalationPoint]]]:
    """``(label, points)`` for each scenario id, in the order given."""

    def compute() -> list[tuple[str, list[EscalationPoint]]]:
        m = service.to_model(version)
        out = []
        for sid in scenarios:
            curve = ImpactCurve.of(m, simulate(m, sid))
            out.append((m.scenario(sid).label, escalation_points(curve)))
        return out

    found: list[tuple[str, list[EscalationPoint]]] = cache.remembered(
        version, ("escalations", tuple(scenarios)), compute
    )
    return found
