"""The English interface: a complete catalogue, and main pages without Dutch once switched.

The source strings are Dutch; ``locale/en/LC_MESSAGES/django.po`` holds their
English, and the compiled ``django.mo`` is committed because CI has no gettext.
"""

from __future__ import annotations

import ast
import gettext
import html
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

import weerbaar.web
from weerbaar.web.accounts.models import Role

WEB = Path(weerbaar.web.__file__).parent
PO = WEB / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

#: Words of our own templates that every Dutch page or form shows somewhere.
FREQUENT_DUTCH = ["Knooppunten", "Opslaan", "Vitale processen", "Uitloggen", "Historie"]

#: Pages of map A as (URL name, kwargs, query string).
PAGES = [
    ("maps:overview", {}, ""),
    ("maps:nodes", {}, ""),
    ("maps:node", {"node_id": "suite"}, ""),
    ("maps:node_edit", {"node_id": "uitkeringen"}, ""),
    ("maps:node_add", {}, ""),
    ("maps:parties", {}, ""),
    ("maps:party_edit", {"party_id": "hoster"}, ""),
    ("maps:scenarios", {}, ""),
    ("maps:scenario_edit", {"scenario_id": "ransomware"}, ""),
    ("maps:measures_edit", {}, ""),
    ("maps:measure_edit", {"measure_id": "tweede-internet"}, ""),
    ("maps:settings", {}, ""),
    ("maps:history", {}, ""),
    ("maps:version", {"number": 1}, ""),
    ("maps:transfer", {}, ""),
    ("graph:graph", {}, ""),
    ("geo:geo", {}, "?scenario=stroom&t=6"),
    ("scenarios:list", {}, ""),
    ("scenarios:detail", {"scenario_id": "ransomware"}, "?t=12"),
    ("insight:dashboard", {}, ""),
    ("insight:risk", {}, ""),
    ("insight:criticality", {}, "?duration=1d"),
    ("insight:partners", {}, ""),
    ("insight:measures", {}, ""),
    ("advisories:list", {}, ""),
]

#: Attributes whose values people read or hear.
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')

#: Drawings that weerbaar.report makes (Dutch in the report), by their ident, with a
#: Dutch word of each that an English page must not show.
REPORT_DRAWINGS = {"risicodiagram": "waarschijnlijkheid", "wb-timeline": "tijd sinds het begin"}


def drawing(ident: str) -> re.Pattern[str]:
    """An inline SVG made by ``weerbaar.report.svg.open_svg`` with this ident."""
    return re.compile(rf'<svg[^>]*aria-labelledby="{ident}-t.*?</svg>', re.S)


pytestmark = pytest.mark.django_db


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str = ""
    plural: str | None = None
    context: str | None = None
    strings: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def read_po(path: Path) -> list[Entry]:
    """The messages of a .po file; enough of the format for a catalogue made by gettext."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if target == "msgstr":
                entry.strings[-1] += text
            else:
                setattr(entry, str(target), getattr(entry, str(target)) + text)
        else:
            keyword, _space, text = line.partition(" ")
            value = ast.literal_eval(text)
            if keyword.startswith("msgstr"):
                target = "msgstr"
                entry.strings.append(value)
            else:
                target = {"msgid": "msgid", "msgid_plural": "plural", "msgctxt": "context"}[keyword]
                setattr(entry, target, value)
    return entries


def messages() -> list[Entry]:
    """The catalogue without its header."""
    return [e for e in read_po(PO) if e.msgid]


@pytest.fixture(autouse=True)
def fresh_state() -> Iterator[None]:
    yield
    # The middleware activates a language per request; later tests expect Dutch.
    translation.deactivate()


def test_it_translates_every_message() -> None:
    entries = messages()
    assert len(entries) > 500
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    empty = [e.msgid for e in entries if not e.strings or not all(e.strings)]
    assert fuzzy == []
    assert empty == []
    plural_forms = [len(e.strings) for e in entries if e.plural is not None]
    assert plural_forms and set(plural_forms) == {2}
    header = read_po(PO)[0]
    assert "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.strings[0]


def test_it_keeps_the_placeholders_of_every_message() -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for e in messages():
        wanted = set(placeholder.findall(e.msgid + (e.plural or "")))
        # A singular may spell out "1" where the plural says %(n)s.
        got = set(placeholder.findall("".join(e.strings)))
        assert got <= wanted, e.msgid
        assert set(placeholder.findall(e.strings[-1])) == set(
            placeholder.findall(e.plural or e.msgid)
        ), e.msgid


def test_it_ships_a_compiled_catalogue_that_matches_the_po() -> None:
    # Compared by content, not by file times: a git checkout sets those arbitrarily.
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for e in messages():
        if e.plural is None:
            got = [
                compiled.pgettext(e.context, e.msgid) if e.context else compiled.gettext(e.msgid)
            ]
        else:
            got = [
                compiled.npgettext(e.context, e.msgid, e.plural, n)
                if e.context
                else compiled.ngettext(e.msgid, e.plural, n)
                for n in (1, 2)
            ]
        assert got == e.strings, e.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_it_has_no_strings_that_makemessages_would_add(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "web"
    shutil.copytree(WEB, source, ignore=shutil.ignore_patterns("vendor", "locale", "__pycache__"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["en"], ignore_patterns=["static/vendor/*"], verbosity=0)

    def keys(entries: list[Entry]) -> set[tuple[str | None, str, str | None]]:
        return {(e.context, e.msgid, e.plural) for e in entries if e.msgid}

    fresh = keys(read_po(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert fresh - keys(messages()) == set(), "run makemessages and translate the new strings"
    assert keys(messages()) - fresh == set(), "run makemessages to drop the stale strings"


def readable(page: str) -> str:
    """What a reader of ``page`` sees or hears: text and labels; not URLs, scripts or code."""
    # Code blocks show map data and file syntax (ids such as ransomware-leverancier).
    page = re.sub(r"<(script|pre|code)\b.*?</\1>", " ", page, flags=re.S)
    labels = " ".join(READ_ATTRIBUTES.findall(page))
    return html.unescape(re.sub(r"<[^>]*>", " ", page) + " " + labels)


def switch(client: Client, language: str) -> None:
    """Choose a language with the header's switch (Django's set_language view)."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


def visit(client: Client, world: dict[str, Any]) -> dict[str, str]:
    """Every main page as served, by URL name."""
    pages = {}
    for name, kwargs, query in PAGES:
        url = reverse(name, kwargs={"map_id": world["map_a"].pk, **kwargs}) + query
        response = client.get(url)
        assert response.status_code == 200, url
        pages[name] = response.content.decode()
    return pages


def around(page: str, text: str) -> str:
    """``text`` where it first occurs in ``page``, with some context to find it by."""
    at = page.index(text)
    return page[max(0, at - 60) : at + len(text) + 60]


def dutch_sources() -> list[str]:
    """Dutch sentences and phrases of the catalogue that English pages must not show."""
    found = []
    for e in messages():
        for source in (e.msgid, e.plural or ""):
            dutch = source not in e.strings and len(source) >= 10
            if dutch and not re.search(r"%\(|\{\w+\}", source):
                found.append(source)
    return found


def test_it_shows_the_main_pages_in_english_after_the_switch(
    world: dict[str, Any], login: Any
) -> None:
    client: Client = login(world["users"][Role.CISO])
    # Dutch first, so that results cached while Dutch was active cannot hide.
    dutch = visit(client, world)
    switch(client, "en")
    english = visit(client, world)
    sources = dutch_sources()
    assert [name for name, page in english.items() if '<html lang="en"' not in page] == []
    dutch_left = {}
    for name, page in english.items():
        text = readable(page)
        found = [w for w in FREQUENT_DUTCH if w in text] + [s for s in sources if s in text]
        if found:
            dutch_left[name] = [around(text, source) for source in found]
    assert dutch_left == {}
    assert "Log out" in english["maps:overview"]
    assert "Save" in english["maps:node_edit"]
    # Choices made from the model's enums follow the language as well.
    assert ">Supplier</option>" in english["maps:party_edit"]
    assert ">Telecom outage</option>" in english["maps:scenario_edit"]

    switch(client, "nl")
    again = visit(client, world)
    assert again.keys() == dutch.keys()
    assert all('<html lang="nl"' in page for page in again.values())
    shown = readable(again["maps:overview"] + again["maps:node_edit"])
    assert [word for word in FREQUENT_DUTCH if word not in shown] == []
    assert ">Leverancier</option>" in again["maps:party_edit"]


@pytest.mark.parametrize(
    ("name", "kwargs", "ident"),
    [
        ("insight:risk", {}, "risicodiagram"),
        ("scenarios:detail", {"scenario_id": "ransomware"}, "wb-timeline"),
    ],
)
def test_it_labels_the_report_drawings_in_english(
    world: dict[str, Any], login: Any, name: str, kwargs: dict[str, str], ident: str
) -> None:
    client: Client = login(world["users"][Role.CISO])
    switch(client, "en")
    page = client.get(reverse(name, kwargs={"map_id": world["map_a"].pk, **kwargs}))
    found = drawing(ident).search(page.content.decode())
    if found is None:
        pytest.fail(f"no drawing {ident} on {name}; update REPORT_DRAWINGS")
    assert REPORT_DRAWINGS[ident] not in found.group(0)


def test_it_shows_the_login_page_in_english(client: Client) -> None:
    switch(client, "en")
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en"' in page
    assert "Log in" in page
    assert "Inloggen" not in page


def test_it_ignores_the_browser_language(client: Client) -> None:
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl"' in page
    assert "Inloggen" in page


def player_text(page: str) -> dict[str, str]:
    """The words the cascade player's script reads from the page."""
    found = re.search(r'<script id="wb-player-config" type="application/json">(.*?)</script>', page)
    assert found is not None
    config = json.loads(found.group(1))
    text: dict[str, str] = config["text"]
    return text


def test_it_names_criteria_and_likelihood_classes_in_english(
    world: dict[str, Any], login: Any
) -> None:
    client: Client = login(world["users"][Role.CISO])
    map_id = world["map_a"].pk
    risk = reverse("insight:risk", kwargs={"map_id": map_id})
    detail = reverse("scenarios:detail", kwargs={"map_id": map_id, "scenario_id": "ransomware"})
    edit = reverse("maps:scenario_edit", kwargs={"map_id": map_id, "scenario_id": "ransomware"})
    dutch = [client.get(url).content.decode() for url in (risk, detail, edit)]
    switch(client, "en")
    english = [client.get(url).content.decode() for url in (risk, detail, edit)]
    # The risk page's legend names every criterion; the scenarios have class C.
    assert "Fatalities" in english[0] and "Doden" not in english[0]
    assert "Infringement of territorial integrity" in english[0]
    assert "(possible)" in english[0] and "(mogelijk)" not in english[0]
    assert "C (Possible)" in english[1]
    assert ">C — Possible</option>" in english[2]
    assert "Doden" in dutch[0] and "(mogelijk)" in dutch[0]
    assert "C (Mogelijk)" in dutch[1]
    assert ">C — Mogelijk</option>" in dutch[2]


def test_it_gives_the_player_singular_and_plural_hours(world: dict[str, Any], login: Any) -> None:
    client: Client = login(world["users"][Role.CISO])
    url = reverse(
        "scenarios:detail", kwargs={"map_id": world["map_a"].pk, "scenario_id": "ransomware"}
    )
    dutch = player_text(client.get(url).content.decode())
    switch(client, "en")
    english = player_text(client.get(url).content.decode())
    assert (english["hour_one"], english["hour_many"]) == ("{n} hour", "{n} hours")
    assert (dutch["hour_one"], dutch["hour_many"]) == ("{n} uur", "{n} uur")
    assert "hour" not in english
