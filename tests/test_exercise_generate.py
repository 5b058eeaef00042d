"""Generating a draft exercise from a scenario's cascade."""

from __future__ import annotations

import pytest

from exercise_map import small_map
from weerbaar.exercise.generate import generate
from weerbaar.exercise.records import Channel, EventKind
from weerbaar.exercise.texts import LANGUAGES, choose, templates


def test_it_gives_the_same_script_for_the_same_map_scenario_and_seed() -> None:
    m = small_map()
    assert generate(m, "ransom", seed=7) == generate(m, "ransom", seed=7)


def test_it_addresses_each_event_to_the_role_that_owns_the_node() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    down = {n: i.recipients for i in ex.injects if i.event is EventKind.DOWN for n in i.nodes}
    # The supplier's system: its party's owner (it), told by the supplier.
    assert down["suite"] == ("it",)
    assert down["uitkeringen"] == ("proceseigenaar",)
    supplier = next(i for i in ex.injects if "suite" in i.nodes and i.event is EventKind.DOWN)
    assert supplier.channel is Channel.LEVERANCIER
    assert "Sociaal Software BV" in supplier.title


def test_it_warns_and_reports_an_mtpd_breach() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    kinds = [(i.event, i.nodes) for i in ex.injects]
    assert (EventKind.MTPD_WARNING, ("uitkeringen",)) in kinds
    assert (EventKind.MTPD_BREACH, ("uitkeringen",)) in kinds


def test_it_announces_that_a_tolerance_starts_to_run() -> None:
    ex = generate(small_map(), "stroom", seed=1)
    tolerance = [i for i in ex.injects if i.event is EventKind.TOLERANCE]
    # The network holds 2h on the power; the loket 1h on the network, once it is down.
    assert [(i.nodes, i.scenario_at) for i in tolerance] == [(("netwerk",), 0.0), (("loket",), 2.0)]
    assert "2 uur" in tolerance[0].text and "1 uur" in tolerance[1].text


def test_it_compresses_a_four_day_cascade_into_the_session_with_time_jumps() -> None:
    ex = generate(small_map(), "ransom", duration=2.0, seed=1)
    assert all(0 <= i.at <= 2.0 for i in ex.injects)
    assert [i.at for i in ex.injects] == sorted(i.at for i in ex.injects)
    jumps = [i for i in ex.injects if i.event is EventKind.PHASE]
    assert jumps and "dag" in jumps[0].title
    assert len(ex.phases) == len(jumps) + 1


def test_it_puts_decision_points_where_the_escalation_criteria_are_met() -> None:
    ex = generate(small_map(), "stroom", seed=1)
    decisions = [i for i in ex.injects if i.event is EventKind.DECISION]
    levels = [i.grip for i in decisions]
    # 30,000 people at the loket: GRIP 3 (the GBT), then scaling down when all is back.
    assert 3 in levels and levels[-1] is None
    gbt = decisions[levels.index(3)]
    assert "burgemeester" in gbt.recipients


def test_it_adds_pressure_that_grows_with_the_impact() -> None:
    ex = generate(small_map(), "stroom", seed=1)
    pressure = [i for i in ex.injects if i.event is EventKind.PRESSURE]
    channels = {i.channel for i in pressure}
    assert {Channel.BURGER, Channel.PERS, Channel.SOCIALE_MEDIA} <= channels


def test_it_writes_english_when_asked() -> None:
    ex = generate(small_map(), "stroom", seed=1, language="en")
    assert ex.title.startswith("Exercise")
    assert any("works again" in i.text for i in ex.injects)


def test_it_links_expectations_to_objectives() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    objectives = {o.id for o in ex.objectives}
    injects = {i.id for i in ex.injects}
    assert ex.expectations
    assert all(x.objective in objectives and x.inject in injects for x in ex.expectations)
    # A supplier is involved: chain cooperation is one of the objectives.
    assert any(o.capability.value == "ketensamenwerking" for o in ex.objectives)


def test_it_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        generate(small_map(), "stroom", language="de")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_renders_every_template_with_every_field(lang: str) -> None:
    fields = dict.fromkeys(
        (
            "names",
            "time",
            "tolerance",
            "mtpd",
            "about",
            "people",
            "level",
            "team",
            "party",
            "vital",
        ),
        "X",
    )
    for kind, entries in templates().items():
        for template in entries:
            title, text, expected = template.render(lang, fields)
            assert title and text, (kind, template.when)
            assert "{" not in title + text + "".join(expected)


def test_it_chooses_the_most_specific_template() -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    facts = {"kind": "system", "party": "gemeente", "theme": "ransomware"}
    assert choose("down", facts, rng).when == {
        "theme": "ransomware",
        "kind": "system",
        "party": "gemeente",
    }
    facts = {"kind": "system", "party": "leverancier", "theme": "ddos"}
    assert choose("down", facts, rng).when == {"party": "leverancier"}


def test_it_uses_the_scenarios_theme() -> None:
    ex = generate(small_map(), "ransom", seed=1)
    assert any("ransomware" in i.title for i in ex.injects if "suite" in i.nodes)
