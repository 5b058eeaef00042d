"""Security advisories (CSAF 2.0) matched to the products a map's nodes run.

Pure Python; never imports Django (``tests/test_layering.py``).
:mod:`~weerbaar.advisories.csaf` reads and validates documents,
:mod:`~weerbaar.advisories.sources` finds them in files, folders and a
provider's feed, :mod:`~weerbaar.advisories.match` matches products and
:mod:`~weerbaar.advisories.ranking` says what hangs on the affected nodes.
"""

from weerbaar.advisories.csaf import (
    Advisory,
    AdvisoryError,
    AdvisoryProduct,
    Label,
    Status,
    parse_document,
)
from weerbaar.advisories.match import NodeMatch, ProductIndex, match
from weerbaar.advisories.ranking import Closures, Matched, rank
from weerbaar.advisories.sources import read_paths, read_provider

__all__ = [
    "Advisory",
    "AdvisoryError",
    "AdvisoryProduct",
    "Closures",
    "Label",
    "Matched",
    "NodeMatch",
    "ProductIndex",
    "Status",
    "match",
    "parse_document",
    "rank",
    "read_paths",
    "read_provider",
]
