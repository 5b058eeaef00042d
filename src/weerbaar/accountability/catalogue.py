"""Catalogues of controls: what a framework asks, as imported from a file.

A :class:`Catalogue` is one version of one framework (the BIO2
overheidsmaatregelen, NIST CSF 2.0, a municipality's own norms) with its
source, version and date. Weerbaar ships no official text: catalogues are
read from the file the user provides (:mod:`weerbaar.accountability.bio2`,
:mod:`~weerbaar.accountability.oscal`, :mod:`~weerbaar.accountability.xlsx`),
whole or not at all. :func:`diff` says what a newer version changed, and
:func:`carry_over` which assessment of the old version belongs to which
control of the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from weerbaar.i18n import _
from weerbaar.model.errors import MapError, Problem


class CatalogueError(MapError):
    """A catalogue file that cannot be used; ``problems`` says where and why."""


class ControlKind(StrEnum):
    """What an entry of a catalogue is."""

    #: A requirement to assess.
    MEASURE = "measure"
    #: A control without a measure of its own (BIO2: "Geen overheidsmaatregel");
    #: it is still assessed, against the ISO/IEC 27002 guidance.
    NO_MEASURE = "no_measure"
    #: A number kept only to say where its text went (BIO2: "Verplaatst naar").
    MOVED = "moved"


@dataclass(frozen=True)
class Control:
    """One entry of a catalogue.

    ``chapter`` groups controls for coverage figures (for the BIO2 the
    first digit: 5 organisational, 6 people, 7 physical, 8 technological);
    ``moved_to`` is the id a MOVED entry points at.
    """

    id: str
    text: str
    chapter: str
    title: str = ""
    kind: ControlKind = ControlKind.MEASURE
    moved_to: str | None = None
    line: int = 0

    @property
    def assessable(self) -> bool:
        """Whether the control belongs in an assessment and the statement of applicability."""
        return self.kind is not ControlKind.MOVED

    @property
    def label(self) -> str:
        """The id with the title or the start of the text, for lists."""
        words = self.title or self.text
        short = words if len(words) <= 80 else words[:77].rstrip() + "…"
        return f"{self.id} {short}" if short else self.id


@dataclass(frozen=True)
class Catalogue:
    """One version of a framework's controls, in the order of the source."""

    name: str
    version: str
    issued: date | None
    source: str
    controls: tuple[Control, ...]
    chapters: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    #: What is odd in the file but does not stop the import (a move to an
    #: id that is not there: the ministry's own file has one).
    warnings: tuple[Problem, ...] = ()

    def control(self, control_id: str) -> Control:
        for c in self.controls:
            if c.id == control_id:
                return c
        raise KeyError(control_id)

    @property
    def assessable(self) -> tuple[Control, ...]:
        return tuple(c for c in self.controls if c.assessable)

    def chapter_name(self, chapter: str) -> str:
        return self.chapters.get(chapter, chapter)


def normalise(text: str) -> str:
    """Text with markup, case and spacing removed, to tell rewording from reflowing.

    Examples
    --------
    >>> normalise("Er is een **CISO**<br>aangesteld.") == normalise("er is een CISO aangesteld. ")
    True
    """
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"[*_`#>]", "", text)
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class CatalogueDiff:
    """What changed from one version of a catalogue to the next.

    ``moved`` pairs an old id with the new id its text went to; ``reworded``
    lists ids kept whose text changed in more than spacing or markup.
    """

    added: tuple[str, ...]
    removed: tuple[str, ...]
    moved: tuple[tuple[str, str], ...]
    reworded: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.moved or self.reworded)


def diff(old: Catalogue, new: Catalogue) -> CatalogueDiff:
    """What ``new`` adds, removes, moves and rewords compared with ``old``.

    A control is *moved* when the new version marks its id as moved to
    another id, or when its id is gone and a new id carries the same text.

    Examples
    --------
    >>> a = Catalogue("x", "1", None, "a",
    ...     (Control("1.1", "Een.", "1"), Control("1.2", "Twee.", "1")))
    >>> b = Catalogue("x", "2", None, "b", (Control("1.1", "Een, anders.", "1"),
    ...     Control("1.3", "Twee.", "1"), Control("1.4", "Vier.", "1")))
    >>> diff(a, b)
    CatalogueDiff(added=('1.4',), removed=(), moved=(('1.2', '1.3'),), reworded=('1.1',))
    """
    before = {c.id: c for c in old.assessable}
    after = {c.id: c for c in new.assessable}
    moved: dict[str, str] = {}
    for c in new.controls:
        if c.kind is ControlKind.MOVED and c.id in before and c.moved_to in after:
            moved[c.id] = c.moved_to
    by_text = {normalise(c.text): c.id for c in new.assessable if c.id not in before}
    for cid, c in before.items():
        if cid not in after and cid not in moved and normalise(c.text) in by_text:
            moved[cid] = by_text[normalise(c.text)]
    targets = set(moved.values())
    added = tuple(cid for cid in after if cid not in before and cid not in targets)
    removed = tuple(cid for cid in before if cid not in after and cid not in moved)
    reworded = tuple(
        cid
        for cid in after
        if cid in before and normalise(after[cid].text) != normalise(before[cid].text)
    )
    return CatalogueDiff(added, removed, tuple(moved.items()), reworded)


def carry_over(old: Catalogue, new: Catalogue) -> dict[str, str]:
    """Which new control each old control's assessment belongs to: ``{old id: new id}``.

    A kept id keeps its assessment (reworded or not: the assessor sees the
    rewording in the diff); a moved control's assessment follows it unless
    the target has one of its own by id. Removed controls are left out.

    Examples
    --------
    >>> a = Catalogue("x", "1", None, "a",
    ...     (Control("1.1", "Een.", "1"), Control("1.2", "Twee.", "1")))
    >>> b = Catalogue("x", "2", None, "b", (Control("1.2", "Verplaatst naar 1.3.", "1",
    ...     kind=ControlKind.MOVED, moved_to="1.3"), Control("1.3", "Twee.", "1")))
    >>> carry_over(a, b)
    {'1.2': '1.3'}
    """
    changes = diff(old, new)
    kept = {c.id for c in new.assessable}
    mapping = {c.id: c.id for c in old.assessable if c.id in kept}
    for source, target in changes.moved:
        if target not in mapping.values():
            mapping[source] = target
    return mapping


def parse_date(text: str) -> date | None:
    """An ISO date or a Dutch one ("9 januari 2026"); None when it is neither.

    Examples
    --------
    >>> parse_date("09 januari 2026"), parse_date("2026-01-09"), parse_date("gisteren")
    (datetime.date(2026, 1, 9), datetime.date(2026, 1, 9), None)
    """
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    found = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", text.lower())
    if found and found.group(2) in MONTHS:
        day, month, year = int(found.group(1)), MONTHS.index(found.group(2)) + 1, found.group(3)
        try:
            return date(int(year), month, day)
        except ValueError:
            return None
    return None


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def check_unique(controls: list[Control], source: str) -> list[Problem]:
    """A problem for every id given twice."""
    problems = []
    seen: dict[str, int] = {}
    for c in controls:
        if c.id in seen:
            problems.append(
                Problem(
                    source,
                    c.line,
                    _("control {id} is given twice (first on line {line})").format(
                        id=c.id, line=seen[c.id]
                    ),
                )
            )
        seen.setdefault(c.id, c.line)
    return problems


def dangling_moves(controls: list[Control], source: str) -> tuple[Problem, ...]:
    """A warning for every move to an id that is not in the catalogue."""
    ids = {c.id for c in controls}
    problems = []
    for c in controls:
        if c.moved_to is not None and c.moved_to not in ids:
            problems.append(
                Problem(
                    source,
                    c.line,
                    _("{id} moved to {to}, which is not in the file").format(
                        id=c.id, to=c.moved_to
                    ),
                )
            )
    return tuple(problems)
