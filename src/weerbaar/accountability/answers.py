"""A year's self-assessment from a spreadsheet, and the statement as CSV.

The command line has no database: a municipality keeps its assessment in
the statement of applicability itself. ``weerbaar catalogue soa`` writes
the statement (every control, "niet beoordeeld" where nothing is known);
someone fills in the columns *van toepassing*, *reden*, *status*,
*eigenaar* and *bewijs*, and the filled-in file (Excel or CSV, the columns
of :data:`~weerbaar.accountability.statement.HEAD`) is read back here, so
the next statement is made from it: a lossless round trip.

A status is a label of the catalogue's scale (``deels``, ``3 vastgelegd``)
or its level number; *niet van toepassing* and *niet beoordeeld* follow
from the applicability. Every problem is reported as ``file:row``.

Examples
--------
>>> from weerbaar.accountability.assessment import THREE_LEVELS
>>> from weerbaar.accountability.catalogue import Catalogue, Control
>>> cat = Catalogue("Normen", "1", None, "n.md", (Control("5.01", "Beleid.", "5"),))
>>> text = "nummer,van toepassing,reden,status,eigenaar,bewijs\\n5.01,ja,,deels,CISO,beleid.pdf\\n"
>>> read_answers(text.encode(), "vvt.csv", cat, THREE_LEVELS)
[ControlAssessment(control='5.01', applicable=True, reason='', level=1, owner='CISO', \
evidence=('beleid.pdf',), last_review=None, next_review=None, nodes=(), measures=())]
"""

from __future__ import annotations

import csv
import io
from typing import Any

from weerbaar.accountability.assessment import ControlAssessment, Scale, StatementRow
from weerbaar.accountability.catalogue import Catalogue, CatalogueError
from weerbaar.accountability.statement import HEAD, applicable_label
from weerbaar.i18n import _
from weerbaar.model.errors import Problem

APPLICABLE = {"ja": True, "yes": True, "nee": False, "no": False, "": None,
              "niet beoordeeld": None}  # fmt: skip
#: Statuses that are not a level of the scale.
NOT_A_LEVEL = ("niet van toepassing", "niet beoordeeld", "—", "")


def statement_csv(rows: list[StatementRow]) -> bytes:
    """The statement as CSV (UTF-8 with a byte order mark, so Excel reads the accents).

    >>> from weerbaar.accountability.catalogue import Control
    >>> row = StatementRow(Control("5.01", "Beleid.", "5"), True, "", "deels", ("a.pdf",), "CISO")
    >>> statement_csv([row]).decode("utf-8-sig").splitlines()[1]
    '5.01,5,Beleid.,ja,,deels,CISO,a.pdf'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEAD)
    for r in rows:
        c = r.control
        text = f"{c.title}\n{c.text}".strip() if c.title else c.text
        writer.writerow((c.id, c.chapter, text, applicable_label(r.applicable), r.reason,
                         r.status, r.owner, "\n".join(r.evidence)))  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


def _rows(data: bytes, source: str) -> list[tuple[int, list[str]]]:
    """The rows of the first sheet or of the CSV, numbered as the file numbers them."""
    if source.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise CatalogueError([Problem(source, 0, _("not an Excel workbook (.xlsx)"))]) from None
        sheet = book.worksheets[0]
        return [
            (i, ["" if v is None else str(v).strip() for v in row])
            for i, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogueError([Problem(source, 0, _("this is not UTF-8 text"))]) from None
    reader = csv.reader(io.StringIO(text))
    out = []
    for row in reader:
        out.append((reader.line_num, [v.strip() for v in row]))
    return out


def read_answers(
    data: bytes, source: str, catalogue: Catalogue, scale: Scale
) -> list[ControlAssessment]:
    """The assessments a filled-in statement holds (rows never filled in are left out).

    Raises
    ------
    CatalogueError
        With every problem as ``source:row: what is wrong``; nothing is read then.
    """
    rows = _rows(data, source)
    if not rows:
        raise CatalogueError([Problem(source, 0, _("the file is empty"))])
    head = [h.lower() for h in rows[0][1]]
    problems = [
        Problem(source, rows[0][0], _("the header row has no column {name!r}").format(name=h))
        for h in ("nummer", "van toepassing", "status")
        if h not in head
    ]
    if problems:
        raise CatalogueError(problems)
    known = {c.id for c in catalogue.assessable}
    levels = {label.lower(): i for i, label in enumerate(scale.labels)}
    seen: dict[str, int] = {}
    out = []
    for line, values in rows[1:]:
        cell: dict[str, Any] = dict(zip(head, values + [""] * len(head), strict=False))
        cid = cell["nummer"]
        if not any(values):
            continue
        if cid not in known:
            message = _("{id} is not a control of {name} {version}").format(
                id=cid or "—", name=catalogue.name, version=catalogue.version
            )
            problems.append(Problem(source, line, message))
            continue
        if cid in seen:
            message = _("control {id} is given twice (first on line {line})").format(
                id=cid, line=seen[cid]
            )
            problems.append(Problem(source, line, message))
            continue
        seen[cid] = line
        answer = cell["van toepassing"].lower()
        if answer not in APPLICABLE:
            message = _("'van toepassing' must be ja or nee, not {value!r}").format(
                value=cell["van toepassing"]
            )
            problems.append(Problem(source, line, message))
            continue
        applicable = APPLICABLE[answer]
        status = cell["status"].lower()
        level = None
        if status not in NOT_A_LEVEL:
            if status in levels:
                level = levels[status]
            elif status.isdigit() and int(status) <= scale.top:
                level = int(status)
            else:
                message = _("status {value!r} is not on the scale: {labels}").format(
                    value=cell["status"], labels=", ".join(scale.labels)
                )
                problems.append(Problem(source, line, message))
                continue
        a = ControlAssessment(
            cid,
            applicable=applicable,
            reason=cell.get("reden", ""),
            level=level,
            owner=cell.get("eigenaar", ""),
            evidence=tuple(x.strip() for x in cell.get("bewijs", "").splitlines() if x.strip()),
        )
        problems += [Problem(source, line, p) for p in a.problems(scale)]
        if applicable is not None or level is not None or a.reason or a.owner:
            out.append(a)
    if problems:
        raise CatalogueError(problems)
    return out
