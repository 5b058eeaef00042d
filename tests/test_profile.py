"""The methodology profile: loading, validation with lines, classes and points."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from weerbaar.model import MapError
from weerbaar.scoring import (
    Criterion,
    SecurityInterest,
    criteria_table,
    default_profile,
    load_profile,
    parse_profile,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"

# A small valid profile; the tests below break one line of it at a time, so
# the line numbers in the assertions refer to this text.
PROFILE = """\
weerbaar_profile: 1
id: test
name: Test profile
provenance: made up for the tests
points: {A: 1, B: 2, C: 4, D: 8, E: 16}
interests:
  - id: economic_security
    name: Economische veiligheid
    weight: 0.5
    criteria:
      - id: costs
        name: Kosten
        unit: euro
        thresholds: {A: 10, B: 100, C: 1000, D: 10000, E: 100000}
  - id: social_political_stability
    name: Sociale en politieke stabiliteit
    weight: 0.5
    criteria:
      - id: daily_life
        name: Verstoring van het dagelijks leven
        unit: persons
        weight: 0.4
        thresholds: {A: 1, B: 2, C: 3, D: 4, E: 5}
      - id: social_psychological
        name: Sociaal-psychologische impact
        class_only: true
likelihood:
  - {class: A, name: a, five_year: ["0%", "0.05%"], yearly: 0.00003}
  - {class: B, name: b, five_year: ["0.05%", "0.5%"], yearly: 0.0003}
  - {class: C, name: c, five_year: ["0.5%", "5%"], yearly: 0.003}
  - {class: D, name: d, five_year: ["5%", "50%"], yearly: 0.03}
  - {class: E, name: e, five_year: ["50%", "100%"], yearly: 0.2}
"""


def broken(old: str, new: str) -> str:
    assert old in PROFILE
    return PROFILE.replace(old, new, 1)


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(MapError) as exc:
        parse_profile(text, "p.yaml")
    assert all(p.source == "p.yaml" for p in exc.value.problems)
    return [(p.line, p.message) for p in exc.value.problems]


def test_it_reads_a_valid_profile_with_weights_split_over_criteria() -> None:
    p = parse_profile(PROFILE, "p.yaml")
    assert [c.id for c in p.criteria] == ["costs", "daily_life", "social_psychological"]
    assert p.criterion("costs").weight == 0.5
    # An explicit weight is kept; the others share their interest's weight.
    assert p.criterion("daily_life").weight == 0.4
    assert p.criterion("social_psychological").weight == 0.25
    assert p.criterion("social_psychological").class_only
    assert p.criterion("costs").thresholds == (10, 100, 1000, 10000, 100000)
    assert p.likelihood("B").five_year == (0.0005, 0.005)
    assert p.source == "p.yaml"


def test_it_classifies_at_and_around_the_thresholds() -> None:
    c = Criterion("x", "X", SecurityInterest.PHYSICAL, 1.0, thresholds=(1, 3, 10, 30, 100))
    assert c.classify(0) is None
    assert c.classify(0.999) is None
    assert c.classify(1) == "A"
    assert c.classify(2.999) == "A"
    assert c.classify(3) == "B"
    assert c.classify(10) == "C"
    assert c.classify(29.99) == "C"
    assert c.classify(30) == "D"
    assert c.classify(99.99) == "D"
    assert c.classify(100) == "E"
    assert c.classify(1e12) == "E"


def test_it_has_no_quantity_class_for_a_class_only_criterion() -> None:
    c = Criterion("x", "X", SecurityInterest.SOCIAL_POLITICAL, 1.0)
    assert c.class_only
    assert c.classify(1e9) is None


def test_it_ships_power_of_three_points() -> None:
    p = default_profile()
    assert p.points == (1, 3, 9, 27, 81)
    assert p.points_of("C") == 3 * p.points_of("B")
    assert p.points_of(None) == 0


def test_it_ships_the_nine_criteria_of_the_five_interests() -> None:
    p = load_profile()
    assert [c.id for c in p.criteria] == [
        "territorial",
        "deaths",
        "injured",
        "primary_needs",
        "costs",
        "environment",
        "daily_life",
        "democratic_order",
        "social_psychological",
    ]
    assert {i.id for i in p.interests} == set(SecurityInterest)
    # Equal weight per interest, split equally over its criteria.
    for interest in p.interests:
        assert interest.weight == pytest.approx(0.2)
        assert sum(c.weight for c in interest.criteria) == pytest.approx(0.2)
    assert p.criterion("deaths").weight == pytest.approx(0.2 / 3)
    assert "GEEN officiële tabel" in p.provenance
    assert p.likelihood("A").name == "Zeer onwaarschijnlijk"
    assert p.likelihood("E").five_year == (0.5, 1.0)


def test_it_loads_a_users_profile_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "regio.yaml"
    path.write_text(broken("id: test", "id: regio"), encoding="utf-8")
    p = load_profile(path)
    assert p.id == "regio"
    assert p.source == str(path)
    assert p.criterion("costs").classify(150) == "B"


def test_it_reports_a_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(MapError) as exc:
        load_profile(tmp_path / "nope.yaml")
    assert exc.value.problems[0].line == 0
    assert "cannot read" in exc.value.problems[0].message


def test_it_reports_thresholds_that_do_not_increase_at_their_line() -> None:
    found = problems(broken("{A: 1, B: 2, C: 3, D: 4, E: 5}", "{A: 1, B: 2, C: 2, D: 4, E: 5}"))
    assert len(found) == 1
    line, message = found[0]
    assert line == 23
    assert "daily_life thresholds must increase" in message
    assert "C (2) is not above B (2)" in message


def test_it_reports_a_missing_class_at_its_line() -> None:
    found = problems(broken("{A: 10, B: 100, C: 1000, D: 10000, E: 100000}", "{A: 10, B: 100}"))
    assert found == [(14, "costs thresholds: class C, D, E is missing (A-E are all needed)")]


def test_it_reports_missing_points_and_likelihood_classes() -> None:
    text = broken("{A: 1, B: 2, C: 4, D: 8, E: 16}", "{A: 1, B: 2, C: 4, D: 8}")
    text = text.replace('  - {class: E, name: e, five_year: ["50%", "100%"], yearly: 0.2}\n', "")
    found = problems(text)
    assert (5, "points: class E is missing (A-E are all needed)") in found
    assert any(line == 27 and "class E is missing" in msg for line, msg in found)


def test_it_reports_an_unknown_interest_at_its_line() -> None:
    found = problems(broken("id: economic_security", "id: digital_security"))
    assert len(found) == 1
    line, message = found[0]
    assert line == 7
    assert "unknown security interest 'digital_security'" in message


def test_it_reports_unknown_keys_and_duplicates() -> None:
    found = problems(broken("unit: euro", "unit: euro\n        tresholds: {A: 1}"))
    assert found[0][0] == 14
    assert "unknown key" in found[0][1]
    found = problems(broken("id: daily_life", "id: costs"))
    assert found == [(19, "criterion 'costs' is listed twice")]


def test_it_requires_thresholds_or_class_only() -> None:
    found = problems(broken("        class_only: true\n", ""))
    assert found == [(24, "social_psychological: give thresholds for A-E, or `class_only: true`")]
    found = problems(broken("class_only: true", "class_only: true\n        thresholds: {A: 1}"))
    assert found[0][0] == 27


def test_it_rejects_a_yearly_probability_outside_its_class() -> None:
    found = problems(broken("yearly: 0.003}", "yearly: 0.03}"))
    # C's yearly 3% means 14% in five years, and is no longer below D's.
    assert (
        30,
        "likelihood C: yearly 0.03 is 14.1266% in five years, outside 0.5000%-5.0000%",
    ) in found
    assert any(line == 27 and "D (0.03) is not above C (0.03)" in msg for line, msg in found)


def test_it_documents_exactly_the_shipped_profile() -> None:
    text = (DOCS / "scoring.md").read_text(encoding="utf-8")
    assert criteria_table(default_profile()) in text
    ids = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)
    assert ids == [c.id for c in default_profile().criteria]


def test_it_documents_the_shipped_likelihood_classes() -> None:
    text = (DOCS / "scoring.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([A-E]) \| ([^|]+) \| [^|]+ \| ([\d.]+) % \|$", text, re.MULTILINE)
    shipped = default_profile().likelihoods
    assert [(letter, name) for letter, name, _ in rows] == [(lc.letter, lc.name) for lc in shipped]
    assert [float(pct) / 100 for _, _, pct in rows] == pytest.approx([lc.yearly for lc in shipped])


def test_it_ships_the_criteria_named_in_the_map_format() -> None:
    text = (DOCS / "map-format.md").read_text(encoding="utf-8")
    ids = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)
    assert ids == [c.id for c in default_profile().criteria]


def test_it_reads_optional_english_names() -> None:
    text = broken("    name: Kosten\n", "    name: Kosten\n        name_en: Costs\n")
    text = text.replace("name: a,", "name: a, name_en: highly unlikely,")
    profile = parse_profile(text)
    costs = profile.criterion("costs")
    assert (costs.label("en"), costs.label("en-gb"), costs.label("nl")) == (
        "Costs",
        "Costs",
        "Kosten",
    )
    # Without an English name, English falls back to the Dutch one.
    assert profile.criterion("daily_life").label("en") == "Verstoring van het dagelijks leven"
    assert profile.likelihood("A").label("en") == "highly unlikely"
    assert profile.likelihood("B").label("en") == "b"


def test_it_rejects_an_empty_english_name() -> None:
    found = problems(broken("    name: Kosten\n", '    name: Kosten\n        name_en: ""\n'))
    assert [line for line, msg in found if "name_en" in msg] == [13]


def test_it_ships_the_official_english_nrb_terms() -> None:
    profile = default_profile()
    assert [c.label("en") for c in profile.criteria] == [
        "Infringement of territorial integrity",
        "Fatalities",
        "Seriously injured and chronically ill",
        "Lack of basic necessities",
        "Costs",
        "Long-term damage to the environment and nature",
        "Disruption of everyday life",
        "Violation of the democratic constitutional state",
        "Social and psychological impact",
    ]
    assert [lc.label("en").lower() for lc in profile.likelihoods] == [
        "highly unlikely",
        "unlikely",
        "possible",
        "likely",
        "highly likely",
    ]
    assert all(i.label("en") != i.name for i in profile.interests)
    assert [c.label("nl") for c in profile.criteria] == [c.name for c in profile.criteria]
