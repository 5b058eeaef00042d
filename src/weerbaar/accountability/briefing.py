"""Role briefings: one page per role of the college, the council and the staff.

The burgemeester, a wethouder, the gemeentesecretaris, the raad, the CISO
and the adviseur OOV each get one page from the same live data as the
council report (:class:`~weerbaar.accountability.council.CouncilReport`):
the top risks, the decisions that would fall to them in the top scenarios,
what is due, and, depending on the role, the single points of failure, the
lessons of exercises, the BIO status and the risk-based budget.

Which team decides at each GRIP level comes from the exercise model
(:mod:`weerbaar.exercise.escalation`); which part each role plays in that
team, and which sections a role's page holds, are the tables below. Texts
are left to the renderer (the web app translates them), so the data here
carries keys, not sentences.

Examples
--------
>>> [r.value for r in BriefingRole]
['burgemeester', 'wethouder', 'gemeentesecretaris', 'raad', 'ciso', 'adviseur-oov']
>>> PARTS[Team.GBT][BriefingRole.BURGEMEESTER]
<Duty.CHAIR: 'chair'>
>>> Section.BUDGET in SECTIONS[BriefingRole.RAAD]
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from weerbaar.accountability.actions import ImprovementAction
from weerbaar.accountability.council import BudgetLine, CouncilReport, RiskLine, SinglePoints
from weerbaar.exercise.escalation import EscalationPoint
from weerbaar.exercise.records import Team


class BriefingRole(StrEnum):
    BURGEMEESTER = "burgemeester"
    WETHOUDER = "wethouder"
    GEMEENTESECRETARIS = "gemeentesecretaris"
    RAAD = "raad"
    CISO = "ciso"
    ADVISEUR_OOV = "adviseur-oov"


class Duty(StrEnum):
    """A role's part in the team that decides."""

    CHAIR = "chair"  # chairs the team and takes the decision
    MEMBER = "member"  # takes part in the decision
    ADVISE = "advise"  # advises the one who decides
    LEAD = "lead"  # leads the team
    INFORMED = "informed"  # is told, and accounts for it afterwards


#: Per deciding team, the roles with a part in it (Dutch crisis organisation:
#: the IT crisis team under the CISO, CoPI and ROT with the adviseur OOV, the
#: municipal policy team under the burgemeester, the regional one with the
#: burgemeesters of the region; the raad is informed).
PARTS: dict[Team, dict[BriefingRole, Duty]] = {
    Team.IT_CRISISTEAM: {BriefingRole.CISO: Duty.LEAD},
    Team.COPI: {BriefingRole.ADVISEUR_OOV: Duty.ADVISE, BriefingRole.CISO: Duty.ADVISE},
    Team.ROT: {
        BriefingRole.ADVISEUR_OOV: Duty.MEMBER,
        BriefingRole.GEMEENTESECRETARIS: Duty.LEAD,
        BriefingRole.CISO: Duty.ADVISE,
    },
    Team.GBT: {
        BriefingRole.BURGEMEESTER: Duty.CHAIR,
        BriefingRole.GEMEENTESECRETARIS: Duty.ADVISE,
        BriefingRole.ADVISEUR_OOV: Duty.ADVISE,
        BriefingRole.WETHOUDER: Duty.INFORMED,
        BriefingRole.RAAD: Duty.INFORMED,
    },
    Team.RBT: {
        BriefingRole.BURGEMEESTER: Duty.MEMBER,
        BriefingRole.ADVISEUR_OOV: Duty.ADVISE,
        BriefingRole.RAAD: Duty.INFORMED,
    },
}


class Section(StrEnum):
    RISKS = "risks"
    DECISIONS = "decisions"
    DUE = "due"
    SINGLE_POINTS = "single-points"
    LESSONS = "lessons"
    BIO = "bio"
    BUDGET = "budget"


#: What each role's page holds, in this order.
SECTIONS: dict[BriefingRole, tuple[Section, ...]] = {
    BriefingRole.BURGEMEESTER: (Section.RISKS, Section.DECISIONS, Section.LESSONS, Section.DUE),
    BriefingRole.WETHOUDER: (Section.RISKS, Section.BUDGET, Section.DUE, Section.DECISIONS),
    BriefingRole.GEMEENTESECRETARIS: (
        Section.RISKS, Section.DECISIONS, Section.SINGLE_POINTS, Section.DUE, Section.BIO,
    ),
    BriefingRole.RAAD: (Section.RISKS, Section.BIO, Section.BUDGET, Section.LESSONS),
    BriefingRole.CISO: (
        Section.RISKS, Section.DECISIONS, Section.SINGLE_POINTS, Section.DUE, Section.BIO,
    ),
    BriefingRole.ADVISEUR_OOV: (
        Section.RISKS, Section.DECISIONS, Section.SINGLE_POINTS, Section.LESSONS, Section.DUE,
    ),
}  # fmt: skip

#: Words in an action's owner that make it the role's own (first in "what is due").
OWNERS: dict[BriefingRole, tuple[str, ...]] = {
    BriefingRole.BURGEMEESTER: ("burgemeester",),
    BriefingRole.WETHOUDER: ("wethouder", "college"),
    BriefingRole.GEMEENTESECRETARIS: ("gemeentesecretaris", "directie", "contractmanager"),
    BriefingRole.RAAD: ("raad", "griffie"),
    BriefingRole.CISO: ("ciso", "ict", "i-adviseur", "informatiebeveiliging"),
    BriefingRole.ADVISEUR_OOV: ("oov", "crisis"),
}

#: What is due: open actions overdue or due within this many days.
DUE_WITHIN = 120
#: Top scenarios whose decisions are listed.
TOP_SCENARIOS = 3
#: Single points of failure named on a page: the most critical, by the ranking.
#: A page has room for their counts and these, not for a list per process.
POINTS = 5
#: The most decisions, actions due and lessons one page lists; the rest are counted.
#: A briefing is one printed page (action lines 1 and 5): the decisions to scale
#: up come before those to scale down, open lessons before finished ones.
SHOWN = {"decisions": 5, "due": 5, "lessons": 3}


@dataclass(frozen=True)
class DecisionPoint:
    """A decision that falls to the role in a top scenario."""

    scenario: str
    at: float  # scenario hours after the first failure
    level: int | None  # GRIP level reached; None: scaling down
    team: Team
    duty: Duty


@dataclass(frozen=True)
class Briefing:
    role: BriefingRole
    organisation: str
    year: int
    made: date
    sections: tuple[Section, ...]
    risks: tuple[RiskLine, ...]
    decisions: tuple[DecisionPoint, ...]
    single_points: SinglePoints
    due: tuple[ImprovementAction, ...]
    lessons: tuple[ImprovementAction, ...]
    implemented_share: float | None
    budget: BudgetLine | None
    budget_pending: bool
    planned: float
    spent: float


def decisions_for(
    role: BriefingRole, points: Sequence[tuple[str, Sequence[EscalationPoint]]]
) -> tuple[DecisionPoint, ...]:
    """The escalation points of each ``(scenario, points)`` in which ``role`` has a part."""
    out = []
    for scenario, found in points:
        for p in found:
            duty = PARTS.get(p.team, {}).get(role)
            if duty is not None:
                out.append(DecisionPoint(scenario, p.scenario_at, p.level, p.team, duty))
    return tuple(out)


def on_one_page(b: Briefing) -> dict[str, tuple[tuple[Any, ...], int]]:
    """What one page shows of each list of ``b``, and how many it leaves out.

    Examples
    --------
    >>> from datetime import date
    >>> up = DecisionPoint("Storing", 2.0, 3, Team.GBT, Duty.CHAIR)
    >>> down = DecisionPoint("Storing", 40.0, None, Team.GBT, Duty.CHAIR)
    >>> b = Briefing(BriefingRole.BURGEMEESTER, "Gemeente A", 2026, date(2026, 1, 1), (), (),
    ...     (down,) * 3 + (up,) * 4, SinglePoints(), (), (), None, None,
    ...     False, 0.0, 0.0)
    >>> shown, more = on_one_page(b)["decisions"]
    >>> [d.level for d in shown], more
    ([3, 3, 3, 3, None], 2)
    """
    ordered: dict[str, tuple[Any, ...]] = {
        "decisions": tuple(sorted(b.decisions, key=lambda d: d.level is None)),
        "due": b.due,
        "lessons": tuple(sorted(b.lessons, key=lambda a: not a.is_open)),
    }
    return {
        name: (items[: SHOWN[name]], max(0, len(items) - SHOWN[name]))
        for name, items in ordered.items()
    }


def due_for(
    role: BriefingRole, actions: Sequence[ImprovementAction], today: date
) -> tuple[ImprovementAction, ...]:
    """Open actions overdue or due soon (or without a date): the role's own first, then by date."""
    limit = today + timedelta(days=DUE_WITHIN)
    words = OWNERS[role]
    found = [a for a in actions if a.is_open and (a.due is None or a.due <= limit)]
    return tuple(
        sorted(
            found,
            key=lambda a: (
                not any(w in a.owner.lower() for w in words),
                a.due is None,
                a.due or today,
                a.title,
            ),
        )
    )


def briefing(
    report: CouncilReport,
    role: BriefingRole,
    points: Sequence[tuple[str, Sequence[EscalationPoint]]],
    today: date,
) -> Briefing:
    """The page of ``role``, from the council report's data and the top scenarios' escalation."""
    return Briefing(
        role=role,
        organisation=report.organisation,
        year=report.year,
        made=today,
        sections=SECTIONS[role],
        risks=report.risks,
        decisions=decisions_for(role, points),
        single_points=replace(
            report.single_points, top=report.single_points.top[:POINTS], lines=()
        ),
        due=due_for(role, report.actions, today),
        lessons=report.lessons,
        implemented_share=report.implemented_share,
        budget=report.budget,
        budget_pending=report.budget_pending,
        planned=report.planned,
        spent=report.spent,
    )
