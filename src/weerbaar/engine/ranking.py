"""The criticality ranking: which nodes matter most when they fail.

Every list of critical nodes (the CLI, the report, the web pages, the API)
orders nodes the same way: most vital processes taken down first, then most
nodes taken down, then by node id. The id breaks ties because it is unique
and does not change with the language of the page, so the same map always
gives the same order everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


def ranking(
    ids: Sequence[str],
    down: Sequence[int] | npt.NDArray[np.integer],
    vital_down: Sequence[int] | npt.NDArray[np.integer],
) -> list[int]:
    """Positions of ``ids`` from the most to the least critical node.

    Parameters
    ----------
    ids : sequence of str
        Node ids, unique.
    down : sequence of int
        For each node, how many nodes its failure takes down.
    vital_down : sequence of int
        For each node, how many vital processes its failure takes down.

    Returns
    -------
    list of int
        Indices into ``ids``: most ``vital_down`` first, then most ``down``,
        then by id.

    Examples
    --------
    >>> ranking(["b", "a", "c"], [1, 1, 5], [2, 2, 0])
    [1, 0, 2]
    """
    if not len(ids):
        return []
    order = np.lexsort(
        (np.asarray(ids, dtype=object).astype(str), -np.asarray(down), -np.asarray(vital_down))
    )
    return [int(i) for i in order]
