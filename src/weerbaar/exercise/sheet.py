"""The inject timeline as an Excel sheet, for control rooms that plan in Excel.

One sheet ``Draaiboek`` (read as ``injects`` too), one row per inject, the
columns named in Dutch (:data:`COLUMNS`; the English keys of the exercise
file are read as well). Every cell is written as text — times as
durations (``1.5h``, ``45m``), lists separated by commas, expected actions
one per line, extension columns (``x-...``) as inline YAML — so nothing is
rounded and a formula cannot sneak in. Reading a sheet back replaces the
injects of an exercise and checks the result as the exercise file is
checked, with ``file[Draaiboek]:row`` on every problem.

Examples
--------
>>> import tempfile, pathlib
>>> from weerbaar.exercise.fileformat import parse_exercise
>>> ex = parse_exercise('''
... weerbaar-oefening: 1
... id: o1
... title: T
... map: {file: m.yaml}
... scenario: s
... duration: 2h
... seed: 1
... roles: [{id: it}]
... injects: [{id: i1, at: 10m, title: "=SUM(A1)", recipients: [it], channel: telefoon}]
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "draaiboek.xlsx"
>>> write_sheet(ex, path)
>>> read_sheet(path, ex) == ex
True
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from weerbaar.exercise.fileformat import from_data, to_data
from weerbaar.exercise.model import Exercise
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.excel.read import open_workbook
from weerbaar.model.limits import DEFAULT_LIMITS, Limits

SHEET = "Draaiboek"
#: Column header (Dutch) -> key of an inject in the exercise file.
COLUMNS = {
    "id": "id",
    "tijd": "at",
    "scenariotijd": "scenario_at",
    "gebeurtenis": "event",
    "knooppunten": "nodes",
    "ontvangers": "recipients",
    "kanaal": "channel",
    "titel": "title",
    "tekst": "text",
    "verwacht": "expected",
    "team": "team",
    "grip": "grip",
    "oorzaak": "cause",
}
_KEYS = {**{k: k for k in COLUMNS.values()}, **COLUMNS}
_LISTS = {"nodes", "recipients"}
_WIDTHS = {"titel": 40, "tekst": 70, "verwacht": 50, "ontvangers": 24, "knooppunten": 24}


def _cell(key: str, value: Any) -> str | None:
    if value is None or value == []:
        return None
    if key.startswith("x-"):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip()
    if key in _LISTS:
        return ", ".join(value)
    if key == "expected":
        return "\n".join(value)
    return str(value)


def write_sheet(ex: Exercise, path: Path | str) -> None:
    """Write the injects of ``ex`` as the ``Draaiboek`` sheet of a new workbook."""
    injects = to_data(ex).get("injects", [])
    extensions = sorted({k for i in injects for k in i if k.startswith("x-")})
    headers = [*COLUMNS, *extensions]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row, inject in enumerate(injects, start=2):
        for col, header in enumerate(headers, start=1):
            key = _KEYS.get(header, header)
            text = _cell(key, inject.get(key))
            if text is not None:
                cell = ws.cell(row=row, column=col, value=text)
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, header in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = _WIDTHS.get(
            header, 14
        )
    ws.freeze_panes = "A2"
    wb.save(path)


def read_sheet(path: Path | str, ex: Exercise, limits: Limits = DEFAULT_LIMITS) -> Exercise:
    """``ex`` with its injects read from the sheet at ``path``; nothing changes on an error."""
    source = f"{path}[{SHEET}]"
    wb = open_workbook(path, str(path), limits)
    names = {n.lower(): n for n in wb.sheetnames}
    name = names.get(SHEET.lower()) or names.get("injects")
    if name is None:
        raise MapError([Problem(str(path), 0, f"the workbook has no sheet {SHEET!r}")])
    rows = list(wb[name].iter_rows(values_only=True))
    if not rows:
        raise MapError([Problem(source, 1, "the sheet is empty; the first row names the columns")])
    problems: list[Problem] = []
    keys: list[str | None] = []
    for header in rows[0]:
        text = str(header).strip() if header is not None else ""
        if not text:
            keys.append(None)
        elif text in _KEYS or text.startswith("x-"):
            keys.append(_KEYS.get(text, text))
        else:
            near = difflib.get_close_matches(text, list(COLUMNS), n=1, cutoff=0.6)
            hint = f" — did you mean {near[0]!r}?" if near else f" (columns: {', '.join(COLUMNS)})"
            problems.append(Problem(source, 1, f"unknown column {text!r}{hint}"))
            keys.append(None)
    injects: list[dict[str, Any]] = []
    lines: dict[tuple[str | int, ...], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        entry: dict[str, Any] = {}
        for key, value in zip(keys, row, strict=False):
            if key is None or value is None or str(value).strip() == "":
                continue
            text = str(value)
            if key.startswith("x-"):
                try:
                    entry[key] = yaml.safe_load(text)
                except yaml.YAMLError:
                    problems.append(Problem(source, line, f"{key}: not a YAML value"))
            elif key in _LISTS:
                entry[key] = [p.strip() for p in text.split(",") if p.strip()]
            elif key == "expected":
                entry[key] = [p.strip() for p in text.splitlines() if p.strip()]
            else:
                entry[key] = text.strip()
        lines[("injects", len(injects))] = line
        injects.append(entry)
    if problems:
        raise MapError(problems)
    data = to_data(ex)
    data["injects"] = injects
    return from_data(data, source, lines)
