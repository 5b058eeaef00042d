"""Read a risk map workbook into the same plain data as the YAML file.

The data then goes through :func:`weerbaar.model.loader.from_data`, so a
workbook is checked exactly like a YAML file. Every problem is located as
``file.xlsx[sheet]:row``: the reader remembers which row each part of the
data came from and hands that to the loader.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from weerbaar.i18n import _, number
from weerbaar.model import schema as s
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.excel import layout as lay
from weerbaar.model.excel.cells import CellError, read_cell, read_yaml
from weerbaar.model.limits import DEFAULT_LIMITS, Limits
from weerbaar.model.loader import from_data
from weerbaar.model.riskmap import AddNode, RiskMap
from weerbaar.model.yamlsource import Path_

Sheet = lay.Sheet
Key = tuple[str, ...]


def import_xlsx(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> RiskMap:
    """Read and validate a workbook written by :func:`export_xlsx` (or filled in by hand).

    Sheets and columns may have their Dutch names (``knooppunten``, ``soort``)
    or their English ones (``nodes``, ``kind``).

    Raises
    ------
    MapError
        With one :class:`Problem` per thing wrong, its source naming the sheet
        (``BIA.xlsx[nodes]``) and its line the spreadsheet row; also for a
        workbook past ``limits`` (checked before it is read).
    """
    source = str(path)
    reader = _Reader(source)
    data = reader.read(_open(path, source, limits))
    if reader.problems:
        raise MapError(reader.problems)
    return from_data(data, source, locate=reader.locate)


def _open(path: Path | str, source: str, limits: Limits) -> Workbook:
    try:
        if Path(path).stat().st_size > limits.max_bytes:
            message = _("the file is larger than {limit} bytes").format(
                limit=number(limits.max_bytes)
            )
            raise MapError([Problem(source, 0, message)])
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise MapError(
            [Problem(source, 0, _("cannot read file: {reason}").format(reason=exc.strerror))]
        ) from None
    not_a_workbook = _("not an Excel workbook (.xlsx); save it from Excel as .xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            _check_size(archive, source, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise MapError([Problem(source, 0, not_a_workbook)]) from None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it drops (extensions, some
            # validations); none of them carry map data.
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(io.BytesIO(raw), data_only=True)
    except Exception:  # openpyxl fails on a non-workbook in many different ways
        raise MapError([Problem(source, 0, not_a_workbook)]) from None


# A cell element, with or without a namespace prefix: <c r="A1">, <x:c>, <c/>.
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CHUNK = 1 << 20


def _check_size(archive: zipfile.ZipFile, source: str, limits: Limits) -> None:
    """Refuse a workbook that would inflate or hold more than ``limits`` allow.

    The sizes come from the zip's central directory, before anything is
    inflated; :mod:`zipfile` (which openpyxl reads through) stops at the
    declared size of a part, so a part cannot inflate past it unnoticed. The
    cells are counted by streaming the sheets' XML in chunks, so the count
    costs memory of one chunk.
    """
    parts = archive.infolist()
    inflated = sum(p.file_size for p in parts)
    if inflated > limits.max_xlsx_inflated_bytes:
        largest = max(parts, key=lambda p: p.file_size)
        raise MapError(
            [
                Problem(
                    source,
                    0,
                    _(
                        "the workbook inflates to {size} bytes ({part} alone {part_size}); "
                        "at most {limit} bytes are accepted"
                    ).format(
                        size=number(inflated),
                        part=largest.filename,
                        part_size=number(largest.file_size),
                        limit=number(limits.max_xlsx_inflated_bytes),
                    ),
                )
            ]
        )
    cells = 0
    for part in parts:
        if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
            continue
        with archive.open(part) as stream:
            tail = b""
            while chunk := stream.read(_CHUNK):
                # A tag cut in two by the chunk is counted with the next one:
                # every match before the last "<" ends before it.
                text = tail + chunk
                cut = text.rfind(b"<")
                cut = len(text) if cut < 0 else cut
                cells += len(_CELL.findall(text, 0, cut))
                tail = text[cut:]
            cells += len(_CELL.findall(tail))
        if cells > limits.max_xlsx_cells:
            raise MapError(
                [
                    Problem(
                        source,
                        0,
                        _("the workbook has more than {limit} cells").format(
                            limit=number(limits.max_xlsx_cells)
                        ),
                    )
                ]
            )


@dataclass
class _Row:
    sheet: Sheet
    line: int
    cells: dict[str, Any]  # column -> value, for the non-empty cells only


@dataclass
class _Built:
    """One entry's data and the rows its parts came from (paths relative to it)."""

    data: dict[str, Any]
    places: dict[Path_, tuple[Sheet, int]] = field(default_factory=dict)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.places: dict[Path_, tuple[Sheet, int]] = {(): (Sheet.MAP, 0)}
        self.titles: dict[Sheet, str] = {}  # each sheet's name as the workbook has it

    def title(self, sheet: Sheet | str) -> str:
        return self.titles.get(sheet, str(sheet)) if isinstance(sheet, Sheet) else sheet

    def problem(self, sheet: Sheet | str, line: int, message: str) -> None:
        self.problems.append(Problem(f"{self.source}[{self.title(sheet)}]", line, message))

    def locate(self, path: Path_) -> tuple[str, int]:
        for end in range(len(path), -1, -1):
            place = self.places.get(path[:end])
            if place is not None:
                return f"{self.source}[{self.title(place[0])}]", place[1]
        return self.source, 0

    def read(self, wb: Workbook) -> dict[str, Any]:
        for name in wb.sheetnames:
            sheet = lay.sheet_of(name)
            if sheet is None:
                known = ", ".join(lay.DUTCH_SHEETS[t.sheet] for t in lay.TABLES)
                self.problem(name, 0, _("unknown sheet (expected: {sheets})").format(sheets=known))
            elif sheet in self.titles:
                self.problem(name, 0, _("a second sheet for {sheet!r}").format(sheet=sheet.value))
            else:
                self.titles[sheet] = name
        missing = [sheet for sheet in lay.REQUIRED if sheet not in self.titles]
        for sheet in missing:
            self.problem(
                lay.DUTCH_SHEETS[sheet],
                0,
                _("the workbook has no sheet {dutch!r} (or {english!r})").format(
                    dutch=lay.DUTCH_SHEETS[sheet], english=sheet.value
                ),
            )
        if missing:
            return {}  # rows checked against a sheet that is not there say nothing new
        problems = len(self.problems)
        rows = {
            t.sheet: self._table(wb[self.titles[t.sheet]], t) if t.sheet in self.titles else []
            for t in lay.TABLES
        }
        if any("missing column" in p.message for p in self.problems[problems:]):
            # Without a column every row needs, each row would fail on its own:
            # the one missing column is the problem, not hundreds of rows.
            return {}
        data = self._map(rows[Sheet.MAP])
        data["parties"] = [
            self._place(("parties", i), self._entry(row, s.PartyEntry))
            for i, row in enumerate(rows[Sheet.PARTIES])
        ]
        nodes = self._nodes(rows, lay.NODES, lay.REQUIREMENTS, lay.IMPACT, lay.PRODUCTS, ())
        data["nodes"] = [self._place(("nodes", i), b) for i, (_n, b, _r) in enumerate(nodes)]
        data["scenarios"] = self._scenarios(rows)
        data["measures"] = self._measures(rows)
        return data

    def _table(self, ws: Worksheet, table: lay.Table) -> list[_Row]:
        grid = list(ws.iter_rows(values_only=True))
        header = list(grid[0]) if grid else []
        types = table.types
        columns: dict[int, tuple[str, lay.Col]] = {}
        for i, title in enumerate(header):
            if title is None or str(title).strip() == "":
                if any(i < len(r) and _filled(r[i]) for r in grid[1:]):
                    self.problem(
                        table.sheet,
                        1,
                        _("column {number} has values but no header").format(number=i + 1),
                    )
                continue
            title = str(title).strip()
            name = lay.column_of(title, table) or (title if table.open else None)
            if name is None:
                expected = ", ".join(
                    lay.column_title(n, lay.Language.NL) for n, _c in table.columns
                )
                self.problem(
                    table.sheet,
                    1,
                    _("unknown column {column!r} (expected: {expected})").format(
                        column=title, expected=expected
                    ),
                )
            elif name in (n for n, _c in columns.values()):
                self.problem(
                    table.sheet, 1, _("column {column!r} appears twice").format(column=title)
                )
            else:
                columns[i] = (name, types.get(name, lay.Col.VALUE))
        present = {n for n, _c in columns.values()}
        missing = [k for k in table.required if k not in present]
        for key in missing:
            self.problem(
                table.sheet,
                1,
                _("missing column {dutch!r} (or {english!r})").format(
                    dutch=lay.column_title(key, lay.Language.NL), english=key
                ),
            )
        if missing:
            return []
        out = []
        for line, values in enumerate(grid[1:], start=2):
            cells: dict[str, Any] = {}
            for i, value in enumerate(values):
                if i not in columns or not _filled(value):
                    continue
                name, col = columns[i]
                try:
                    cells[name] = read_cell(value, col)
                except CellError as exc:
                    self.problem(table.sheet, line, f"{name}: {exc}")
            if not cells:
                continue
            for key in table.keys:
                if key not in cells:
                    self.problem(
                        table.sheet,
                        line,
                        _("{column}: this column must be filled in").format(column=key),
                    )
            if all(k in cells for k in table.keys):
                out.append(_Row(table.sheet, line, cells))
        return out

    def _map(self, rows: list[_Row]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        types = {"weerbaar": lay.Col.INT, "name": lay.Col.TEXT, "description": lay.Col.TEXT}
        types["horizon"] = lay.Col.DURATION
        lists = {t.sheet.value for t in lay.TABLES} & set(s.MapFile.model_fields)
        english = {nl: en for en, nl in lay.DUTCH_MAP_KEYS.items()}
        for row in rows:
            key, value = row.cells["key"], row.cells.get("value")
            key = english.get(key, key)
            if key in data:
                self.problem(row.sheet, row.line, _("key {key!r} appears twice").format(key=key))
                continue
            if key in lists:
                self.problem(
                    row.sheet, row.line, _("{key!r} has a sheet of its own").format(key=key)
                )
                continue
            try:
                if key in types:
                    if value is None:
                        continue
                    value = read_cell(value, types[key])
                elif isinstance(value, str):
                    value = read_yaml(value)  # further keys are written as YAML
            except CellError as exc:
                self.problem(row.sheet, row.line, f"{key}: {exc}")
                continue
            data[key] = value
            self.places[(key,)] = (row.sheet, row.line)
        return data

    def _place(self, path: Path_, built: _Built) -> dict[str, Any]:
        for rel, place in built.places.items():
            self.places[(*path, *rel)] = place
        return built.data

    def _entry(
        self, row: _Row, model: type[BaseModel], cells: dict[str, Any] | None = None
    ) -> _Built:
        """The row as an entry: its cells (or ``cells``) with the `extra` keys merged in."""
        cells = dict(row.cells if cells is None else cells)
        for key, value in cells.pop("extra", {}).items():
            if key in model.model_fields or key in cells:
                self.problem(
                    row.sheet,
                    row.line,
                    _("extra: {key!r} has a column of its own").format(key=key),
                )
            else:
                cells[key] = value
        return _Built(cells, {(): (row.sheet, row.line)})

    def _nodes(
        self,
        rows: dict[Sheet, list[_Row]],
        nodes: lay.Table,
        requirements: lay.Table,
        impact: lay.Table,
        products: lay.Table,
        scope: Key,
    ) -> list[tuple[Key, _Built, _Row]]:
        """Nodes with their requirements, impact and products; ``scope`` names the columns
        that, besides the node id, tell which node a row is about (``measure``)."""
        out: list[tuple[Key, _Built, _Row]] = []
        index: dict[Key, _Built] = {}
        for row in rows[nodes.sheet]:
            key = (*(row.cells[c] for c in scope), row.cells["id"])
            cells = {k: v for k, v in row.cells.items() if k not in scope}
            lat, lon = cells.pop("lat", None), cells.pop("lon", None)
            if lat is not None or lon is not None:
                location = {"lat": lat, "lon": lon}
                cells["location"] = {k: v for k, v in location.items() if v is not None}
            built = self._entry(row, s.NodeEntry, cells)
            out.append((key, built, row))
            index.setdefault(key, built)

        def owner(row: _Row) -> _Built | None:
            key = (*(row.cells[c] for c in scope), row.cells["node"])
            if key not in index:
                sheet = self.title(nodes.sheet)
                message = (
                    _("node {id!r} of measure {measure!r} is not in the {sheet} sheet").format(
                        id=key[-1], measure=key[0], sheet=sheet
                    )
                    if scope
                    else _("node {id!r} is not in the {sheet} sheet").format(
                        id=key[-1], sheet=sheet
                    )
                )
                self.problem(row.sheet, row.line, message)
            return index.get(key)

        for row in rows[requirements.sheet]:
            target = owner(row)
            if target is not None:
                requires = target.data.setdefault("requires", [])
                target.places[("requires", len(requires))] = (row.sheet, row.line)
                requires.append(self._requirement(row))
        for row in rows[products.sheet]:
            target = owner(row)
            if target is not None:
                listed = target.data.setdefault("products", [])
                target.places[("products", len(listed))] = (row.sheet, row.line)
                listed.append({k: v for k, v in row.cells.items() if k not in (*scope, "node")})
        fixed = {*scope, "node", "after"}
        for row in rows[impact.sheet]:
            target = owner(row)
            if target is None:
                continue
            values = {k: v for k, v in row.cells.items() if k not in fixed}
            section = target.data.setdefault("impact", {})
            target.places.setdefault(("impact",), (row.sheet, row.line))
            if "after" in row.cells:
                steps = section.setdefault("steps", [])
                target.places[("impact", "steps", len(steps))] = (row.sheet, row.line)
                steps.append({"after": row.cells["after"], **values})
            elif "per_day" in section:
                self.problem(row.sheet, row.line, _("a second row without `after` for this node"))
            else:
                section["per_day"] = values
                target.places[("impact", "per_day")] = (row.sheet, row.line)
        return out

    def _requirement(self, row: _Row) -> dict[str, Any]:
        members, need = row.cells["members"], row.cells.get("need")
        if not members:
            self.problem(row.sheet, row.line, _("members: no node ids"))
        out: dict[str, Any] = (
            {"node": members[0]} if len(members) == 1 and need is None else {"any": members}
        )
        if need is not None:
            out["need"] = need
        if "tolerance" in row.cells:
            out["tolerance"] = row.cells["tolerance"]
        return out

    def _children(
        self, parents: list[tuple[_Row, _Built]], rows: Iterable[_Row], column: str, what: str
    ) -> dict[int, list[_Row]]:
        """Rows grouped by the parent entry their ``column`` names."""
        index: dict[str, int] = {}
        for i, (row, _built) in enumerate(parents):
            index.setdefault(row.cells["id"], i)
        out: dict[int, list[_Row]] = {i: [] for i in range(len(parents))}
        for row in rows:
            i = index.get(row.cells[column], -1)
            if i < 0:
                name = row.cells[column]
                message = (
                    _("{column}: unknown scenario {id!r}")
                    if what == "scenario"
                    else _("{column}: unknown measure {id!r}")
                )
                self.problem(row.sheet, row.line, message.format(column=column, id=name))
            else:
                out[i].append(row)
        return out

    def _scenarios(self, rows: dict[Sheet, list[_Row]]) -> list[dict[str, Any]]:
        scenarios = [(r, self._entry(r, s.ScenarioEntry)) for r in rows[Sheet.SCENARIOS]]
        failures = self._children(scenarios, rows[Sheet.FAILURES], "scenario", "scenario")
        out = []
        for i, (_row, built) in enumerate(scenarios):
            built.data["failures"] = []
            for j, row in enumerate(failures[i]):
                failure = {k: v for k, v in row.cells.items() if k != "scenario"}
                built.data["failures"].append(failure)
                built.places[("failures", j)] = (row.sheet, row.line)
            out.append(self._place(("scenarios", i), built))
        return out

    def _measures(self, rows: dict[Sheet, list[_Row]]) -> list[dict[str, Any]]:
        measures = [(r, self._entry(r, s.MeasureEntry)) for r in rows[Sheet.MEASURES]]
        changes = self._children(measures, rows[Sheet.CHANGES], "measure", "measure")
        tables = (
            lay.MEASURE_NODES,
            lay.MEASURE_REQUIREMENTS,
            lay.MEASURE_IMPACT,
            lay.MEASURE_PRODUCTS,
        )
        added = self._nodes(rows, *tables, ("measure",))
        unused: dict[Key, tuple[_Built, _Row]] = {}
        for key, node, row in added:
            if key in unused:
                message = _("node {id!r} is listed twice for measure {measure!r}").format(
                    id=key[1], measure=key[0]
                )
                self.problem(row.sheet, row.line, message)
            unused.setdefault(key, (node, row))
        out = []
        for i, (row, built) in enumerate(measures):
            built.data["changes"] = []
            for j, ch in enumerate(changes[i]):
                built.places[("changes", j)] = (ch.sheet, ch.line)
                body = {k: v for k, v in ch.cells.items() if k not in ("measure", "kind")}
                kind = ch.cells["kind"]
                if kind not in lay.CHANGE_KINDS:
                    kinds = ", ".join(lay.CHANGE_KINDS)
                    self.problem(
                        ch.sheet,
                        ch.line,
                        _("kind: {kind!r} is not one of {kinds}").format(kind=kind, kinds=kinds),
                    )
                elif kind == AddNode.kind:
                    key = (row.cells["id"], body.get("node", ""))
                    if set(body) != {"node"} or key not in unused:
                        message = _(
                            "an add_node change names only its `node`, the id of a row "
                            "for measure {measure!r} in the {sheet} sheet"
                        ).format(measure=key[0], sheet=self.title(Sheet.MEASURE_NODES))
                        self.problem(ch.sheet, ch.line, message)
                        continue
                    node, _row = unused.pop(key)
                    body = self._place(("measures", i, "changes", j, "add_node"), node)
                built.data["changes"].append({kind: body})
            out.append(self._place(("measures", i), built))
        for key, (_built, row) in unused.items():
            message = _("no add_node change of measure {measure!r} adds node {id!r}").format(
                measure=key[0], id=key[1]
            )
            self.problem(row.sheet, row.line, message)
        return out


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def open_workbook(path: Path | str, source: str, limits: Limits = DEFAULT_LIMITS) -> Workbook:
    """Open a workbook within ``limits`` (size, inflation, cells), or raise a located MapError.

    Other workbooks of Weerbaar (an exercise's inject sheet) open through here too.
    """
    return _open(path, source, limits)
