"""Self-assessment of a catalogue's controls, and what follows from it.

One :class:`ControlAssessment` per control per reporting year says whether
the control applies (and why not), how far it is implemented on a
:class:`Scale`, who owns it, what evidence there is, when it was and will be
reviewed, which nodes of the map it protects and which measures of the map
implement it. From a year's assessments come the rows of the statement of
applicability (:func:`statement`), the coverage per chapter
(:func:`coverage_by_chapter`), per vital process (:func:`coverage_by_process`)
and the trend over the years (:func:`trend`).

Examples
--------
>>> from weerbaar.accountability.catalogue import Catalogue, Control
>>> cat = Catalogue("Normen", "1", None, "n.md", (Control("5.01.01", "Beleid.", "5"),
...     Control("5.02.01", "Rollen.", "5"), Control("8.01.01", "Back-ups.", "8")))
>>> done = ControlAssessment("5.01.01", applicable=True, level=2)
>>> na = ControlAssessment("8.01.01", applicable=False, reason="Geen eigen systemen.")
>>> [(c.chapter, c.applicable, c.implemented, c.unassessed)
...  for c in coverage_by_chapter(cat, [done, na], THREE_LEVELS)]
[('5', 1, 1, 1), ('8', 0, 0, 0)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from weerbaar.accountability.catalogue import Catalogue, Control
from weerbaar.i18n import _
from weerbaar.model.riskmap import NodeKind, RiskMap


@dataclass(frozen=True)
class Scale:
    """How implementation is scored: level 0 up to ``len(labels) - 1``.

    A control counts as implemented from level ``done_from``, as started
    from level 1.
    """

    id: str
    labels: tuple[str, ...]
    done_from: int

    @property
    def top(self) -> int:
        return len(self.labels) - 1

    def label(self, level: int | None) -> str:
        return "—" if level is None else self.labels[level]

    def is_done(self, level: int | None) -> bool:
        return level is not None and level >= self.done_from


#: niet / deels / volledig, as ENSIA asks it.
THREE_LEVELS = Scale("niet-deels-volledig", ("niet", "deels", "volledig"), 2)
#: A maturity of 0–5 (after CMMI); from 3, defined and applied, counts as done.
MATURITY = Scale(
    "volwassenheid",
    (
        "0 niet aanwezig",
        "1 ad hoc",
        "2 herhaalbaar",
        "3 vastgelegd",
        "4 gemeten",
        "5 geoptimaliseerd",
    ),
    3,
)
SCALES = {s.id: s for s in (THREE_LEVELS, MATURITY)}


@dataclass(frozen=True)
class ControlAssessment:
    """One control's self-assessment in one reporting year.

    ``applicable`` is None while the control is not yet assessed; a control
    that does not apply has a ``reason``. ``evidence`` names the evidence
    (file names and links); ``nodes`` are ids of the map's nodes the control
    protects, ``measures`` ids of the map's measures that implement it.
    """

    control: str
    applicable: bool | None = None
    reason: str = ""
    level: int | None = None
    owner: str = ""
    evidence: tuple[str, ...] = ()
    last_review: date | None = None
    next_review: date | None = None
    nodes: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()

    def problems(self, scale: Scale) -> list[str]:
        """What is inconsistent in this assessment (empty when it can be kept)."""
        out = []
        if self.applicable is False and not self.reason.strip():
            out.append(_("a control that does not apply needs a reason"))
        if self.level is not None and not 0 <= self.level <= scale.top:
            out.append(
                _("level {level} is not on the scale 0–{top}").format(
                    level=self.level, top=scale.top
                )
            )
        if self.applicable is False and self.level is not None:
            out.append(_("a control that does not apply has no implementation level"))
        if self.last_review and self.next_review and self.next_review < self.last_review:
            out.append(_("the next review lies before the last one"))
        return out


def reporting_year_end(year: int) -> date:
    """ENSIA's reference date of a reporting year: 31 December."""
    return date(year, 12, 31)


@dataclass(frozen=True)
class StatementRow:
    """One row of the statement of applicability (Verklaring van Toepasselijkheid)."""

    control: Control
    applicable: bool | None
    reason: str
    status: str
    evidence: tuple[str, ...]
    owner: str


def statement(
    catalogue: Catalogue, assessments: Iterable[ControlAssessment], scale: Scale
) -> list[StatementRow]:
    """Every assessable control of the catalogue with its applicability and status.

    Controls not yet assessed are listed too, as such: the statement covers
    the whole catalogue.
    """
    by_id = {a.control: a for a in assessments}
    rows = []
    for c in catalogue.assessable:
        a = by_id.get(c.id, ControlAssessment(c.id))
        status = "niet van toepassing" if a.applicable is False else scale.label(a.level)
        if a.applicable is None:
            status = "niet beoordeeld"
        rows.append(StatementRow(c, a.applicable, a.reason, status, a.evidence, a.owner))
    return rows


@dataclass(frozen=True)
class Coverage:
    """Counts of one group of controls: applicable ones and how far they are."""

    chapter: str
    name: str
    total: int
    applicable: int
    implemented: int
    partial: int
    unassessed: int

    @property
    def open(self) -> int:
        """Applicable controls not (fully) implemented."""
        return self.applicable - self.implemented

    @property
    def share(self) -> float | None:
        """Share of the applicable controls implemented; None when none applies."""
        return self.implemented / self.applicable if self.applicable else None


def coverage_by_chapter(
    catalogue: Catalogue, assessments: Iterable[ControlAssessment], scale: Scale
) -> list[Coverage]:
    """Coverage per chapter of the catalogue, in the catalogue's order."""
    by_id = {a.control: a for a in assessments}
    chapters: dict[str, list[Control]] = {}
    for c in catalogue.assessable:
        chapters.setdefault(c.chapter, []).append(c)
    out = []
    for chapter, controls in chapters.items():
        found = [by_id.get(c.id, ControlAssessment(c.id)) for c in controls]
        applicable = [a for a in found if a.applicable]
        out.append(
            Coverage(
                chapter=chapter,
                name=catalogue.chapter_name(chapter),
                total=len(controls),
                applicable=len(applicable),
                implemented=sum(scale.is_done(a.level) for a in applicable),
                partial=sum((a.level or 0) > 0 and not scale.is_done(a.level) for a in applicable),
                unassessed=sum(a.applicable is None for a in found),
            )
        )
    return out


def trend(
    catalogue: Catalogue, years: Mapping[int, Sequence[ControlAssessment]], scale: Scale
) -> dict[str, list[tuple[int, float | None]]]:
    """Per chapter, the share implemented in each year, oldest year first."""
    out: dict[str, list[tuple[int, float | None]]] = {}
    for year in sorted(years):
        for cov in coverage_by_chapter(catalogue, years[year], scale):
            out.setdefault(cov.chapter, []).append((year, cov.share))
    return out


def upstream(m: RiskMap, node_id: str) -> list[str]:
    """Every node ``node_id`` depends on, directly or through others, nearest first.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... nodes: [{id: a}, {id: b, requires: [a]}, {id: c, requires: [b]}]
    ... ''')
    >>> upstream(m, "c")
    ['b', 'a']
    """
    nodes = {n.id: n for n in m.nodes}
    seen: list[str] = []
    todo = [node_id]
    while todo:
        current = todo.pop(0)
        for req in nodes[current].requires:
            for member in req.members:
                if member not in seen and member != node_id:
                    seen.append(member)
                    todo.append(member)
    return seen


@dataclass(frozen=True)
class ProcessCoverage:
    """What a vital process hangs on, and which of those have controls open.

    ``open_by_bbn`` maps a BIO basisbeveiligingsniveau (None when the node
    has none) to the ids of nodes at that level with an applicable control
    not implemented.
    """

    process: str
    depends_on: tuple[str, ...]
    open_by_bbn: dict[int | None, tuple[str, ...]]

    @property
    def with_open_controls(self) -> int:
        return sum(len(v) for v in self.open_by_bbn.values())


def coverage_by_process(
    m: RiskMap, assessments: Iterable[ControlAssessment], scale: Scale
) -> list[ProcessCoverage]:
    """For each vital process (every process when none is marked vital), its open controls.

    A node has an open control when an applicable, not implemented control
    is linked to it.
    """
    open_nodes: set[str] = set()
    for a in assessments:
        if a.applicable and not scale.is_done(a.level):
            open_nodes.update(a.nodes)
    processes = [n for n in m.nodes if n.kind is NodeKind.PROCESS]
    vital = [n for n in processes if n.vital] or processes
    by_id = {n.id: n for n in m.nodes}
    out = []
    for p in vital:
        deps = upstream(m, p.id)
        grouped: dict[int | None, list[str]] = {}
        for nid in [p.id, *deps]:
            if nid in open_nodes:
                grouped.setdefault(by_id[nid].bbn, []).append(nid)
        out.append(ProcessCoverage(p.id, tuple(deps), {k: tuple(v) for k, v in grouped.items()}))
    return out
