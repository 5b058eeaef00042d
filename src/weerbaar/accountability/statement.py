"""The statement of applicability (Verklaring van Toepasselijkheid) as an Excel workbook.

One sheet ``VvT`` with every assessable control of the catalogue, in its
order: number, chapter, text, applicable, reason, status, owner, evidence;
a sheet ``toelichting`` says what it is: catalogue, version, reporting year
and reference date, organisation, when it was made.
"""

from __future__ import annotations

import io
from datetime import datetime

from weerbaar.accountability.assessment import StatementRow, reporting_year_end
from weerbaar.accountability.catalogue import Catalogue

HEAD = ("nummer", "hoofdstuk", "maatregel", "van toepassing", "reden", "status", "eigenaar",
        "bewijs")  # fmt: skip
WIDTHS = (12, 28, 70, 16, 40, 18, 20, 40)


def applicable_label(value: bool | None) -> str:
    return {True: "ja", False: "nee", None: "niet beoordeeld"}[value]


def statement_xlsx(
    catalogue: Catalogue,
    rows: list[StatementRow],
    year: int,
    organisation: str,
    made: datetime,
) -> bytes:
    """The workbook's bytes.

    Examples
    --------
    >>> from datetime import datetime
    >>> from weerbaar.accountability.assessment import THREE_LEVELS, statement
    >>> from weerbaar.accountability.catalogue import Catalogue, Control
    >>> cat = Catalogue("Normen", "1", None, "n.md", (Control("1.01", "Beleid.", "1"),))
    >>> data = statement_xlsx(cat, statement(cat, [], THREE_LEVELS), 2026, "Gemeente X",
    ...                       datetime(2027, 1, 5))
    >>> data[:2]
    b'PK'
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "VvT"
    sheet.append(HEAD)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        c = r.control
        sheet.append(
            (
                c.id,
                f"{c.chapter} {catalogue.chapter_name(c.chapter)}".strip()
                if c.chapter in catalogue.chapters
                else c.chapter,
                f"{c.title}\n{c.text}".strip() if c.title else c.text,
                applicable_label(r.applicable),
                r.reason,
                r.status,
                r.owner,
                "\n".join(r.evidence),
            )
        )
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    info = book.create_sheet("toelichting")
    for key, value in (
        ("document", "Verklaring van Toepasselijkheid"),
        ("organisatie", organisation),
        ("catalogus", catalogue.name),
        ("versie", catalogue.version),
        ("datum versie", catalogue.issued.isoformat() if catalogue.issued else ""),
        ("verslagjaar", year),
        ("peildatum", reporting_year_end(year).isoformat()),
        ("gemaakt", made.strftime("%Y-%m-%d %H:%M")),
        ("maatregelen", len(rows)),
    ):
        info.append((key, value))
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
