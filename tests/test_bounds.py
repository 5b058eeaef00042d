"""Every number of a map has finite bounds, checked where every input passes.

YAML, Excel, the web forms and the API all go through the schema; a value
out of bounds gets a located message instead of breaking a page or the
engine later.
"""

from __future__ import annotations

import pytest

from weerbaar.engine.simulate import simulate
from weerbaar.model import MapError, parse_map
from weerbaar.model.durations import DurationError, parse_duration

BASE = """\
weerbaar: 1
horizon: {horizon}
nodes:
  - id: a
    served: {served}
    impact: {{per_day: {{costs: {per_day}}}}}
scenarios:
  - id: s
    failures: [{{node: a, at: {at}, duration: "{duration}"}}]
measures:
  - id: m
    cost: {cost}
    changes: [{{restart: {{node: a, restart: 1h}}}}]
"""
GOOD = {
    "horizon": "30d",
    "served": 10,
    "per_day": 100,
    "at": "0h",
    "duration": "4h",
    "cost": 1000,
}


def problems(**values: object) -> list[str]:
    with pytest.raises(MapError) as info:
        parse_map(BASE.format(**(GOOD | values)), "kaart.yaml")
    return [str(p) for p in info.value.problems]


def test_the_base_map_is_valid() -> None:
    parse_map(BASE.format(**GOOD))


@pytest.mark.parametrize(
    ("key", "value", "line", "message"),
    [
        ("horizon", "1e308", 2, "longer than 100 years"),
        ("horizon", "101w", None, None),
        ("horizon", "5300w", 2, "longer than 100 years"),
        ("horizon", ".nan", 2, "not a finite duration"),
        ("horizon", ".inf", 2, "not a finite duration"),
        ("at", "99999999999999999999", 9, "longer than 100 years"),
        ("duration", "1e-320", 9, "shorter than a millisecond"),
        ("duration", "tri(1h, 2h, 1e9h)", 9, "longer than 100 years"),
        ("duration", "lognormal(2h, 50)", 9, "at most 10.0"),
        ("cost", "1e-320", 12, "smaller than 0.01"),
        ("cost", "1e13", 12, "out of bounds"),
        ("cost", "-5", 12, "out of bounds"),
        ("cost", ".nan", 12, "finite"),
        ("per_day", "1e300", 6, "out of bounds"),
        ("served", "10000000000", 5, "out of bounds"),
    ],
)
def test_it_locates_a_number_out_of_bounds(
    key: str, value: str, line: int | None, message: str | None
) -> None:
    if message is None:  # within bounds: 101 weeks
        parse_map(BASE.format(**(GOOD | {key: value})))
        return
    (problem,) = problems(**{key: value})
    assert problem.startswith(f"kaart.yaml:{line}: ") and message in problem


def test_a_duration_has_the_same_bounds_everywhere() -> None:
    # The web forms and the API read durations with parse_duration too.
    for text in ("1e308", "5300w", "-1h", "1e-9h"):
        with pytest.raises(DurationError):
            parse_duration(text)
    assert parse_duration("5200w") == 5200 * 168


def test_the_engine_refuses_what_it_cannot_count_exactly() -> None:
    m = parse_map(BASE.format(**GOOD))
    with pytest.raises(ValueError, match="cannot be counted exactly"):
        simulate(m, m.scenario("s"), horizon=1e13)
