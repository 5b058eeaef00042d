"""Pick the reader of a catalogue file by its name and content."""

from __future__ import annotations

from datetime import date

from weerbaar.accountability.catalogue import Catalogue, CatalogueError
from weerbaar.i18n import _
from weerbaar.model.errors import Problem

#: Largest catalogue file read; the full BIO2 is some 60 kB.
MAX_BYTES = 10 * 1024 * 1024


def read_catalogue(
    data: bytes,
    source: str,
    *,
    name: str | None = None,
    version: str | None = None,
    issued: date | None = None,
) -> Catalogue:
    """A catalogue from BIO2 Markdown (.md), OSCAL JSON (.json) or Excel (.xlsx).

    Raises
    ------
    CatalogueError
        For a file of another kind, a file too large, or any problem in it.
    """
    if len(data) > MAX_BYTES:
        raise CatalogueError(
            [Problem(source, 0, _("larger than {mb} MB").format(mb=MAX_BYTES // 1024 // 1024))]
        )
    lower = source.lower()
    if lower.endswith((".md", ".markdown", ".txt")):
        from weerbaar.accountability.bio2 import parse_bio2

        return parse_bio2(data, source, name=name, version=version, issued=issued)
    if lower.endswith(".json"):
        from weerbaar.accountability.oscal import parse_oscal

        cat = parse_oscal(data, source)
        return _override(cat, name, version, issued)
    if lower.endswith(".xlsx"):
        from weerbaar.accountability.xlsx import parse_xlsx

        return parse_xlsx(data, source, name=name, version=version, issued=issued)
    raise CatalogueError(
        [
            Problem(
                source,
                0,
                _("unknown kind of file: give BIO2 Markdown (.md), OSCAL (.json) or Excel (.xlsx)"),
            )
        ]
    )


def _override(
    cat: Catalogue, name: str | None, version: str | None, issued: date | None
) -> Catalogue:
    from dataclasses import replace

    return replace(
        cat,
        name=name or cat.name,
        version=version or cat.version,
        issued=issued or cat.issued,
    )
