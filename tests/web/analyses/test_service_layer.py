"""The service layer chooses exact or bounded-memory criticality by map size."""

from __future__ import annotations

from typing import Any

import pytest

from weerbaar.model import RiskMap, from_data
from weerbaar.web.analyses.criticality import criticality


@pytest.fixture
def small_map(small_map_data: dict[str, Any]) -> RiskMap:
    return from_data(small_map_data)


def test_it_gives_the_same_answer_exact_and_in_bounded_memory(
    small_map: RiskMap, settings: Any
) -> None:
    settings.EXACT_CRITICALITY_NODES = 1000
    exact = criticality(small_map)
    settings.EXACT_CRITICALITY_NODES = 2
    seen: list[tuple[int, int]] = []
    counted = criticality(small_map, lambda done, total: seen.append((done, total)))
    assert exact.exact is not None and counted.exact is None
    assert exact.down.tolist() == counted.down.tolist()
    assert exact.vital_down.tolist() == counted.vital_down.tolist()
    assert (
        exact.single_points
        == counted.single_points
        == {"uitkeringen": ["hosting", "internet-a", "power", "suite"]}
    )
    assert exact.ranked() == counted.ranked()
    assert exact.ranked()[0] == {"node": "power", "nodes": 4, "vital": 1}
    assert seen and seen[-1][0] == seen[-1][1]
