"""Gathering the council report of a map and a reporting year from the stored data."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils import timezone

from weerbaar.accountability.actions import ImprovementAction
from weerbaar.accountability.assessment import coverage_by_chapter
from weerbaar.accountability.budget import BudgetResult
from weerbaar.accountability.council import (
    CHANGE_LINES,
    BudgetLine,
    ChapterLine,
    CouncilReport,
    RiskLine,
    SinglePoints,
    default_statement,
    single_points,
)
from weerbaar.i18n import language
from weerbaar.report.frontier import frontier_chart, frontier_png, frontier_svg
from weerbaar.web.accountability.models import (
    ActionRecord,
    AssessmentRecord,
    CouncilStatement,
    Source,
    Status,
)
from weerbaar.web.accountability.views.common import assessments, catalogues
from weerbaar.web.analyses import budget as budgets
from weerbaar.web.analyses.insight import analysis_of
from weerbaar.web.exercises import plan_actions
from weerbaar.web.jobs.models import Job
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access
from weerbaar.web.maps.models import MapVersion

#: Top risks shown.
TOP = 5


def default_budget(access: Access) -> float:
    """The yearly cost of the open actions of the plan, or € 50,000 without any."""
    open_actions = ActionRecord.objects.filter(
        riskmap=access.record, status__in=[Status.OPEN, Status.IN_PROGRESS]
    )
    open_cost = sum(float(a.cost) for a in open_actions)
    return open_cost or 50000.0


def reductions(version: MapVersion) -> dict[str, float]:
    """Expected yearly risk each measure of the map takes away on its own (engine, cached)."""
    analysis = analysis_of(version)
    return {row.id: row.reduction for row in analysis.measures} if analysis.scorable else {}


def with_reduction(record: ActionRecord, effects: dict[str, float]) -> ImprovementAction:
    """The action with the risk its measures reduce; None when it carries out none.

    The reductions of several measures are added (see
    :func:`weerbaar.accountability.actions.with_risk`): the budget page
    computes combinations exactly.
    """
    known = [i for i in record.measures if i in effects]
    reduction = sum(effects[i] for i in known) if known else None
    return replace(record.to_action(), risk_reduction=reduction)


def build(access: Access, year: int, amount: float) -> CouncilReport:
    version, m = service.current(access.record)
    analysis = analysis_of(version)
    notes = []
    risks: tuple[RiskLine, ...] = ()
    if analysis.scorable:
        ranked = sorted(analysis.risks, key=lambda r: -r.expected)[:TOP]
        risks = tuple(RiskLine(r.label, r.likelihood or "—", r.score, r.expected) for r in ranked)
    else:
        notes.append("Het risicobeeld ontbreekt: de kaart past niet bij het scoringsprofiel.")
    single = _single_points(analysis)
    # Only the dates and summaries: a version's map data is megabytes on a large map.
    in_year = MapVersion.objects.filter(riskmap=access.record, created__year=year)
    last = in_year.only("number", "created", "summary").order_by("-number")[:CHANGE_LINES]
    changes = tuple(f"{v.created:%Y-%m-%d}: {v.summary}" for v in reversed(last))
    record = _catalogue(access, year)
    chapters: tuple[ChapterLine, ...] = ()
    name = "geen catalogus"
    if record is not None:
        cat, scale = record.to_catalogue(), record.pure_scale
        name = f"{cat.name} {cat.version}"
        now = [a.to_assessment() for a in assessments(access, record, year)]
        before = {
            c.chapter: c.share
            for c in coverage_by_chapter(
                cat, [a.to_assessment() for a in assessments(access, record, year - 1)], scale
            )
        }
        chapters = tuple(
            ChapterLine(c, before.get(c.chapter)) for c in coverage_by_chapter(cat, now, scale)
        )
    actions_rows = list(ActionRecord.objects.filter(riskmap=access.record))
    effects = reductions(version)
    # A lesson names the exercise it came from, not the record's number.
    lessons = [r.source_ref for r in actions_rows if r.source == Source.EXERCISE]
    origins = plan_actions.labels(lessons)
    actions = tuple(
        replace(with_reduction(r, effects), source_ref=origins[r.source_ref][0])
        if r.source_ref in origins
        else with_reduction(r, effects)
        for r in sorted(actions_rows, key=lambda r: (r.due is None, r.due or timezone.localdate()))
    )
    # Read from the worker's finished job; queued (not waited for) otherwise.
    result = budgets.frontier(access.record, version, m, amount)
    budget = None
    if isinstance(result, Job):
        notes.append(
            "Het risicogestuurd budget wordt nog berekend; het staat in deze verantwoording "
            "zodra de berekening klaar is."
        )
    if isinstance(result, BudgetResult):
        labels = {me.id: me.label for me in m.measures}
        budget = BudgetLine(
            amount,
            tuple(labels[i] for i in result.best.measures),
            result.best.cost,
            result.baseline,
            result.best.risk,
            *_dutch_chart(m, result),
        )
    report = CouncilReport(
        organisation=access.record.organisation.name,
        year=year,
        made=timezone.localtime(),
        catalogue=name,
        risks=risks,
        single_points=single,
        map_changes=changes,
        map_changes_total=in_year.count(),
        chapters=chapters,
        actions=actions,
        spent=sum(float(r.spent) for r in actions_rows),
        budget=budget,
        notes=tuple(notes),
        budget_pending=isinstance(result, Job),
    )
    own = CouncilStatement.objects.filter(riskmap=access.record, year=year).first()
    return replace(report, statement=own.text if own else default_statement(report))


def _single_points(analysis: Any) -> SinglePoints:
    """The map's single points of failure, summed up for the report.

    Straight from the criticality: the criticality page's rows per process
    (``analysis.spofs``) are a quarter of a million objects on a large map.
    """
    c = analysis.structural
    nodes = analysis.nodes
    return single_points(
        c.single_points,
        [c.ids[i] for i in c.order()],
        lambda x: nodes[x].label,
        lambda x: analysis.party_of(nodes[x]),
    )


def _dutch_chart(m: Any, result: BudgetResult) -> tuple[str, bytes, str]:
    """The frontier as SVG (HTML, PDF) and PNG (Word), with its alternative text."""
    # The council report is Dutch, whatever the language of the page.
    with language("nl"):
        return frontier_svg(m, result), frontier_png(result), frontier_chart(result).desc


def _catalogue(access: Access, year: int) -> Any:
    """The catalogue assessed most in ``year``."""
    best, most = None, 0
    for record in catalogues(access):
        n = AssessmentRecord.objects.filter(
            riskmap=access.record, catalogue=record, year=year
        ).count()
        if n > most:
            best, most = record, n
    return best
