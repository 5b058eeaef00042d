"""The council report (jaarverantwoording digitale veiligheid), as data.

:class:`CouncilReport` holds what the college tells the council about one
reporting year, gathered from live data by the caller: the risk picture
(top risks, single points of failure, what changed in the map), exercises
and their lessons, the BIO status per chapter with its trend, incidents in
numbers only, the improvement plan, money spent against plan, the chosen
budget and the college's statement (collegeverklaring) for the ENSIA cycle.
:mod:`weerbaar.report.council` renders it as tagged PDF and as Word.

No personal data: actions carry a role as owner, incidents only counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from weerbaar.accountability.actions import ActionSource, ActionStatus, ImprovementAction
from weerbaar.accountability.assessment import Coverage, reporting_year_end


@dataclass(frozen=True)
class RiskLine:
    """A scenario of the risk picture."""

    label: str
    likelihood: str
    score: float
    expected: float


@dataclass(frozen=True)
class SinglePoint:
    """A vital process and the nodes whose failure alone stops it."""

    process: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class ChapterLine:
    """BIO status of one chapter this year and the share implemented the year before."""

    coverage: Coverage
    previous: float | None


@dataclass(frozen=True)
class BudgetLine:
    """The risk-based budget: the measures chosen within the budget."""

    budget: float
    measures: tuple[str, ...]
    cost: float
    risk_before: float
    risk_after: float
    chart_svg: str = ""
    #: The same chart as PNG for the Word document, and its alternative text.
    chart_png: bytes = b""
    chart_text: str = ""


@dataclass(frozen=True)
class CouncilReport:
    organisation: str
    year: int
    made: datetime
    catalogue: str
    risks: tuple[RiskLine, ...]
    single_points: tuple[SinglePoint, ...]
    map_changes: tuple[str, ...]
    chapters: tuple[ChapterLine, ...]
    actions: tuple[ImprovementAction, ...]
    spent: float
    budget: BudgetLine | None = None
    statement: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: The budget is still being computed (by a background job): said, not waited for.
    budget_pending: bool = False

    @property
    def reference_date(self) -> date:
        return reporting_year_end(self.year)

    @property
    def lessons(self) -> tuple[ImprovementAction, ...]:
        """Actions that came from exercises: the lessons learned."""
        return tuple(a for a in self.actions if a.source is ActionSource.EXERCISE)

    @property
    def incidents(self) -> dict[str, int]:
        """Actions from incidents, counted by status: numbers only, no details."""
        counts: dict[str, int] = {}
        for a in self.actions:
            if a.source is ActionSource.INCIDENT:
                counts[a.status.value] = counts.get(a.status.value, 0) + 1
        return counts

    @property
    def planned(self) -> float:
        """Yearly cost of the actions not cancelled."""
        return sum(a.cost for a in self.actions if a.status is not ActionStatus.CANCELLED)

    @property
    def implemented_share(self) -> float | None:
        applicable = sum(c.coverage.applicable for c in self.chapters)
        done = sum(c.coverage.implemented for c in self.chapters)
        return done / applicable if applicable else None


def default_statement(report: CouncilReport) -> str:
    """A draft collegeverklaring from the figures; the college edits it in Word.

    Examples
    --------
    >>> from datetime import datetime
    >>> r = CouncilReport("Gemeente X", 2026, datetime(2027, 1, 10), "BIO2", (), (), (), (),
    ...                   (), 0.0)
    >>> default_statement(r).startswith("Het college van burgemeester en wethouders")
    True
    """
    share = report.implemented_share
    implemented = (
        f"is {share:.0%} van de toepasselijke maatregelen volledig geïmplementeerd"
        if share is not None
        else "is de toepasselijkheid van de maatregelen nog niet vastgesteld"
    )
    n = sum(1 for a in report.actions if a.is_open)
    actions = "staat 1 verbeteractie" if n == 1 else f"staan {n} verbeteracties"
    return (
        f"Het college van burgemeester en wethouders van {report.organisation} verklaart dat "
        f"het over het verslagjaar {report.year} (peildatum "
        f"{report.reference_date.day} december {report.year}) de informatiebeveiliging heeft "
        f"beoordeeld tegen {report.catalogue}. Op de peildatum {implemented}. Voor de "
        f"maatregelen die nog niet volledig zijn geïmplementeerd {actions} in het "
        "verbeterplan, met eigenaar, termijn en kosten. Het college "
        "neemt de restrisico's die in deze verantwoording zijn beschreven bewust en zal de "
        "raad over de voortgang informeren."
    )
