"""The words of a generated exercise: inject templates, role and team names, times.

Inject texts are in ``templates.yaml`` next to this module, Dutch and
English side by side (the exercise file records its language); the
generator picks the most specific template for an event (:func:`choose`).

Examples
--------
>>> hours_text(26, "nl"), hours_text(0.5, "en"), hours_text(72, "nl")
('26 uur', '30 minutes', '3 dagen')
>>> clock_text(9.0, 16.5, "nl")
'dag 2, 01:30'
>>> names_text(["A", "B", "C"], "nl")
'A, B en C'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from weerbaar.exercise.clock import scenario_clock
from weerbaar.exercise.records import Channel, Team
from weerbaar.model.roles import OwnerRole

LANGUAGES = ("nl", "en")

ROLE_NAMES: dict[str, dict[OwnerRole, str]] = {
    "nl": {
        OwnerRole.BURGEMEESTER: "Burgemeester",
        OwnerRole.CISO: "CISO",
        OwnerRole.OOV: "Adviseur OOV",
        OwnerRole.CRISISCOORDINATOR: "Crisiscoördinator",
        OwnerRole.COMMUNICATIE: "Communicatieadviseur",
        OwnerRole.IT: "IT-manager",
        OwnerRole.PROCESEIGENAAR: "Proceseigenaar",
        OwnerRole.KETENPARTNER: "Contactpersoon ketenpartner",
    },
    "en": {
        OwnerRole.BURGEMEESTER: "Mayor (burgemeester)",
        OwnerRole.CISO: "CISO",
        OwnerRole.OOV: "Public order and safety adviser (OOV)",
        OwnerRole.CRISISCOORDINATOR: "Crisis coordinator",
        OwnerRole.COMMUNICATIE: "Communication adviser",
        OwnerRole.IT: "IT manager",
        OwnerRole.PROCESEIGENAAR: "Process owner",
        OwnerRole.KETENPARTNER: "Chain partner contact",
    },
}

TEAM_NAMES: dict[str, dict[Team, str]] = {
    "nl": {
        Team.IT_CRISISTEAM: "IT-crisisteam",
        Team.COPI: "CoPI",
        Team.ROT: "ROT",
        Team.GBT: "GBT",
        Team.RBT: "RBT",
    },
    "en": {
        Team.IT_CRISISTEAM: "IT crisis team",
        Team.COPI: "CoPI (on-scene command)",
        Team.ROT: "ROT (regional operational team)",
        Team.GBT: "GBT (municipal policy team)",
        Team.RBT: "RBT (regional policy team)",
    },
}

_WORDS = {
    "nl": {
        "and": "en",
        "day": "dag",
        "none": "nog geen vitale processen",
        "all-up": "Alles werkt weer.",
        "still-down": "Nog uitgevallen",
    },
    "en": {
        "and": "and",
        "day": "day",
        "none": "no vital processes yet",
        "all-up": "Everything works again.",
        "still-down": "Still down",
    },
}
_UNITS = {
    "nl": (
        ("week", "weken", 168),
        ("dag", "dagen", 24),
        ("uur", "uur", 1),
        ("minuut", "minuten", 1 / 60),
    ),
    "en": (
        ("week", "weeks", 168),
        ("day", "days", 24),
        ("hour", "hours", 1),
        ("minute", "minutes", 1 / 60),
    ),
}


def word(key: str, lang: str) -> str:
    return _WORDS[lang][key]


def hours_text(hours: float, lang: str) -> str:
    """A duration in the largest whole unit that fits, else in hours (rounded)."""
    for one, many, size in _UNITS[lang]:
        count = hours / size
        if count >= 1 and abs(count - round(count)) < 1e-9:
            n = round(count)
            return f"{n} {one if n == 1 else many}"
    if hours >= 1:
        return f"{hours:.1f} {_UNITS[lang][2][1]}".replace(".", "," if lang == "nl" else ".")
    return f"{round(hours * 60)} {_UNITS[lang][3][1]}"


def clock_text(start: float, scenario_at: float, lang: str) -> str:
    day, hour, minute = scenario_clock(start, scenario_at)
    return f"{word('day', lang)} {day}, {hour:02d}:{minute:02d}"


def names_text(names: Sequence[str], lang: str, limit: int = 6) -> str:
    """``A, B en C``; past ``limit`` names the rest are counted (``en 12 andere``)."""
    names = list(names)
    if len(names) > limit:
        rest = len(names) - limit + 1
        names = [*names[: limit - 1], f"{rest} {'andere' if lang == 'nl' else 'others'}"]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word('and', lang)} {names[-1]}"


def people_text(people: float, lang: str) -> str:
    n = f"{round(people):,}"
    return n.replace(",", ".") if lang == "nl" else n


@dataclass(frozen=True)
class Template:
    channel: Channel
    when: Mapping[str, Any]
    texts: Mapping[str, Mapping[str, Any]]

    def render(self, lang: str, fields: Mapping[str, Any]) -> tuple[str, str, tuple[str, ...]]:
        """Title, text and expected actions in ``lang`` with ``fields`` filled in."""
        t = self.texts[lang]
        return (
            t["title"].format_map(fields),
            t["text"].format_map(fields),
            tuple(e.format_map(fields) for e in t["expected"]),
        )


@cache
def templates() -> dict[str, tuple[Template, ...]]:
    """All templates by event kind (``down``, ``pressure``, ...)."""
    text = resources.files("weerbaar.exercise").joinpath("templates.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {
        kind: tuple(
            Template(Channel(t["channel"]), t.get("when", {}), {k: t[k] for k in LANGUAGES})
            for t in entries
        )
        for kind, entries in data.items()
    }


def choose(kind: str, facts: Mapping[str, Any], rng: np.random.Generator) -> Template:
    """The most specific template of ``kind`` whose conditions all hold for ``facts``.

    >>> rng = np.random.default_rng(0)
    >>> choose("down", {"kind": "process", "party": "gemeente"}, rng).when
    {'kind': 'process'}
    """
    fitting = [t for t in templates()[kind] if all(facts.get(k) == v for k, v in t.when.items())]
    best = max(len(t.when) for t in fitting)
    top = [t for t in fitting if len(t.when) == best]
    return top[int(rng.integers(len(top)))] if len(top) > 1 else top[0]
