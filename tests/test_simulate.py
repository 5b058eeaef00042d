"""The cascade simulation: the worked examples of the semantics, edge cases, and
agreement with the brute-force reference on random maps."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference import failures, reference_simulation, small_maps
from weerbaar.engine import simulate
from weerbaar.model import Failure, RiskMap, parse_map


def _run(text: str, scenario: str = "s") -> dict[str, object]:
    return simulate(parse_map(textwrap.dedent(text)), scenario).to_json()


def _expect(
    down: dict[str, list[list[float | None]]],
    deadlock: list[str] | None = None,
    horizon: float = 720,
) -> dict[str, object]:
    return {"scenario": "s", "horizon": horizon, "down": down, "deadlock": deadlock or []}


def _b_requires_a(requirement: str, restart: str = "0", horizon: int = 720) -> str:
    """The map of the first worked examples: B requires A, A fails on [0, 10)."""
    return f"""
        weerbaar: 1
        horizon: {horizon}
        nodes:
          - id: A
          - id: B
            restart: {restart}
            requires: [{requirement}]
        scenarios:
          - id: s
            failures: [{{node: A, duration: 10}}]
        """


# -- the worked examples of the semantics, one test each ----------------------


def test_it_takes_down_a_zero_tolerance_dependant_at_once() -> None:
    got = _run(_b_requires_a("A"))
    assert got == _expect({"A": [[0, 10]], "B": [[0, 10]]})


def test_it_delays_the_loss_of_a_requirement_by_its_tolerance() -> None:
    got = _run(_b_requires_a("{node: A, tolerance: 4}"))
    assert got == _expect({"A": [[0, 10]], "B": [[4, 10]]})


def test_it_keeps_a_node_up_when_its_tolerance_outlasts_the_outage() -> None:
    got = _run(_b_requires_a("{node: A, tolerance: 12}"))
    assert got == _expect({"A": [[0, 10]]})


def test_it_adds_the_restart_after_the_cause_is_gone() -> None:
    got = _run(_b_requires_a("{node: A, tolerance: 4}", restart="6"))
    assert got == _expect({"A": [[0, 10]], "B": [[4, 16]]})


def test_it_keeps_a_node_up_while_one_member_of_its_group_is_up() -> None:
    got = _run("""
        weerbaar: 1
        nodes:
          - id: A
          - id: B
          - id: C
            requires: [{any: [A, B]}]
        scenarios:
          - id: s
            failures: [{node: A, duration: 10}, {node: B, at: 5, duration: 15}]
        """)
    assert got == _expect({"A": [[0, 10]], "B": [[5, 20]], "C": [[5, 10]]})


def test_it_reports_a_zero_tolerance_cycle_as_a_recovery_deadlock() -> None:
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A, requires: [B]}
          - {id: B, requires: [A]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 10}]
        """)
    assert got == _expect({"A": [[0, None]], "B": [[0, None]]}, deadlock=["A", "B"])


def test_it_reports_a_deadlock_when_a_tolerance_inside_a_cycle_runs_out() -> None:
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A, requires: [B]}
          - {id: B, requires: [{node: A, tolerance: 2}]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 10}]
        """)
    assert got == _expect({"A": [[0, None]], "B": [[2, None]]}, deadlock=["A", "B"])


def test_it_gives_each_initiating_window_its_own_interval() -> None:
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A}
          - {id: B, requires: [A]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 2}, {node: A, at: 5, duration: 2}]
        """)
    assert got == _expect({"A": [[0, 2], [5, 7]], "B": [[0, 2], [5, 7]]})


# -- boundaries ---------------------------------------------------------------


@pytest.mark.parametrize("restart", ["0", "5"])
def test_it_keeps_a_node_up_when_its_tolerance_equals_the_outage(restart: str) -> None:
    # The requirement is unmet on [0, 10) only, so never during all of
    # [t - 10, t]: the node never fails, and so never restarts either.
    got = _run(_b_requires_a("{node: A, tolerance: 10}", restart=restart))
    assert got == _expect({"A": [[0, 10]]})


def test_it_takes_a_node_down_when_the_outage_outlasts_its_tolerance_by_one_hour() -> None:
    got = _run(_b_requires_a("{node: A, tolerance: 9}"))
    assert got == _expect({"A": [[0, 10]], "B": [[9, 10]]})


def _horizon_map(failure: str, horizon: int = 10) -> str:
    return f"""
        weerbaar: 1
        horizon: {horizon}
        nodes:
          - {{id: A}}
          - {{id: B, requires: [A]}}
        scenarios:
          - id: s
            failures: [{failure}]
        """


def test_it_closes_an_interval_that_ends_exactly_at_the_horizon() -> None:
    got = _run(_horizon_map("{node: A, at: 4, duration: 6}"))
    assert got == _expect({"A": [[4, 10]], "B": [[4, 10]]}, horizon=10)


@pytest.mark.parametrize("failure", ["{node: A, at: 4, duration: 7}", "{node: A, at: 4}"])
def test_it_leaves_an_interval_open_while_the_outage_runs_past_the_horizon(failure: str) -> None:
    got = _run(_horizon_map(failure))
    assert got == _expect({"A": [[4, None]], "B": [[4, None]]}, horizon=10)


def test_it_does_not_report_an_outage_that_starts_at_the_horizon() -> None:
    got = _run(_horizon_map("{node: A, at: 10, duration: 5}"))
    assert got == _expect({}, horizon=10)


def test_it_reports_no_deadlock_while_a_restart_is_still_running() -> None:
    got = _run(_b_requires_a("A", restart="100"))
    assert got == _expect({"A": [[0, 10]], "B": [[0, 110]]})
    got = _run(_b_requires_a("A", restart="100", horizon=50))
    assert got == _expect({"A": [[0, 10]], "B": [[0, None]]}, horizon=50)


# -- k-of-n groups ------------------------------------------------------------


def _two_of_three(failures: str, tolerance: int = 0) -> str:
    return f"""
        weerbaar: 1
        nodes:
          - {{id: A}}
          - {{id: B}}
          - {{id: C}}
          - id: D
            requires: [{{any: [A, B, C], need: 2, tolerance: {tolerance}}}]
        scenarios:
          - id: s
            failures: [{failures}]
        """


def test_it_keeps_a_two_of_three_node_up_when_one_member_fails() -> None:
    got = _run(_two_of_three("{node: A, duration: 10}"))
    assert got == _expect({"A": [[0, 10]]})


def test_it_takes_a_two_of_three_node_down_while_two_members_are_down() -> None:
    got = _run(_two_of_three("{node: A, duration: 10}, {node: B, at: 5, duration: 10}"))
    assert got == _expect({"A": [[0, 10]], "B": [[5, 15]], "D": [[5, 10]]})


def test_it_counts_a_group_tolerance_from_when_the_group_became_unmet() -> None:
    got = _run(_two_of_three("{node: A, duration: 10}, {node: B, at: 5, duration: 10}", 3))
    assert got == _expect({"A": [[0, 10]], "B": [[5, 15]], "D": [[8, 10]]})


def test_it_restarts_the_tolerance_clock_when_the_group_is_met_again() -> None:
    # Unmet on [2, 4) and [5, 9): only the second stretch outlasts T = 3.
    got = _run(
        _two_of_three(
            "{node: A, duration: 10}, {node: B, at: 2, duration: 2}, {node: C, at: 5, duration: 4}",
            tolerance=3,
        )
    )
    assert got == _expect({"A": [[0, 10]], "B": [[2, 4]], "C": [[5, 9]], "D": [[8, 9]]})


# -- restarts, several failures, deadlocks, units -------------------------------


def _restart_map(restart: int) -> str:
    return f"""
        weerbaar: 1
        nodes:
          - {{id: A}}
          - {{id: B, restart: {restart}, requires: [A]}}
        scenarios:
          - id: s
            failures: [{{node: A, duration: 2}}, {{node: A, at: 5, duration: 2}}]
        """


def test_it_merges_a_restart_that_outlasts_the_gap_between_two_failures() -> None:
    # Down on [0, 2 + 4) and [5, 7 + 4): the two overlap and merge.
    got = _run(_restart_map(4))
    assert got == _expect({"A": [[0, 2], [5, 7]], "B": [[0, 11]]})


def test_it_keeps_outages_apart_when_the_restart_fits_in_the_gap() -> None:
    got = _run(_restart_map(1))
    assert got == _expect({"A": [[0, 2], [5, 7]], "B": [[0, 3], [5, 8]]})


def test_it_combines_initiating_failures_on_different_nodes() -> None:
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A}
          - {id: B}
          - {id: both, requires: [A, B]}
          - {id: either, requires: [{any: [A, B]}]}
          - {id: late, requires: [{node: both, tolerance: 5}]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 4}, {node: B, at: 2, duration: 4}]
        """)
    assert got == _expect(
        {"A": [[0, 4]], "B": [[2, 6]], "both": [[0, 6]], "either": [[2, 4]], "late": [[5, 6]]}
    )


def test_it_names_only_the_cycle_in_a_deadlock_with_a_downstream_node() -> None:
    # C is stuck too, but only because A is: the engine names the cycle, and
    # C's outage shows as an open interval.
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A, requires: [B]}
          - {id: B, requires: [A]}
          - {id: C, requires: [{node: A, tolerance: 3}]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 10}]
        """)
    assert got == _expect(
        {"A": [[0, None]], "B": [[0, None]], "C": [[3, None]]}, deadlock=["A", "B"]
    )


def test_it_lets_a_cycle_recover_when_a_tolerance_bridges_the_outage() -> None:
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A, requires: [B]}
          - {id: B, requires: [{node: A, tolerance: 12}]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 10}]
        """)
    assert got == _expect({"A": [[0, 10]]})


def test_it_reads_durations_with_units() -> None:
    got = _run("""
        weerbaar: 1
        horizon: 30d
        nodes:
          - {id: A}
          - {id: B, restart: 4h, requires: [{node: A, tolerance: 1d}]}
        scenarios:
          - id: s
            horizon: 1w
            failures: [{node: A, at: 30m, duration: 2d}]
        """)
    assert got == _expect({"A": [[0.5, 48.5]], "B": [[24.5, 52.5]]}, horizon=168)


# -- times in minutes ------------------------------------------------------------

# 1m + 5m != 6m in float hours (0.09999999999999999 < 0.1); the engine
# counts integer milliseconds so that exact equalities of the rules hold.


def test_it_keeps_a_node_up_when_its_tolerance_equals_the_outage_in_minutes() -> None:
    # C is down on [1m, 6m); D tolerates exactly those 5 minutes (rule 2), so
    # it never fails and never needs its 4 h restart.
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A}
          - {id: C, requires: [{node: A, tolerance: 1m}]}
          - {id: D, restart: 4h, requires: [{node: C, tolerance: 5m}]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 6m}]
        """)
    down = got["down"]
    assert isinstance(down, dict)
    assert sorted(down) == ["A", "C"]


def test_it_merges_a_restart_that_ends_when_the_next_failure_starts_in_minutes() -> None:
    # B is down on [0, 1m + 5m) and again from 6m: one continuous outage (rule 4).
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A}
          - {id: B, restart: 5m, requires: [A]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 1m}, {node: A, at: 6m, duration: 1h}]
        """)
    down = got["down"]
    assert isinstance(down, dict)
    assert len(down["B"]) == 1


# -- agreement with the brute-force reference ---------------------------------


@st.composite
def _cases(draw: st.DrawFn) -> tuple[RiskMap, list[Failure], int]:
    m = draw(small_maps())
    return m, draw(failures(m)), draw(st.integers(10, 40))


@given(_cases())
def test_it_agrees_with_the_brute_force_reference(case: tuple[RiskMap, list[Failure], int]) -> None:
    m, initiating, horizon = case
    got = simulate(m, initiating, horizon).to_json()
    assert {"down": got["down"], "deadlock": got["deadlock"]} == reference_simulation(
        m, initiating, horizon
    )


def _scaled(m: RiskMap, c: float) -> RiskMap:
    return replace(
        m,
        nodes=tuple(
            replace(
                v,
                restart=v.restart * c,
                requires=tuple(replace(r, tolerance=r.tolerance * c) for r in v.requires),
            )
            for v in m.nodes
        ),
    )


@given(_cases(), st.sampled_from([0.25, 1.5, 1 / 64, 1 / 60]))
def test_it_scales_with_the_unit_of_time(
    case: tuple[RiskMap, list[Failure], int], c: float
) -> None:
    # The reference only knows whole hours; scaling every time by a power of
    # two or 1.5 is exact in floating point, so the engine must give exactly
    # the scaled result on fractional times too.
    m, initiating, horizon = case
    base = simulate(m, initiating, horizon)
    scaled_failures = [
        Failure(f.node, f.at * c, None if f.duration is None else f.duration * c)
        for f in initiating
    ]
    got = simulate(_scaled(m, c), scaled_failures, horizon * c)
    assert got.deadlock == base.deadlock
    assert got.down == {
        v: [(a * c, None if b is None else b * c) for a, b in ivs] for v, ivs in base.down.items()
    }


# -- ties at an instant inside a cycle ---------------------------------------------


def test_it_never_fails_a_node_whose_tolerance_runs_out_as_its_member_returns() -> None:
    # O tolerates M's outage of exactly its tolerance (rule 2: lost on [10, 10),
    # empty). O and P need each other: had O gone down for an instant, the pair
    # would hold itself down for ever, a false recovery deadlock.
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: M}
          - {id: O, requires: [{node: M, tolerance: 10h}, P]}
          - {id: P, requires: [O]}
        scenarios:
          - id: s
            failures: [{node: M, duration: 10h}]
        """)
    assert got == _expect({"M": [[0, 10]]})


def test_it_keeps_a_group_met_when_one_alternative_fails_as_the_other_returns() -> None:
    # At t = 5, A is back and B goes down: one of the two is always up.
    got = _run("""
        weerbaar: 1
        nodes:
          - {id: A}
          - {id: B}
          - {id: O, requires: [{any: [A, B]}, P]}
          - {id: P, requires: [O]}
        scenarios:
          - id: s
            failures: [{node: A, duration: 5h}, {node: B, at: 5h, duration: 5h}]
        """)
    assert got == _expect({"A": [[0, 5]], "B": [[5, 10]]})
