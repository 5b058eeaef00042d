"""Read a municipality's own list of controls from an Excel workbook.

The first sheet holds one control per row under a header row with the
columns ``id`` and ``tekst`` (or ``text``), and optionally ``titel``
(``title``), ``hoofdstuk`` (``chapter``) and ``verplaatst naar``
(``moved to``). Name, version and date come from a sheet ``catalogus``
with rows ``naam``, ``versie`` and ``datum`` (key in column A, value in B),
or from the caller. Problems are located as ``file:row``.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from weerbaar.accountability.catalogue import (
    Catalogue,
    CatalogueError,
    Control,
    ControlKind,
    check_unique,
    dangling_moves,
    parse_date,
)
from weerbaar.i18n import _
from weerbaar.model.errors import Problem

COLUMNS = {
    "id": "id",
    "tekst": "text",
    "text": "text",
    "titel": "title",
    "title": "title",
    "hoofdstuk": "chapter",
    "chapter": "chapter",
    "verplaatst naar": "moved_to",
    "moved to": "moved_to",
}
META = {"naam": "name", "name": "name", "versie": "version", "version": "version",
        "datum": "issued", "date": "issued"}  # fmt: skip


def parse_xlsx(
    data: bytes,
    source: str,
    *,
    name: str | None = None,
    version: str | None = None,
    issued: date | None = None,
) -> Catalogue:
    """A catalogue from an Excel workbook (see the module docstring).

    Raises
    ------
    CatalogueError
        With every problem as ``source:row: what is wrong``.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise CatalogueError([Problem(source, 0, _("not an Excel workbook (.xlsx)"))]) from None
    meta: dict[str, Any] = {}
    if "catalogus" in book.sheetnames:
        for row in book["catalogus"].iter_rows(values_only=True):
            if row and isinstance(row[0], str) and row[0].strip().lower() in META:
                meta[META[row[0].strip().lower()]] = row[1] if len(row) > 1 else None
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    problems: list[Problem] = []
    header = [str(v).strip().lower() if v is not None else "" for v in (rows[0] if rows else ())]
    unknown = [h for h in header if h and h not in COLUMNS]
    for h in unknown:
        problems.append(
            Problem(
                source,
                1,
                _("unknown column {name!r}; known: {known}").format(
                    name=h, known=", ".join(COLUMNS)
                ),
            )
        )
    cols = {COLUMNS[h]: i for i, h in enumerate(header) if h in COLUMNS}
    for needed in ("id", "text"):
        if needed not in cols:
            problems.append(
                Problem(source, 1, _("the header row has no column {name!r}").format(name=needed))
            )
    controls: list[Control] = []
    if "id" in cols and "text" in cols:
        for number, row in enumerate(rows[1:], start=2):
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            cell = {key: _text(row, i) for key, i in cols.items()}
            if not cell["id"]:
                problems.append(Problem(source, number, _("the row has no id")))
                continue
            moved = cell.get("moved_to") or None
            if not cell["text"] and not moved:
                problems.append(
                    Problem(source, number, _("control {id} has no text").format(id=cell["id"]))
                )
                continue
            controls.append(
                Control(
                    cell["id"],
                    cell["text"] or f"Verplaatst naar {moved}.",
                    cell.get("chapter") or "",
                    cell.get("title", ""),
                    ControlKind.MOVED if moved else ControlKind.MEASURE,
                    moved,
                    number,
                )
            )
        if not controls and not problems:
            problems.append(Problem(source, 0, _("the first sheet holds no controls")))
    problems += check_unique(controls, source)
    name = name or _text([meta.get("name")], 0)
    version = version or _text([meta.get("version")], 0)
    raw = meta.get("issued")
    if issued is None and raw is not None:
        issued = raw.date() if isinstance(raw, datetime) else parse_date(str(raw))
    if not name:
        problems.append(
            Problem(source, 0, _("no name: give one, or a row 'naam' on sheet catalogus"))
        )
    if not version:
        problems.append(
            Problem(source, 0, _("no version: give one, or a row 'versie' on sheet catalogus"))
        )
    if problems:
        raise CatalogueError(problems)
    return Catalogue(
        name or "",
        version or "",
        issued,
        source,
        tuple(controls),
        chapters={},
        warnings=dangling_moves(controls, source),
    )


def _text(row: Any, i: int) -> str:
    value = row[i] if i < len(row) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
