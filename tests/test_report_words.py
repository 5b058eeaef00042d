"""The charts' words: Dutch by default, any language when given."""

from __future__ import annotations

import re

from weerbaar.report.gantt import GanttRow, gantt
from weerbaar.report.riskdiagram import RiskPoint, risk_diagram
from weerbaar.report.scales import span_text, time_ticks
from weerbaar.report.words import DUTCH, ChartWords


def _english_number(x: float, decimals: int = 0) -> str:
    return f"{x:,.{decimals}f}"


def _english_duration(hours: float) -> str:
    return f"{hours:g} hours"


ENGLISH = ChartWords(
    number=_english_number,
    duration=_english_duration,
    risk_title="Risk diagram",
    zones=("low", "medium", "high", "very high"),
    zone="{name} zone",
    likelihood_axis="likelihood",
    impact_axis="impact score (logarithmic)",
    scenarios=("{n} scenario", "{n} scenarios"),
    class_span="class {first} to {last}",
    no_classes="no classes",
    risk_desc="{count} by likelihood ({span}). ",
    risk_point="{key}: {label}, class {cls}, score {score}",
    dot_tip="{key}. {label}, class {cls}, impact score {score}",
    timeline_title="Course of the failure",
    timeline_desc="Timeline of {span} with {rows}.",
    rows=("{n} row", "{n} rows"),
    zoomed="the first {shown} of {horizon}",
    time_axis="time since the start ({unit})",
    day_key="d = days",
    hour_key="h = hours",
    day_tick="{n} d",
    hour_tick="{n} h",
    hours=("{n} hour", "{n} hours"),
    still_down="still down at the horizon",
    until="until {moment}",
    down_tip="{label}: down from {start} {end}",
    mtpd_tip="MTPD limit at {moment}",
)

#: Dutch that the charts write when left to their default words.
DUTCH_WORDS = re.compile(
    r"waarschijnlijkheid|impactscore|klasse|Risicodiagram|zeer hoog|MIDDEN|Tijdlijn|rijen"
    # A decimal comma: an English thousands comma has exactly three digits after it.
    r"|tijd sinds|uur|nog uit|uit van|MTPD-grens|\d,(?:\d{1,2}|\d{4,})\b"
)


def dutch_in(svg: str) -> list[str]:
    """Dutch words and decimal commas in the text of a chart (not in its coordinates)."""
    return DUTCH_WORDS.findall(re.sub(r"<[^>]*>", " ", svg))


def test_it_draws_the_risk_diagram_in_the_words_given() -> None:
    points = [RiskPoint("1", "Ransomware", "C", 1234.5), RiskPoint("2", "Storm", "A", 0.05)]
    classes = [(c, f"name {c}") for c in "ABCDE"]
    dutch = risk_diagram(points, classes)
    english = risk_diagram(points, classes, words=ENGLISH)
    assert dutch_in(dutch)
    assert dutch_in(english) == []
    assert "Risk diagram" in english and "VERY HIGH" in english and "low zone" in english
    assert "2 scenarios by likelihood (class A to E)" in english
    assert "score 1,234.5" in english and ">1,000<" in english and ">0.01<" in english


def test_it_draws_the_timeline_in_the_words_given() -> None:
    rows = [GanttRow("Mail", [(0, 1)], mtpd_at=4), GanttRow("Zaken", [(2, None)], vital=True)]
    dutch = gantt(rows, 30, ident="t")
    english = gantt(rows, 30, ident="t", words=ENGLISH)
    assert dutch_in(dutch)
    assert dutch_in(english) == []
    assert "Course of the failure" in english and "Timeline of 30 hours with 2 rows." in english
    assert "Mail: down from T until T + 1 hours" in english
    assert "h = hours" in english and ">30 h</text>" in english


def test_it_writes_ticks_and_spans_in_the_words_given() -> None:
    assert [label for _, label in time_ticks(84, words=ENGLISH)][:3] == ["0", "0.5 d", "1 d"]
    assert span_text(1, ENGLISH) == "1 hour"
    assert span_text(42, ENGLISH) == "42 hours"
    assert (span_text(1, DUTCH), span_text(1.5, DUTCH)) == ("1 uur", "1,50 uur")
