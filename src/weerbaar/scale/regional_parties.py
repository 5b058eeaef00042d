"""Which parties of several maps are one, and the prefixes that keep the rest apart.

See :mod:`weerbaar.scale.regional` for the rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from weerbaar.model.errors import MapError, Problem
from weerbaar.model.riskmap import Party, PartyKind, RiskMap

LEGAL_FORMS = frozenset({"bv", "nv", "vof", "cv", "ua", "ba"})
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def normalise_name(name: str) -> str:
    """A party name for comparison: case and punctuation folded, legal forms dropped.

    Examples
    --------
    >>> normalise_name("Hosting B.V."), normalise_name("hosting bv"), normalise_name("Foo N.V.")
    ('hosting', 'hosting', 'foo')
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace(".", "")
    return " ".join(w for w in re.findall(r"\w+", text) if w not in LEGAL_FORMS)


def default_prefix(m: RiskMap, index: int) -> str:
    """The slug of the map's name without "Gemeente", else of its file name.

    Examples
    --------
    >>> default_prefix(RiskMap(name="Gemeente Súdwest Fryslân"), 0)
    'sudwest-fryslan'
    """
    for text in (m.name, Path(m.source).stem if not m.source.startswith("<") else ""):
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")
        slug = slug.removeprefix("gemeente-")
        if slug:
            return slug
    return f"map{index + 1}"


def located(m: RiskMap, message: str, *path: str | int) -> Problem:
    """A problem at the line of ``path`` (or its deepest known parent) in map ``m``'s file."""
    for end in range(len(path), -1, -1):
        line = m.lines.get(path[:end])
        if line is not None:
            return Problem(m.source, line, message, path=path)
    return Problem(m.source, 0, message, path=path)


def prefixes_for(maps: Sequence[RiskMap], given: Sequence[str] | None) -> list[str]:
    """The given prefixes, checked, or one per map from :func:`default_prefix`, made unique."""
    if given is not None:
        if len(given) != len(maps):
            raise ValueError(f"{len(given)} prefixes for {len(maps)} maps")
        problems = [
            located(m, f"prefix {p!r} is not a valid id")
            for m, p in zip(maps, given, strict=True)
            if not _ID.match(p)
        ]
        problems += [
            located(maps[i], f"prefix {p!r} is used for more than one map")
            for i, p in enumerate(given)
            if p in given[:i]
        ]
        if problems:
            raise MapError(problems)
        return list(given)
    out: list[str] = []
    for i, m in enumerate(maps):
        base = candidate = default_prefix(m, i)
        k = 2
        while candidate in out:
            candidate, k = f"{base}-{k}", k + 1
        out.append(candidate)
    return out


@dataclass
class _Group:
    """Parties of different maps recognised as one."""

    members: list[tuple[int, Party]]

    @property
    def first(self) -> Party:
        return self.members[0][1]

    @property
    def maps(self) -> set[int]:
        return {i for i, _ in self.members}


def merge_parties(
    maps: Sequence[RiskMap], prefixes: Sequence[str]
) -> tuple[list[Party], list[dict[str, str]]]:
    """Merged parties, and per map the merged id of each of its party ids."""
    groups: list[_Group] = []
    by_name: dict[str, list[_Group]] = defaultdict(list)
    by_id: dict[str, list[_Group]] = defaultdict(list)
    for i, m in enumerate(maps):
        for p in m.parties:
            group = _match(by_name, by_id, i, p)
            if group is None:
                group = _Group([])
                groups.append(group)
                by_id[p.id].append(group)
                if normalise_name(p.name):
                    by_name[normalise_name(p.name)].append(group)
            group.members.append((i, p))
    # Groups that want the same id are different parties: prefix them, except
    # the one group (if exactly one) that several maps share.
    ids: list[str] = []
    for group in groups:
        rivals = by_id[group.first.id]
        shared = [g for g in rivals if len(g.maps) > 1]
        keep = len(rivals) == 1 or (len(shared) == 1 and shared[0] is group)
        first_map = group.members[0][0]
        ids.append(group.first.id if keep else f"{prefixes[first_map]}-{group.first.id}")
    mapping: list[dict[str, str]] = [{} for _ in maps]
    parties = []
    for group, new_id in zip(groups, ids, strict=True):
        maturity = next((p.maturity for _, p in group.members if p.maturity is not None), None)
        parties.append(replace(group.first, id=new_id, maturity=maturity))
        for i, p in group.members:
            mapping[i][p.id] = new_id
    problems = [
        located(maps[g.members[0][0]], f"merged party id {pid!r} would be used twice")
        for g, pid in zip(groups, ids, strict=True)
        if Counter(ids)[pid] > 1
    ]
    if problems:
        raise MapError(problems)
    return parties, mapping


def _match(
    by_name: dict[str, list[_Group]], by_id: dict[str, list[_Group]], i: int, p: Party
) -> _Group | None:
    """The group from earlier maps that party ``p`` of map ``i`` belongs to, if any."""
    name = normalise_name(p.name)
    for group in by_name.get(name, []) if name else []:
        if i not in group.maps:
            return group
    if p.kind == PartyKind.GEMEENTE:
        return None
    for group in by_id.get(p.id, []):
        q = group.first
        if (
            i not in group.maps
            and q.kind != PartyKind.GEMEENTE
            and not (name and normalise_name(q.name))
        ):
            return group
    return None
