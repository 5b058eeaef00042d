"""How much work one input may cause: the limits the loaders enforce before reading.

A map file of a few hundred bytes can ask a naive YAML loader for a billion
nodes (nested aliases, "billion laughs"), and a workbook of a few megabytes
can inflate to gigabytes. The loaders count while they read and stop at these
limits with a clear message, so that neither the command line nor the web app
spends more than a small multiple of the input's own size.

The defaults suit the command line (a generated map of 300 municipalities is
about 8 MB of YAML and 800,000 YAML nodes); the web app passes its own from
its settings (``WEERBAAR_MAX_UPLOAD_BYTES``, ``WEERBAAR_MAX_YAML_NODES``,
``WEERBAAR_MAX_XLSX_INFLATED_BYTES``, ``WEERBAAR_MAX_XLSX_CELLS``).

Examples
--------
>>> Limits().yaml_nodes(490)
100000
>>> Limits(max_yaml_nodes=50_000).yaml_nodes(10**6)
50000
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The work one input may cause; every field has a documented default.

    Attributes
    ----------
    max_bytes : int
        Largest input file, YAML or workbook (default 1 GiB).
    yaml_nodes_per_byte : int
        YAML nodes allowed per byte of the file, aliases counted as the
        nodes they repeat (default 10: a file without aliases has fewer nodes
        than bytes, so this leaves room for ordinary use of anchors).
    min_yaml_nodes : int
        Nodes a small file may always have, however short (default 100,000).
    max_yaml_nodes : int
        Nodes no file may exceed, however large (default 100,000,000).
    max_xlsx_inflated_bytes : int
        Total size of a workbook's parts once decompressed (default 512 MiB).
    max_xlsx_cells : int
        Cells in all sheets together (default 10,000,000).
    """

    max_bytes: int = 1024 * MIB
    yaml_nodes_per_byte: int = 10
    min_yaml_nodes: int = 100_000
    max_yaml_nodes: int = 100_000_000
    max_xlsx_inflated_bytes: int = 512 * MIB
    max_xlsx_cells: int = 10_000_000

    def yaml_nodes(self, size: int) -> int:
        """The most YAML nodes a file of ``size`` bytes may have."""
        return min(self.max_yaml_nodes, max(self.min_yaml_nodes, self.yaml_nodes_per_byte * size))


DEFAULT_LIMITS = Limits()

#: The most Monte Carlo samples one run or forecast may ask for. Their summary
#: holds every sample of every node the scenario takes down, 16 bytes each:
#: about 1 GB at this many samples of the 645 such nodes of a 20,000-node map.
MAX_SAMPLES = 100_000


def depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects (a scalar is 0), without recursion.

    Every reader of JSON from outside (the API, STIX, MISP and CSAF imports)
    refuses documents nested past its limit with this count: parsers and
    validators recurse once per level, so the count itself must not.

    Examples
    --------
    >>> depth(3), depth([]), depth([[1], {"a": {}}])
    (0, 1, 3)
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        stack.extend((child, level + 1) for child in children)
    return deepest
