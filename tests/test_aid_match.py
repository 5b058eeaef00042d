"""Mutual aid: offers ranked by capacity type, time and distance; requests for a helper."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from weerbaar.aid import (
    CapacityType,
    Need,
    SharedField,
    Supply,
    Window,
    distance_km,
    rank_offers,
    rank_requests,
    shown,
)

T = datetime(2026, 12, 7, 8, 0)
HERE = (52.16, 6.40)


def window(start_h: float, hours: float) -> Window:
    return Window(T + timedelta(hours=start_h), T + timedelta(hours=start_h + hours))


def test_it_ranks_by_coverage_of_time_and_amount_then_distance() -> None:
    need = Need(CapacityType.FORENSICS, 2, window(0, 48), HERE)
    offers = [
        Supply("half-time", CapacityType.FORENSICS, 2, window(24, 48), (52.2, 6.5)),
        Supply("far-full", CapacityType.FORENSICS, 2, window(0, 48), (53.2, 5.8)),
        Supply("near-full", CapacityType.FORENSICS, 4, window(-5, 60), (52.2, 6.5)),
        Supply("one-person", CapacityType.FORENSICS, 1, window(0, 48), (52.2, 6.5)),
        Supply("other-kind", CapacityType.EQUIPMENT, 9, window(0, 48), HERE),
        Supply("too-late", CapacityType.FORENSICS, 2, window(48, 10), HERE),
        Supply("unknown-place", CapacityType.FORENSICS, 2, window(0, 48), None),
    ]
    ranked = rank_offers(need, offers)
    assert [f.key for f in ranked] == [
        "near-full", "far-full", "unknown-place", "half-time", "one-person",
    ]  # fmt: skip
    assert [f.score for f in ranked] == [1.0, 1.0, 1.0, 0.5, 0.5]


def test_it_lists_open_requests_nearest_then_soonest() -> None:
    requests = [
        ("far", Need(CapacityType.LIAISON, 1, window(0, 5), (53.2, 5.8))),
        ("near-later", Need(CapacityType.LIAISON, 1, window(10, 5), (52.2, 6.5))),
        ("near-sooner", Need(CapacityType.LIAISON, 1, window(2, 5), (52.2, 6.5))),
        ("past", Need(CapacityType.LIAISON, 1, window(-10, 5), (52.2, 6.5))),
        ("nowhere", Need(CapacityType.LIAISON, 1, window(0, 5), None)),
    ]
    keys = [k for k, _km in rank_requests(HERE, requests, T)]
    assert keys == ["near-sooner", "near-later", "far", "nowhere"]


def test_it_measures_great_circle_distance() -> None:
    # Amsterdam to Groningen, about 147 km.
    assert distance_km((52.37, 4.90), (53.22, 6.57)) == pytest.approx(147, abs=3)
    assert distance_km(None, HERE) is None


def test_a_window_ends_after_it_starts() -> None:
    with pytest.raises(ValueError):
        Window(T, T)


def test_only_what_was_shared_is_shown() -> None:
    values = {f: f.value for f in SharedField}
    assert shown(values, []) == {}
    assert set(shown(values, [SharedField.WINDOW, SharedField.AMOUNT])) == {
        SharedField.WINDOW,
        SharedField.AMOUNT,
    }
