"""The council report (jaarverantwoording digitale veiligheid), as data.

:class:`CouncilReport` holds what the college tells the council about one
reporting year, gathered from live data by the caller: the risk picture
(top risks, single points of failure, what changed in the map), exercises
and their lessons, the BIO status per chapter with its trend, incidents in
numbers only, the improvement plan, money spent against plan, the chosen
budget and the college's statement (collegeverklaring) for the ENSIA cycle.
:mod:`weerbaar.report.council` renders it as tagged PDF and as Word.

No personal data: actions carry a role as owner, incidents only counts.

A council reads a few pages, whatever the size of the map: the single
points of failure come as counts, the most critical ones by the one
ranking, and a list per vital process, whole when it fits in
:data:`PROCESS_LINES` lines of :data:`LINE_NAMES` names, else cut to the
:data:`SHORT_LINES` most exposed processes with their first
:data:`SHORT_NAMES` names (:func:`single_points`); the map's changes of
the year as their number and the last :data:`CHANGE_LINES`. The full
lists are in the criticality page and the map's history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
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


#: The most critical single points of failure named in the report.
TOP_POINTS = 10
#: The list per vital process is whole when it has at most this many lines
#: (processes with a single point of failure) of at most ``LINE_NAMES`` names.
PROCESS_LINES = 25
LINE_NAMES = 25
#: Otherwise it shows the most exposed processes with their first names (alphabetical).
SHORT_LINES = 10
SHORT_NAMES = 10
#: The map's changes of the year listed (the last ones).
CHANGE_LINES = 20


@dataclass(frozen=True)
class SinglePoint:
    """A vital process and (the first :data:`LINE_NAMES` of) the nodes whose failure alone stops it.

    ``count`` is the number of them all; ``nodes`` may hold fewer.
    """

    process: str
    nodes: tuple[str, ...]
    count: int

    @property
    def more(self) -> int:
        """The names left out of ``nodes``."""
        return self.count - len(self.nodes)


@dataclass(frozen=True)
class CriticalPoint:
    """A node whose failure alone stops ``processes`` vital processes."""

    label: str
    party: str
    processes: int


@dataclass(frozen=True)
class SinglePoints:
    """The single points of failure of the map's vital processes, summed up for a reader.

    ``processes`` vital processes, ``exposed`` of them with at least one
    single point of failure; ``nodes`` distinct nodes are a single point of
    failure of at least one. ``top`` are the most critical of those by the
    criticality ranking, ``lines`` the most exposed processes.
    """

    processes: int = 0
    exposed: int = 0
    nodes: int = 0
    top: tuple[CriticalPoint, ...] = ()
    lines: tuple[SinglePoint, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether ``lines`` name every single point of failure of every process."""
        return len(self.lines) == self.exposed and all(not p.more for p in self.lines)

    def __bool__(self) -> bool:
        return self.exposed > 0


def single_points(
    found: Mapping[str, Iterable[str]],
    order: Sequence[str],
    label: Callable[[str], str],
    party: Callable[[str], str],
) -> SinglePoints:
    """Sum up ``found`` (vital process id → the node ids whose failure alone stops it).

    ``order`` is every node id, the most critical first (the criticality
    ranking); ``label`` and ``party`` name a node and its chain partner.
    Only the counts grow with the map: the names are at most
    :data:`TOP_POINTS` + :data:`PROCESS_LINES` × :data:`LINE_NAMES`.

    Examples
    --------
    >>> found = {"p": ["a", "b"], "q": ["a"], "r": []}
    >>> s = single_points(found, ["b", "a", "p", "q", "r"], str.upper, lambda x: "")
    >>> s.processes, s.exposed, s.nodes, s.complete
    (3, 2, 2, True)
    >>> [(t.label, t.processes) for t in s.top]
    [('B', 1), ('A', 2)]
    >>> [(p.process, p.nodes, p.count) for p in s.lines]
    [('P', ('A', 'B'), 2), ('Q', ('A',), 1)]
    """
    per_process = {p: list(nodes) for p, nodes in found.items()}
    stops = Counter(x for nodes in per_process.values() for x in nodes)
    top: list[CriticalPoint] = []
    for x in order:
        if len(top) == TOP_POINTS:
            break
        if stops[x]:
            top.append(CriticalPoint(label(x), party(x), stops[x]))
    exposed = sorted(
        ((label(p), nodes) for p, nodes in per_process.items() if nodes),
        key=lambda pn: (-len(pn[1]), pn[0].lower()),
    )
    whole = len(exposed) <= PROCESS_LINES and all(len(n) <= LINE_NAMES for _, n in exposed)
    rows, names = (PROCESS_LINES, LINE_NAMES) if whole else (SHORT_LINES, SHORT_NAMES)
    lines = tuple(
        SinglePoint(
            process, tuple(sorted((label(x) for x in nodes), key=str.lower)[:names]), len(nodes)
        )
        for process, nodes in exposed[:rows]
    )
    return SinglePoints(len(per_process), len(exposed), len(stops), tuple(top), lines)


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
    single_points: SinglePoints
    #: The last :data:`CHANGE_LINES` changes of the map in the year, oldest first.
    map_changes: tuple[str, ...]
    chapters: tuple[ChapterLine, ...]
    actions: tuple[ImprovementAction, ...]
    spent: float
    budget: BudgetLine | None = None
    statement: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: The budget is still being computed (by a background job): said, not waited for.
    budget_pending: bool = False
    #: How many times the map changed in the year (``map_changes`` may list fewer).
    map_changes_total: int = 0

    @property
    def earlier_changes(self) -> int:
        """The changes of the year left out of ``map_changes``."""
        return max(0, self.map_changes_total - len(self.map_changes))

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
    >>> r = CouncilReport("Gemeente X", 2026, datetime(2027, 1, 10), "BIO2", (),
    ...                   SinglePoints(), (), (), (), 0.0)
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
