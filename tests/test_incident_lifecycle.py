"""The incident lifecycle: forward one phase at a time, back from recovery, closed stays closed."""

from __future__ import annotations

import pytest

from weerbaar.incident.lifecycle import TRANSITIONS, LifecycleError, Phase, allowed, transition


def test_it_walks_the_safety_chain_from_report_to_closed() -> None:
    phase = Phase.REPORT
    for target in (Phase.TRIAGE, Phase.RESPONSE, Phase.RECOVERY, Phase.AFTERCARE, Phase.CLOSED):
        phase = transition(phase, target)
    assert phase is Phase.CLOSED


def test_it_refuses_to_skip_a_phase_and_names_the_allowed_ones() -> None:
    with pytest.raises(LifecycleError, match="allowed: recovery"):
        transition(Phase.RESPONSE, Phase.AFTERCARE)


def test_it_keeps_a_closed_incident_closed() -> None:
    assert allowed(Phase.CLOSED) == ()
    with pytest.raises(LifecycleError, match="closed"):
        transition(Phase.CLOSED, Phase.RESPONSE)


def test_it_lets_a_failed_recovery_go_back_to_the_response_and_triage_close() -> None:
    assert transition(Phase.RECOVERY, Phase.RESPONSE) is Phase.RESPONSE
    assert transition(Phase.TRIAGE, Phase.CLOSED) is Phase.CLOSED


def test_it_names_a_step_for_every_phase() -> None:
    assert set(TRANSITIONS) == set(Phase)
