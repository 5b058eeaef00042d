"""The life of an incident along the safety chain, as enums with the allowed steps.

An incident is reported, triaged, responded to, recovered from, looked back
on (aftercare) and closed. It moves forward one phase at a time; it may step
back to an earlier phase of the response when the situation worsens (a
recovery that turns into a new response), and it may be closed straight
from triage when it turns out not to be an incident. A closed incident stays
closed: what follows is a new incident.

Examples
--------
>>> transition(Phase.REPORT, Phase.TRIAGE)
<Phase.TRIAGE: 'triage'>
>>> transition(Phase.REPORT, Phase.CLOSED)
Traceback (most recent call last):
...
weerbaar.incident.lifecycle.LifecycleError: cannot go from report to closed (allowed: triage)
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    """The phases (fases) of an incident; the value is what is stored."""

    REPORT = "report"  # melding
    TRIAGE = "triage"  # triage
    RESPONSE = "response"  # respons
    RECOVERY = "recovery"  # herstel
    AFTERCARE = "aftercare"  # nazorg
    CLOSED = "closed"  # gesloten


class IncidentType(StrEnum):
    RANSOMWARE = "ransomware"
    DDOS = "ddos"
    DATALEK = "datalek"  # personal-data breach
    STORING = "storing"  # outage, failure
    PHISHING = "phishing"
    OTHER = "other"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class GripLevel(StrEnum):
    """The GRIP level (Gecoördineerde Regionale Incidentbestrijdingsprocedure)."""

    GRIP_0 = "0"
    GRIP_1 = "1"
    GRIP_2 = "2"
    GRIP_3 = "3"
    GRIP_4 = "4"
    GRIP_5 = "5"
    GRIP_RIJK = "rijk"


#: The phases each phase may move to.
TRANSITIONS: dict[Phase, tuple[Phase, ...]] = {
    Phase.REPORT: (Phase.TRIAGE,),
    # Triage may find a false alarm: closed without a response.
    Phase.TRIAGE: (Phase.RESPONSE, Phase.CLOSED),
    Phase.RESPONSE: (Phase.RECOVERY,),
    # A recovery that fails again goes back to the response.
    Phase.RECOVERY: (Phase.AFTERCARE, Phase.RESPONSE),
    Phase.AFTERCARE: (Phase.CLOSED,),
    Phase.CLOSED: (),
}


class LifecycleError(ValueError):
    """A step the lifecycle does not allow."""


def allowed(current: Phase) -> tuple[Phase, ...]:
    """The phases ``current`` may move to, in the order of the chain."""
    return TRANSITIONS[current]


def transition(current: Phase, target: Phase) -> Phase:
    """``target`` when the step from ``current`` is allowed.

    Raises
    ------
    LifecycleError
        When it is not, naming the steps that are.
    """
    if target not in TRANSITIONS[current]:
        options = ", ".join(p.value for p in TRANSITIONS[current]) or "none: it is closed"
        raise LifecycleError(
            f"cannot go from {current.value} to {target.value} (allowed: {options})"
        )
    return target


def is_open(phase: Phase) -> bool:
    return phase is not Phase.CLOSED
