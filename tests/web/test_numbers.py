"""Numbers on every page are written one way: |number, |euro and |significant."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

import weerbaar.web

TEMPLATES = Path(weerbaar.web.__file__).parent / "templates"


def render(text: str, **values: object) -> str:
    return Template(text).render(Context(values))


def test_it_writes_numbers_the_dutch_way_by_default_and_english_after_the_switch() -> None:
    text = (
        "{{ n|number }} | {{ x|number:1 }} | {{ c|euro }} | {{ r|significant }} | {{ p|number:-2 }}"
    )
    values = {"n": 21559, "x": 1234.56, "c": 1500000, "r": 0.012345, "p": 2.5}
    with translation.override("nl"):
        assert render(text, **values) == "21.559 | 1.234,6 | €\xa01.500.000 | 0,0123 | 2,5"
    with translation.override("en"):
        assert render(text, **values) == "21,559 | 1,234.6 | €\xa01,500,000 | 0.0123 | 2.5"


def test_it_groups_a_counted_number_in_running_text() -> None:
    text = (
        "{% load i18n %}{% blocktranslate count n=k with shown=k|number %}1 knooppunt"
        "{% plural %}{{ shown }} knooppunten{% endblocktranslate %}"
    )
    with translation.override("nl"):
        assert render(text, k=21559) == "21.559 knooppunten"
        assert render(text, k=1) == "1 knooppunt"


def test_no_template_writes_numbers_another_way() -> None:
    other = re.compile(r"\|(floatformat|intcomma)\b")
    found = [
        f"{path.relative_to(TEMPLATES)}:{i}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if other.search(line)
    ]
    assert found == []
