"""What helps most now: the restore order, and the map's measures and fallbacks that help."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from weerbaar.incident.advice import HelpKind, advise
from weerbaar.incident.forecast import Outage
from weerbaar.model import parse_map

MAP = parse_map(
    """
weerbaar: 1
nodes:
  - {id: net}
  - {id: suite}
  - {id: stroom}
  - {id: loket, kind: process, vital: true, mtpd: 4h, requires: [net]}
  - {id: balie, kind: process, vital: true, mtpd: 1d, requires: [suite]}
  - {id: wmo, kind: process, vital: true, mtpd: 1d, requires: [suite]}
  - {id: printer, requires: [{node: stroom, tolerance: 30m}]}
  - id: meldkamer
    kind: process
    vital: true
    mtpd: 2h
    requires: [{node: stroom, tolerance: 90m}]
measures:
  - id: papieren-balie
    name: Papieren balie
    changes: [{add_tolerance: {node: balie, requirement: suite, tolerance: 1w}}]
"""
)
T0 = datetime(2026, 12, 5, 8, tzinfo=UTC)


def test_it_ranks_the_restores_by_the_breaches_they_prevent() -> None:
    outages = [Outage("net", T0, expected=8.0), Outage("suite", T0, expected=72.0)]
    a = advise(MAP, outages, T0 + timedelta(hours=1))
    assert [(r.node, r.prevented) for r in a.restores] == [
        ("suite", ("balie", "wmo")),
        ("net", ("loket",)),
    ]


def test_it_leaves_restored_nodes_out_of_the_order() -> None:
    outages = [
        Outage("net", T0, restored=T0 + timedelta(hours=1)),
        Outage("suite", T0, expected=72.0),
    ]
    a = advise(MAP, outages, T0 + timedelta(hours=2))
    assert [r.node for r in a.restores] == ["suite"]


def test_it_lists_a_measure_that_prevents_a_breach() -> None:
    a = advise(MAP, [Outage("suite", T0, expected=72.0)], T0 + timedelta(hours=1))
    measure = next(h for h in a.helps if h.kind is HelpKind.MEASURE)
    assert (measure.ref, measure.prevented, measure.within_hour) == (
        "papieren-balie",
        ("balie",),
        False,
    )


def test_it_puts_a_fallback_that_runs_out_within_the_hour_first() -> None:
    # The meldkamer runs on its generator (90 minutes) since the power cut at T0.
    a = advise(MAP, [Outage("stroom", T0, expected=10.0)], T0 + timedelta(hours=1))
    first = a.helps[0]
    assert (first.kind, first.ref, first.member) == (HelpKind.FALLBACK, "meldkamer", "stroom")
    assert first.within_hour and first.runs_out == T0 + timedelta(minutes=90)
    assert first.prevented == ("meldkamer",) and first.kept_up == ("meldkamer",)


def test_it_runs_again_only_the_fallbacks_a_threatened_process_needs() -> None:
    # The printer's UPS runs out within the hour too, but no process needs the printer.
    a = advise(MAP, [Outage("stroom", T0, expected=10.0)], T0 + timedelta(minutes=20))
    assert [(h.kind, h.ref) for h in a.helps] == [(HelpKind.FALLBACK, "meldkamer")]
    bounded = advise(MAP, [Outage("stroom", T0, expected=10.0)], T0, max_fallbacks=0)
    assert bounded.helps == ()
