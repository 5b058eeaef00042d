"""A risk map as an Excel workbook, for municipalities that keep their BIAs in Excel.

One sheet per table; the header of each column is the key of the YAML file
(`docs/map-format.md`), so the workbook maps one to one onto the YAML. The
export names sheets and columns in Dutch (``knooppunten``, ``soort``; see
:mod:`weerbaar.model.excel.layout`) unless asked for English; the import
reads both. In English:

``map``
    ``key``/``value`` rows: ``weerbaar``, ``name``, ``description``,
    ``horizon`` and any further top-level keys (their values as YAML).
``parties``, ``scenarios``, ``measures``
    One row per entry.
``nodes``
    One row per node; ``lat`` and ``lon`` make its ``location``.
``requirements``
    One row per requirement: ``node``, ``members`` (ids separated by commas;
    more than one is a redundancy group), ``need`` and ``tolerance``.
``impact``
    One row per node and step: ``node``, ``after`` and one column per
    criterion id holding a quantity or a class letter. The row without
    ``after`` holds the node's per-day values.
``failures``
    One row per failure of a scenario: ``scenario``, ``node``, ``at``,
    ``duration`` (blank: it does not end).
``changes``
    One row per change of a measure, in order: ``measure``, ``kind`` and the
    change's keys. An ``add_node`` change names the new node, whose row is in
    ``measure_nodes`` (with its ``measure_requirements`` and ``measure_impact``,
    laid out like ``nodes``, ``requirements`` and ``impact``).

Durations are written as the YAML dumper writes them (``4h``, ``2d``), numbers
as numbers. Extension keys (``x-...``) go in an ``extra`` column as an
inline YAML mapping, e.g. ``{x-eigenaar: Jan}``. Only ``map`` and ``nodes`` are
required when reading.

Examples
--------
>>> import tempfile, pathlib
>>> from weerbaar.model import parse_map
>>> m = parse_map("weerbaar: 1\\nnodes: [{id: a}, {id: b, requires: [a]}]\\n")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "BIA.xlsx"
>>> export_xlsx(m, path)
>>> import_xlsx(path) == m
True
"""

from weerbaar.model.excel.read import import_xlsx
from weerbaar.model.excel.write import export_xlsx

__all__ = ["export_xlsx", "import_xlsx"]
