"""Numbers on every page are written one way: |number, |euro, |significant and |percent."""

from __future__ import annotations

import html
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


def test_it_never_rounds_a_chance_to_none_or_all() -> None:
    # A forecast's 0.4 % chance of a breach beside the moment it would come
    # about read "0%": only none is 0 % and only all is 100 %.
    text = "{% for p in ps %}{{ p|percent }};{% endfor %}"
    ps = [None, 0, 0.004, 0.005, 0.372, 0.994, 0.996, 1]
    assert html.unescape(render(text, ps=ps)) == "—;0%;< 1%;< 1%;37%;99%;> 99%;100%;"


def test_no_template_writes_numbers_another_way() -> None:
    other = re.compile(r"\|(floatformat|intcomma)\b|widthratio [^%]*\b1 100\b")
    found = [
        f"{path.relative_to(TEMPLATES)}:{i}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if other.search(line)
    ]
    assert found == []


#: A counted sentence: ``{% blocktranslate count n=… %}…{% plural %}…{% endblocktranslate %}``.
COUNTED = re.compile(
    r"\{%\s*blocktranslate\s+([^%]*?)%\}(.*?)\{%\s*plural\s*%\}(.*?)\{%\s*endblocktranslate\s*%\}",
    re.S,
)


def ungrouped(text: str) -> list[int]:
    """The lines of counted sentences whose plural writes the count itself."""
    lines = []
    for m in COUNTED.finditer(text):
        counter = re.search(r"\bcount\s+(\w+)\s*=", m.group(1))
        if counter and re.search(r"\{\{\s*" + counter.group(1) + r"\s*\}\}", m.group(3)):
            lines.append(text[: m.start()].count("\n") + 1)
    return lines


def test_no_counted_sentence_writes_its_count_ungrouped() -> None:
    # The count chooses the plural and must stay a number; the sentence shows
    # a |number copy of it, as test_it_groups_a_counted_number_in_running_text.
    found = [
        f"{path.relative_to(TEMPLATES)}:{line}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for line in ungrouped(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_it_finds_an_ungrouped_count() -> None:
    bad = "{% blocktranslate count n=k %}1 ding{% plural %}{{ n }} dingen{% endblocktranslate %}"
    good = (
        "{% blocktranslate count n=k with shown=k|number %}1 ding{% plural %}"
        "{{ shown }} dingen{% endblocktranslate %}"
    )
    assert (ungrouped("\n" + bad), ungrouped(good)) == ([2], [])


def test_the_scenario_player_groups_its_counts_as_the_page_does() -> None:
    from weerbaar.web.scenarios.views.scenario import _player_text

    with translation.override("nl"):
        words = _player_text()
        assert (words["group"], words["down_many"]) == (".", "{n} onderdelen uitgevallen")
    with translation.override("en"):
        words = _player_text()
        assert (words["group"], words["down_many"]) == (",", "{n} components down")
        assert words["vital_many"] == "including {n} vital processes"
