"""Read the BIO2 overheidsmaatregelen in the Markdown the ministry publishes.

The format, as in the ministry's repository: an introduction (with the
remark which measures fall outside the scope of the Cyberbeveiligingswet),
then one ``## x.yy.zz`` heading per measure, numbered after the ISO/IEC
27002:2022 control ``x.yy`` it belongs to, followed by the measure's text.
Two kinds of entry are not measures: "Geen overheidsmaatregel…" (the control
has no government measure; it is assessed against the ISO guidance) and
"Verplaatst naar x.yy.zz." (the number is kept to say where its text went).

Weerbaar does not ship this text; the user downloads it (see the README).

Examples
--------
>>> cat = parse_bio2('''# Voorbeeldnormen versie 0.1 van 2 februari 2026
... ## 5.01.01
... Er is een beleid.
... ## 5.01.02
... Verplaatst naar 5.01.01.
... ## 8.01.01
... Geen overheidsmaatregel, zie inleiding.
... ''', "normen.md")
>>> [(c.id, c.kind.value, c.chapter) for c in cat.controls]
[('5.01.01', 'measure', '5'), ('5.01.02', 'moved', '5'), ('8.01.01', 'no_measure', '8')]
>>> cat.version, cat.issued
('0.1', datetime.date(2026, 2, 2))
"""

from __future__ import annotations

import re
from datetime import date

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

#: The themes of ISO/IEC 27002:2022, the first digit of a BIO2 number.
CHAPTERS = {
    "5": "Organisatorische beheersmaatregelen",
    "6": "Mensgerichte beheersmaatregelen",
    "7": "Fysieke beheersmaatregelen",
    "8": "Technologische beheersmaatregelen",
}

NUMBER = re.compile(r"\d+\.\d{2}\.\d{2}")
MOVED = re.compile(r"verplaatst naar\s+(\S+?)\.?\s*$", re.IGNORECASE)
VERSION = re.compile(r"versie\s+(\d+(?:\.\d+)*)\s+van\s+(\d{1,2}\s+[a-z]+\s+\d{4})", re.IGNORECASE)


def parse_bio2(
    data: str | bytes,
    source: str,
    *,
    name: str | None = None,
    version: str | None = None,
    issued: date | None = None,
) -> Catalogue:
    """A catalogue from BIO2 Markdown; every problem located, nothing half read.

    ``name``, ``version`` and ``issued`` override what the file says (its
    first ``#`` heading; "versie 1.3 van 9 januari 2026"); a file that names
    no version, and gets none, is an error.

    Raises
    ------
    CatalogueError
        With every problem as ``source:line: what is wrong``.
    """
    problems: list[Problem] = []
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            where = exc.object[: exc.start].count(b"\n") + 1
            raise CatalogueError([Problem(source, where, _("this is not UTF-8 text"))]) from None
    notes: list[str] = []
    entries: list[tuple[str, int, list[str]]] = []
    for number, raw in enumerate(data.splitlines(), start=1):
        line = raw.rstrip()
        if line.startswith("## "):
            heading = line[3:].strip()
            if not NUMBER.fullmatch(heading):
                problems.append(
                    Problem(
                        source,
                        number,
                        _("heading {heading!r} is not a measure number x.yy.zz").format(
                            heading=heading
                        ),
                    )
                )
            entries.append((heading, number, []))
        elif entries and not line.startswith("# "):
            entries[-1][2].append(line)
        else:
            notes.append(line)
    if not entries:
        problems.append(Problem(source, 0, _("no measures found: no '## x.yy.zz' heading")))
    controls = []
    for heading, at, body in entries:
        text = "\n".join(body).strip()
        if not text:
            problems.append(
                Problem(source, at, _("measure {heading} has no text").format(heading=heading))
            )
            continue
        controls.append(_control(heading, text, at))
    problems += check_unique(controls, source)
    found = VERSION.findall(data)
    if version is None and found:
        version = found[-1][0]
    if issued is None and found:
        issued = parse_date(found[-1][1])
    if not version:
        problems.append(
            Problem(
                source,
                0,
                _("the file names no version ('versie 1.3 van 9 januari 2026'): give one"),
            )
        )
    if problems:
        raise CatalogueError(problems)
    return Catalogue(
        name=name or _title(notes),
        version=version or "",
        issued=issued,
        source=source,
        controls=tuple(controls),
        chapters={k: v for k, v in CHAPTERS.items() if any(c.chapter == k for c in controls)},
        notes="\n".join(notes).strip(),
        warnings=dangling_moves(controls, source),
    )


def _title(lines: list[str]) -> str:
    """The first ``#`` heading; the ministry's capitals as the usual name."""
    heading = next((x[2:].strip() for x in lines if x.startswith("# ")), "")
    if "BIO" in heading.upper() and "OVERHEIDSMAATREGELEN" in heading.upper():
        return "BIO2 overheidsmaatregelen"
    return heading or "Catalogus"


def _control(number: str, text: str, line: int) -> Control:
    chapter = number.split(".")[0]
    first = text.splitlines()[0]
    moved = MOVED.match(first)
    if moved and len(text.splitlines()) == 1:
        return Control(
            number, text, chapter, kind=ControlKind.MOVED, moved_to=moved.group(1), line=line
        )
    if first.lower().startswith("geen overheidsmaatregel"):
        return Control(number, text, chapter, kind=ControlKind.NO_MEASURE, line=line)
    return Control(number, text, chapter, line=line)
