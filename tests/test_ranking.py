"""One criticality ranking for every caller: vital processes, then nodes, then id."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from weerbaar.engine.ranking import ranking


def test_it_breaks_ties_by_node_id_not_by_position() -> None:
    assert ranking(["c", "a", "b"], [2, 2, 5], [1, 1, 0]) == [1, 0, 2]
    assert ranking([], [], []) == []


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=30))
def test_it_orders_as_the_documented_key(rows: list[tuple[int, int]]) -> None:
    ids = [f"n{i:02d}" for i in range(len(rows))][::-1]
    down = [d for d, _ in rows]
    vital = [v for _, v in rows]
    key = sorted(range(len(ids)), key=lambda i: (-vital[i], -down[i], ids[i]))
    assert ranking(ids, np.array(down), np.array(vital)) == key
