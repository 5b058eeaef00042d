"""Write a :class:`RiskMap` to an Excel workbook, one sheet per table.

The layout is declared in :mod:`weerbaar.model.excel.layout`; reading it back
with :func:`weerbaar.model.excel.read.import_xlsx` gives the same map.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from weerbaar.i18n import _
from weerbaar.model.dump import product_to_data, uncertain_text
from weerbaar.model.durations import Distribution
from weerbaar.model.excel import layout as lay
from weerbaar.model.excel.cells import Cell, duration_cell, inline_yaml, number_cell
from weerbaar.model.riskmap import (
    AddAlternative,
    AddNode,
    AddTolerance,
    Change,
    Node,
    RiskMap,
    ScenarioDuration,
    SetLikelihood,
    SetRestart,
)

Row = dict[str, Any]
# Keys of Node.extra that have a column of their own.
_NODE_COLUMNS = ("gemeente", "shared")


def export_xlsx(
    m: RiskMap, path: Path | str, language: lay.Language | str = lay.Language.NL
) -> None:
    """Write ``m`` to the workbook ``path`` (``.xlsx``), replacing it if it exists.

    Every sheet is written, empty ones with just their header, so the file
    also serves as a template to fill in. Sheets and columns get Dutch names
    (``knooppunten``, ``soort``) unless ``language`` is ``"en"``; the reader
    takes either.

    Raises
    ------
    ValueError
        When an impact criterion id collides with a column of the impact
        sheets (``node``, ``after``, ``measure``) or is empty.
    """
    language = lay.Language(language)
    rows = _rows(m, language)
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for table in lay.TABLES:
        ws = wb.create_sheet(lay.sheet_title(table.sheet, language))
        _write_sheet(ws, table, rows[table.sheet], language)
    wb.save(path)


def _rows(m: RiskMap, language: lay.Language) -> dict[lay.Sheet, list[Row]]:
    rows: dict[lay.Sheet, list[Row]] = {t.sheet: [] for t in lay.TABLES}
    names = lay.DUTCH_MAP_KEYS if language is lay.Language.NL else {}
    rows[lay.Sheet.MAP] = [
        {"key": "weerbaar", "value": m.version},
        {"key": names.get("name", "name"), "value": m.name},
        {"key": names.get("description", "description"), "value": m.description},
        {"key": "horizon", "value": duration_cell(m.horizon)},
        *({"key": k, "value": _map_value(v)} for k, v in m.extra.items()),
    ]
    for p in m.parties:
        rows[lay.Sheet.PARTIES].append(
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind.value,
                "maturity": p.maturity,
                "owner": p.owner and p.owner.value,
                "description": p.description,
                "extra": _extra(p.extra),
            }
        )
    for n in m.nodes:
        _add_node(rows, n, {}, lay.NODES, lay.REQUIREMENTS, lay.IMPACT, lay.PRODUCTS)
    for sc in m.scenarios:
        rows[lay.Sheet.SCENARIOS].append(
            {
                "id": sc.id,
                "name": sc.name,
                "theme": sc.theme and sc.theme.value,
                "likelihood": sc.likelihood,
                "horizon": _duration(sc.horizon),
                "description": sc.description,
                "extra": _extra(sc.extra),
            }
        )
        for f in sc.failures:
            rows[lay.Sheet.FAILURES].append(
                {
                    "scenario": sc.id,
                    "node": f.node,
                    "at": _duration(f.at or None),
                    "duration": _uncertain(f.duration, f.duration_spread),
                }
            )
    for me in m.measures:
        rows[lay.Sheet.MEASURES].append(
            {
                "id": me.id,
                "name": me.name,
                "cost": number_cell(me.cost),
                "description": me.description,
                "extra": _extra(me.extra),
            }
        )
        for ch in me.changes:
            rows[lay.Sheet.CHANGES].append({"measure": me.id, **_change(ch)})
            if isinstance(ch, AddNode):
                scope = {"measure": me.id}
                tables = (
                    lay.MEASURE_NODES,
                    lay.MEASURE_REQUIREMENTS,
                    lay.MEASURE_IMPACT,
                    lay.MEASURE_PRODUCTS,
                )
                _add_node(rows, ch.node, scope, *tables)
    return rows


def _duration(hours: float | None) -> str | None:
    return None if hours is None else duration_cell(hours)


def _uncertain(hours: float | None, spread: Distribution | None) -> str | None:
    # A distribution is written as the text of the file, `tri(2d, 3d, 7d)`,
    # unless a measure set the value apart from it (see dump.uncertain_text).
    text = uncertain_text(spread, (hours or 0.0) if spread is not None else hours)
    return text if text is not None else _duration(hours)


def _extra(extra: Any) -> str | None:
    return inline_yaml(dict(extra)) if extra else None


def _map_value(value: Any) -> Cell:
    # Whole numbers and booleans stay native cells; everything else is YAML
    # text, so that text "5" and the number 5 stay apart.
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) < 10**15:
        return value
    return inline_yaml(value)


def _add_node(
    rows: dict[lay.Sheet, list[Row]],
    n: Node,
    scope: Row,
    nodes: lay.Table,
    requirements: lay.Table,
    impact: lay.Table,
    products: lay.Table,
) -> None:
    rows[nodes.sheet].append(
        {
            **scope,
            "id": n.id,
            "kind": n.kind.value,
            "name": n.name,
            "party": n.party,
            "restart": _uncertain(n.restart or None, n.restart_spread),
            "vital": n.vital,
            "mtpd": _duration(n.mtpd),
            "rto": _duration(n.rto),
            "rpo": _duration(n.rpo),
            "bbn": n.bbn,
            "served": None if n.served is None else number_cell(n.served),
            "lat": n.location and number_cell(n.location.lat),
            "lon": n.location and number_cell(n.location.lon),
            "owner": n.owner and n.owner.value,
            "gemeente": n.extra.get("gemeente"),
            "shared": n.extra.get("shared"),
            "description": n.description,
            "extra": _extra({k: v for k, v in n.extra.items() if k not in _NODE_COLUMNS}),
        }
    )
    for r in n.requires:
        rows[requirements.sheet].append(
            {
                **scope,
                "node": n.id,
                "members": ", ".join(r.members),
                "need": r.need if r.need != 1 else None,
                "tolerance": _uncertain(r.tolerance or None, r.tolerance_spread),
            }
        )
    for p in n.products:
        rows[products.sheet].append({**scope, "node": n.id, **product_to_data(p)})
    if n.impact is None:
        return
    fixed = {name for name, _ in impact.columns}
    fixed |= {lay.DUTCH_COLUMNS.get(name, name) for name in fixed}
    for criterion in _criteria(n):
        if not criterion or criterion in fixed:
            raise ValueError(
                _(
                    "node {id!r}: impact criterion {criterion!r} cannot be a column "
                    "of the {sheet} sheet"
                ).format(id=n.id, criterion=criterion, sheet=impact.sheet)
            )
    # One row per step; a row without `after` holds the per-day values, and is
    # written even when empty so that an impact section without values survives.
    if n.impact.per_day or not n.impact.steps:
        per_day = {k: number_cell(v) for k, v in n.impact.per_day.items()}
        rows[impact.sheet].append({**scope, "node": n.id, "after": None, **per_day})
    for st in n.impact.steps:
        values = {k: number_cell(v) for k, v in st.quantities.items()}
        rows[impact.sheet].append(
            {**scope, "node": n.id, "after": duration_cell(st.after), **values, **st.classes}
        )


def _criteria(n: Node) -> Iterator[str]:
    assert n.impact is not None
    yield from n.impact.per_day
    for st in n.impact.steps:
        yield from st.quantities
        yield from st.classes


def _change(ch: Change) -> Row:
    row: Row = {"kind": ch.kind}
    if isinstance(ch, AddNode):
        row["node"] = ch.node.id  # the node itself is a row of measure_nodes
    elif isinstance(ch, AddAlternative):
        row |= {"node": ch.node, "requirement": ch.requirement, "alternative": ch.alternative}
    elif isinstance(ch, AddTolerance):
        row |= {
            "node": ch.node,
            "requirement": ch.requirement,
            "tolerance": duration_cell(ch.tolerance),
        }
    elif isinstance(ch, SetRestart):
        row |= {"node": ch.node, "restart": duration_cell(ch.restart)}
    elif isinstance(ch, ScenarioDuration):
        row |= {"scenario": ch.scenario, "node": ch.node, "duration": duration_cell(ch.duration)}
    elif isinstance(ch, SetLikelihood):
        row |= {"scenario": ch.scenario, "class": ch.likelihood}
    return row


def _write_sheet(ws: Worksheet, table: lay.Table, rows: list[Row], language: lay.Language) -> None:
    names = [name for name, _ in table.columns]
    if table.open:
        # Criterion columns in order of first use, after the fixed ones.
        names += list(dict.fromkeys(k for row in rows for k in row if k not in names))
    ws.append([lay.column_title(name, language) for name in names])
    for line, row in enumerate(rows, start=2):
        try:
            # An empty text is a blank cell, as the reader reads it.
            ws.append([None if row.get(name) == "" else row.get(name) for name in names])
        except IllegalCharacterError:
            raise ValueError(
                _("{sheet} row {line}: a workbook cannot hold control characters").format(
                    sheet=table.sheet, line=line
                )
            ) from None
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text starting with "=" is not a formula
    for col, name in enumerate(names, start=1):
        header = ws.cell(1, col)
        header.font = Font(bold=True)
        if name in lay.HINTS:
            header.comment = Comment(lay.HINTS[name], "Weerbaar")
        letter = get_column_letter(col)
        width = max(_widths([name, *(row.get(name) for row in rows)]))
        ws.column_dimensions[letter].width = min(max(width + 2, 8), 50)
        if name in table.choices:
            dv = DataValidation(
                type="list", formula1=f'"{",".join(table.choices[name])}"', allow_blank=True
            )
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}1048576")
    ws.freeze_panes = "A2"


def _widths(values: Iterable[Any]) -> Iterator[int]:
    for value in values:
        text = "" if value is None else str(value)
        yield max((len(line) for line in text.splitlines()), default=0)
