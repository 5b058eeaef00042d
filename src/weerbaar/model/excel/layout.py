"""The sheets and columns of a risk map workbook.

Each sheet is a flat table whose header names are the keys of the YAML file
(`docs/map-format.md`), so a civil servant who knows one knows the other. The
reader (:mod:`weerbaar.model.excel.read`) and the writer
(:mod:`weerbaar.model.excel.write`) both work from the tables declared here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from weerbaar.model.riskmap import (
    AddAlternative,
    AddNode,
    AddTolerance,
    NodeKind,
    PartyKind,
    ScenarioDuration,
    SetLikelihood,
    SetRestart,
    Theme,
)
from weerbaar.model.roles import OwnerRole


class Sheet(StrEnum):
    MAP = "map"
    PARTIES = "parties"
    NODES = "nodes"
    REQUIREMENTS = "requirements"
    IMPACT = "impact"
    SCENARIOS = "scenarios"
    FAILURES = "failures"
    MEASURES = "measures"
    CHANGES = "changes"
    MEASURE_NODES = "measure_nodes"
    MEASURE_REQUIREMENTS = "measure_requirements"
    MEASURE_IMPACT = "measure_impact"
    PRODUCTS = "products"
    MEASURE_PRODUCTS = "measure_products"


class Col(StrEnum):
    """What a column holds, which decides how its cells are read and written."""

    ID = "id"  # an identifier; a number typed into it is read as its digits
    IDS = "ids"  # identifiers separated by commas
    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    DURATION = "duration"  # text such as 4h or 2d, or a number of hours
    BOOL = "bool"
    EXTRA = "extra"  # extension keys as an inline YAML mapping: {x-eigenaar: Jan}
    VALUE = "value"  # a quantity or a class letter A-E (impact criteria)
    ANY = "any"  # left to the sheet's own logic (the map sheet's values)


@dataclass(frozen=True)
class Table:
    """One sheet: its columns in order, the ones every row must fill (``keys``),
    the ones the sheet must have even where a row may leave them empty
    (``headers``: without a ``kind`` column every node would silently become
    a system), and whether further columns are allowed (criterion ids on the
    impact sheets)."""

    sheet: Sheet
    columns: tuple[tuple[str, Col], ...]
    keys: tuple[str, ...]
    open: bool = False
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    headers: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.keys, *self.headers)))

    @property
    def types(self) -> dict[str, Col]:
        return dict(self.columns)


CHANGE_KINDS = tuple(
    c.kind
    for c in (AddNode, AddAlternative, AddTolerance, SetRestart, ScenarioDuration, SetLikelihood)
)
CLASSES = ("A", "B", "C", "D", "E")

_NODE_COLUMNS = (
    ("id", Col.ID),
    ("kind", Col.TEXT),
    ("name", Col.TEXT),
    ("party", Col.ID),
    ("restart", Col.DURATION),
    ("vital", Col.BOOL),
    ("mtpd", Col.DURATION),
    ("rto", Col.DURATION),
    ("rpo", Col.DURATION),
    ("bbn", Col.INT),
    ("served", Col.INT),
    ("lat", Col.NUMBER),
    ("lon", Col.NUMBER),
    ("owner", Col.TEXT),
    ("gemeente", Col.ID),
    ("shared", Col.BOOL),
    ("description", Col.TEXT),
    ("extra", Col.EXTRA),
)
_REQUIREMENT_COLUMNS = (
    ("node", Col.ID),
    ("members", Col.IDS),
    ("need", Col.INT),
    ("tolerance", Col.DURATION),
)
_IMPACT_COLUMNS = (("node", Col.ID), ("after", Col.DURATION))
_PRODUCT_COLUMNS = (
    ("node", Col.ID),
    ("cpe", Col.TEXT),
    ("purl", Col.TEXT),
    ("vendor", Col.TEXT),
    ("product", Col.TEXT),
    ("version", Col.TEXT),
)
_MEASURE = ("measure", Col.ID)
_NODE_KINDS = {"kind": tuple(NodeKind), "owner": tuple(OwnerRole)}

MAP = Table(Sheet.MAP, (("key", Col.TEXT), ("value", Col.ANY)), ("key",))
PARTIES = Table(
    Sheet.PARTIES,
    (
        ("id", Col.ID),
        ("name", Col.TEXT),
        ("kind", Col.TEXT),
        ("maturity", Col.INT),
        ("owner", Col.TEXT),
        ("description", Col.TEXT),
        ("extra", Col.EXTRA),
    ),
    ("id",),
    choices={"kind": tuple(PartyKind), "owner": tuple(OwnerRole)},
    headers=("kind",),
)
NODES = Table(Sheet.NODES, _NODE_COLUMNS, ("id",), choices=_NODE_KINDS, headers=("kind",))
REQUIREMENTS = Table(Sheet.REQUIREMENTS, _REQUIREMENT_COLUMNS, ("node", "members"))
IMPACT = Table(Sheet.IMPACT, _IMPACT_COLUMNS, ("node",), open=True)
SCENARIOS = Table(
    Sheet.SCENARIOS,
    (
        ("id", Col.ID),
        ("name", Col.TEXT),
        ("theme", Col.TEXT),
        ("likelihood", Col.TEXT),
        ("horizon", Col.DURATION),
        ("description", Col.TEXT),
        ("extra", Col.EXTRA),
    ),
    ("id",),
    choices={"theme": tuple(Theme), "likelihood": CLASSES},
)
FAILURES = Table(
    Sheet.FAILURES,
    (("scenario", Col.ID), ("node", Col.ID), ("at", Col.DURATION), ("duration", Col.DURATION)),
    ("scenario", "node"),
)
MEASURES = Table(
    Sheet.MEASURES,
    (
        ("id", Col.ID),
        ("name", Col.TEXT),
        ("cost", Col.NUMBER),
        ("description", Col.TEXT),
        ("extra", Col.EXTRA),
    ),
    ("id",),
)
CHANGES = Table(
    Sheet.CHANGES,
    (
        _MEASURE,
        ("kind", Col.TEXT),
        ("node", Col.ID),
        ("requirement", Col.ID),
        ("alternative", Col.ID),
        ("tolerance", Col.DURATION),
        ("restart", Col.DURATION),
        ("scenario", Col.ID),
        ("duration", Col.DURATION),
        ("class", Col.TEXT),
    ),
    ("measure", "kind"),
    choices={"kind": CHANGE_KINDS, "class": CLASSES},
)
MEASURE_NODES = Table(
    Sheet.MEASURE_NODES,
    (_MEASURE, *_NODE_COLUMNS),
    ("measure", "id"),
    choices=_NODE_KINDS,
    headers=("kind",),
)
MEASURE_REQUIREMENTS = Table(
    Sheet.MEASURE_REQUIREMENTS, (_MEASURE, *_REQUIREMENT_COLUMNS), ("measure", "node", "members")
)
MEASURE_IMPACT = Table(
    Sheet.MEASURE_IMPACT, (_MEASURE, *_IMPACT_COLUMNS), ("measure", "node"), open=True
)
PRODUCTS = Table(Sheet.PRODUCTS, _PRODUCT_COLUMNS, ("node",))
MEASURE_PRODUCTS = Table(Sheet.MEASURE_PRODUCTS, (_MEASURE, *_PRODUCT_COLUMNS), ("measure", "node"))

TABLES = (
    MAP,
    PARTIES,
    NODES,
    REQUIREMENTS,
    IMPACT,
    SCENARIOS,
    FAILURES,
    MEASURES,
    CHANGES,
    MEASURE_NODES,
    MEASURE_REQUIREMENTS,
    MEASURE_IMPACT,
    PRODUCTS,
    MEASURE_PRODUCTS,
)
#: Without these a workbook is not a risk map; every other sheet may be left out.
REQUIRED = (Sheet.MAP, Sheet.NODES)


class Language(StrEnum):
    """The language of a workbook's sheet and column names."""

    NL = "nl"
    EN = "en"


#: Dutch names of the sheets; the English ones (the values of :class:`Sheet`)
#: are read too.
DUTCH_SHEETS: dict[Sheet, str] = {
    Sheet.MAP: "kaart",
    Sheet.PARTIES: "partijen",
    Sheet.NODES: "knooppunten",
    Sheet.REQUIREMENTS: "afhankelijkheden",
    Sheet.IMPACT: "impact",
    Sheet.SCENARIOS: "scenario's",
    Sheet.FAILURES: "uitval",
    Sheet.MEASURES: "maatregelen",
    Sheet.CHANGES: "wijzigingen",
    Sheet.MEASURE_NODES: "maatregel_knooppunten",
    Sheet.MEASURE_REQUIREMENTS: "maatregel_afhankelijkheden",
    Sheet.MEASURE_IMPACT: "maatregel_impact",
    Sheet.PRODUCTS: "producten",
    Sheet.MEASURE_PRODUCTS: "maatregel_producten",
}
#: Dutch names of the columns (the keys of the YAML file); a column without
#: one here has the same name in both languages.
DUTCH_COLUMNS: dict[str, str] = {
    "key": "sleutel",
    "value": "waarde",
    "kind": "soort",
    "name": "naam",
    "party": "partij",
    "restart": "herstart",
    "vital": "vitaal",
    "served": "bediend",
    "owner": "eigenaar",
    "shared": "gedeeld",
    "description": "omschrijving",
    "maturity": "volwassenheid",
    "node": "knooppunt",
    "members": "leden",
    "need": "nodig",
    "tolerance": "tolerantie",
    "after": "na",
    "theme": "thema",
    "likelihood": "waarschijnlijkheid",
    "scenario": "scenario",
    "at": "begin",
    "duration": "duur",
    "cost": "kosten",
    "measure": "maatregel",
    "requirement": "afhankelijkheid",
    "alternative": "alternatief",
    "class": "klasse",
    "vendor": "leverancier",
    "version": "versie",
}
#: Dutch names of the keys on the map sheet.
DUTCH_MAP_KEYS: dict[str, str] = {"name": "naam", "description": "omschrijving"}


def sheet_title(sheet: Sheet, language: Language) -> str:
    return DUTCH_SHEETS[sheet] if language is Language.NL else sheet.value


def column_title(column: str, language: Language) -> str:
    return DUTCH_COLUMNS.get(column, column) if language is Language.NL else column


def sheet_of(title: str) -> Sheet | None:
    """The sheet a workbook's sheet name means, in either language."""
    for sheet in Sheet:
        if title in (sheet.value, DUTCH_SHEETS[sheet]):
            return sheet
    return None


def column_of(title: str, table: Table) -> str | None:
    """The column of ``table`` a header means, in either language."""
    for name, _col in table.columns:
        if title in (name, DUTCH_COLUMNS.get(name)):
            return name
    return None


#: Short Dutch explanations, shown as a comment on each header cell.
HINTS: dict[str, str] = {
    "key": "Sleutel: weerbaar, name, description, horizon of een eigen sleutel.",
    "value": "Waarde; bij eigen sleutels in YAML-notatie.",
    "id": "Unieke code: letters, cijfers, - _ en . (geen spaties).",
    "kind": "Soort; kies uit de lijst.",
    "name": "Naam zoals collega's die kennen.",
    "party": "Code van de partij die dit beheert (blad parties).",
    "restart": "Hersteltijd nadat de oorzaak weg is, bijv. 4h of 2d.",
    "vital": "Lokaal vitaal proces: WAAR of ONWAAR.",
    "mtpd": "Maximaal toelaatbare uitvalduur (MTPD), bijv. 3d.",
    "rto": "Hersteltijdsdoelstelling (RTO), bijv. 1d.",
    "rpo": "Maximaal dataverlies (RPO), bijv. 4h.",
    "bbn": "BIO basisbeveiligingsniveau 1, 2 of 3.",
    "served": "Aantal mensen dat op dit proces is aangewezen.",
    "lat": "Breedtegraad (WGS84), bijv. 52.16.",
    "lon": "Lengtegraad (WGS84), bijv. 6.41.",
    "description": "Toelichting (vrije tekst).",
    "extra": "Eigen sleutels (beginnend met x-) als YAML, bijv. {x-bron: BIA 2024}.",
    "maturity": "Volwassenheid 1 (initieel) t/m 5 (geoptimaliseerd).",
    "owner": "Rol die eigenaar is (burgemeester, ciso, oov, ...); kies uit de lijst.",
    "gemeente": "Gemeente waartoe dit proces hoort (gegenereerde of samengevoegde kaarten).",
    "shared": "Gedeeld knooppunt bij samenvoegen van kaarten: WAAR of ONWAAR.",
    "node": "Code van het knooppunt (blad nodes).",
    "members": "Codes van wat nodig is, gescheiden door komma's; meer dan één = uitwijk.",
    "need": "Hoeveel van de codes tegelijk nodig zijn (standaard 1).",
    "tolerance": "Hoe lang het zonder kan, bijv. 1d (standaard 0).",
    "after": "Na hoe lang aaneengesloten uitval; leeg = kosten per dag uitval.",
    "theme": "Thema van het scenario; kies uit de lijst.",
    "likelihood": "Waarschijnlijkheidsklasse A t/m E.",
    "horizon": "Hoe ver vooruit gerekend wordt, bijv. 30d.",
    "scenario": "Code van het scenario (blad scenarios).",
    "at": "Begin van de uitval na de start van het scenario (standaard 0h).",
    "duration": "Duur van de uitval; leeg = houdt niet op.",
    "cost": "Kosten in euro per jaar.",
    "measure": "Code van de maatregel (blad measures).",
    "requirement": "Een code uit de afhankelijkheid die bedoeld is.",
    "alternative": "Code van het uitwijkmiddel.",
    "class": "Nieuwe waarschijnlijkheidsklasse A t/m E.",
    "cpe": "CPE 2.3-naam van het product, bijv. cpe:2.3:a:citrix:netscaler_adc:13.1:*:*:*:*:*:*:*.",
    "purl": "Package URL van het product, bijv. pkg:pypi/django@5.1.4.",
    "vendor": "Leverancier of maker van het product.",
    "product": "Naam van het product.",
    "version": "Versie die draait, bijv. 13.1-49.15.",
}
