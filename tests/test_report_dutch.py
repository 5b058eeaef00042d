"""Dutch wording of the report: numbers, amounts, durations and counts."""

from __future__ import annotations

import pytest

from weerbaar.report.dutch import (
    count_text,
    dutch_duration,
    dutch_number,
    moment,
    plural,
    quantity_text,
    significant,
)
from weerbaar.report.scales import span_text


@pytest.mark.parametrize(
    ("quantity", "unit", "text"),
    [
        (1, "persons", "1 persoon"),
        (1.0, "persons", "1 persoon"),
        (2, "persons", "2 personen"),
        (0, "persons", "0 personen"),
        (0.5, "persons", "0,5 personen"),
        (1.04, "persons", "1,0 personen"),  # not a plain 1 on the page
        (1000, "persons", "1.000 personen"),
        (1, "km²", "1 km²"),
        (1, "euro", "€ 1"),
        (12.5, "", "12,5"),
    ],
)
def test_it_writes_a_quantity_with_its_unit_in_the_right_number(
    quantity: float, unit: str, text: str
) -> None:
    assert quantity_text(quantity, unit) == text


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (1, "1 uur"),
        (2, "2 uur"),
        (24, "1 dag"),
        (25, "1 dag 1 uur"),
        (48, "2 dagen"),
        (49.5, "2 dagen 2 uur"),  # past a day, whole hours
        (0.25, "15 min"),
        (1.5, "1 uur 30 min"),
    ],
)
def test_it_writes_durations_with_dag_and_dagen(hours: float, text: str) -> None:
    assert dutch_duration(hours) == text
    assert moment(hours) == f"T + {text}"


def test_it_takes_the_singular_only_for_exactly_one() -> None:
    assert [plural(n, "dag", "dagen") for n in (0, 1, 1.5, 2)] == ["dagen", "dag", "dagen", "dagen"]
    assert count_text(1, "vitaal proces", "vitale processen") == "1 vitaal proces"
    assert count_text(2400, "vitaal proces", "vitale processen") == "2.400 vitale processen"


def test_it_writes_numbers_with_dutch_marks() -> None:
    assert dutch_number(1234567.891, 2) == "1.234.567,89"
    assert significant(0.000924) == "0,000924" and significant(12.345) == "12,3"


def test_it_names_an_axis_span_in_the_unit_of_its_ticks() -> None:
    assert span_text(36) == "36 uur"  # ticks in hours
    assert span_text(48) == "48 uur"
    assert span_text(84) == "3 dagen 12 uur"  # ticks in days
    assert span_text(24 * 9) == "9 dagen"
