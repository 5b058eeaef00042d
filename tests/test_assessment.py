"""Self-assessment: statement of applicability, coverage, trend and improvement actions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from weerbaar.accountability.actions import (
    ActionSource,
    ActionStatus,
    ImprovementAction,
    actions_from_assessments,
    plan_order,
    with_risk,
)
from weerbaar.accountability.assessment import (
    MATURITY,
    THREE_LEVELS,
    ControlAssessment,
    coverage_by_chapter,
    coverage_by_process,
    reporting_year_end,
    statement,
    trend,
)
from weerbaar.accountability.bio2 import parse_bio2
from weerbaar.model import parse_map

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "voorbeeldcatalogus.md"


def catalogue():  # type: ignore[no-untyped-def]
    return parse_bio2(EXAMPLE.read_text(encoding="utf-8"), "voorbeeldcatalogus.md")


YEAR = [
    ControlAssessment("5.90.01", True, level=2, owner="CISO", evidence=("beleid.pdf",)),
    ControlAssessment("5.91.01", True, level=1, owner="I-adviseur", nodes=("zaaksysteem",),
                      next_review=date(2026, 6, 1)),
    ControlAssessment("7.99.01", False, reason="Geen eigen serverruimte."),
    ControlAssessment("8.91.01", True, level=0, nodes=("internet",), measures=("tweede-lijn",)),
]  # fmt: skip


def test_it_lists_every_control_in_the_statement_of_applicability() -> None:
    cat = catalogue()
    rows = statement(cat, YEAR, THREE_LEVELS)
    assert [r.control.id for r in rows] == [c.id for c in cat.assessable]
    by_id = {r.control.id: r for r in rows}
    assert "5.91.02" not in by_id  # a moved number is no control
    assert (by_id["5.90.01"].status, by_id["5.90.01"].evidence) == ("volledig", ("beleid.pdf",))
    assert (by_id["7.99.01"].status, by_id["7.99.01"].reason) == (
        "niet van toepassing",
        "Geen eigen serverruimte.",
    )
    assert by_id["8.93.01"].status == "niet beoordeeld"


def test_it_counts_coverage_per_chapter_and_the_trend() -> None:
    cat = catalogue()
    cov = {c.chapter: c for c in coverage_by_chapter(cat, YEAR, THREE_LEVELS)}
    assert (cov["5"].applicable, cov["5"].implemented, cov["5"].partial, cov["5"].open) == (
        2,
        1,
        1,
        1,
    )
    assert cov["7"].applicable == 0 and cov["7"].share is None and cov["7"].unassessed == 2
    assert cov["8"].share == 0.0
    later = [*YEAR[:3], ControlAssessment("8.91.01", True, level=2)]
    assert trend(cat, {2026: later, 2025: YEAR}, THREE_LEVELS)["8"] == [(2025, 0.0), (2026, 1.0)]


def test_it_checks_an_assessment_for_consistency() -> None:
    assert ControlAssessment("x", False).problems(THREE_LEVELS) == [
        "a control that does not apply needs a reason"
    ]
    assert ControlAssessment("x", True, level=4).problems(THREE_LEVELS) == [
        "level 4 is not on the scale 0–2"
    ]
    assert ControlAssessment("x", True, level=4).problems(MATURITY) == []
    late = ControlAssessment("x", True, last_review=date(2026, 2, 1), next_review=date(2026, 1, 1))
    assert late.problems(THREE_LEVELS) == ["the next review lies before the last one"]
    assert reporting_year_end(2026) == date(2026, 12, 31)


def test_maturity_counts_as_done_from_level_three() -> None:
    assert not MATURITY.is_done(2) and MATURITY.is_done(3) and not MATURITY.is_done(None)
    assert MATURITY.label(3) == "3 vastgelegd"


def test_it_shows_which_systems_of_a_vital_process_have_controls_open() -> None:
    m = parse_map(
        """\
weerbaar: 1
nodes:
  - {id: internet, kind: service, bbn: 1}
  - {id: zaaksysteem, requires: [internet], bbn: 2}
  - {id: uitkeringen, kind: process, vital: true, requires: [zaaksysteem]}
  - {id: haven, kind: process, requires: [internet]}
"""
    )
    [cov] = coverage_by_process(m, YEAR, THREE_LEVELS)
    assert cov.process == "uitkeringen"
    assert cov.depends_on == ("zaaksysteem", "internet")
    assert cov.open_by_bbn == {2: ("zaaksysteem",), 1: ("internet",)}
    assert cov.with_open_controls == 2


def test_it_proposes_actions_for_open_controls_and_orders_the_plan() -> None:
    cat = catalogue()
    actions = actions_from_assessments(cat, YEAR, THREE_LEVELS)
    assert [a.source_ref for a in actions] == ["5.91.01", "8.91.01"]
    assert all(a.source is ActionSource.CONTROL for a in actions)
    assert actions[0].due == date(2026, 6, 1) and actions[0].owner == "I-adviseur"
    priced = with_risk(actions, {"tweede-lijn": 0.02}, {"tweede-lijn": 14000.0})
    assert (priced[1].risk_reduction, priced[1].cost) == (0.02, 14000.0)
    assert priced[0].risk_reduction is None
    lesson = ImprovementAction(
        "Draaiboek stroomuitval bijwerken",
        ActionSource.EXERCISE,
        "oefening 2026-03",
        due=date(2026, 4, 1),
    )
    done = ImprovementAction("Oud", ActionSource.INCIDENT, status=ActionStatus.DONE)
    ordered = plan_order([done, *priced, lesson])
    assert next(a.title for a in ordered) == "Draaiboek stroomuitval bijwerken"
    assert ordered[-1] is done
    assert lesson.overdue(date(2026, 5, 1)) and not done.overdue(date(2030, 1, 1))
