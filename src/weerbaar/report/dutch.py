"""Dutch wording for the report: numbers, amounts, durations, dates and counts.

The report is read by a Dutch college, so numbers use the Dutch marks, a
count of one takes the singular ("1 persoon", "1 dag") and the model's
enums get their Dutch names. Everything here is locale-independent: the
report must read the same on any machine that renders it.
"""

from __future__ import annotations

import math
from datetime import datetime

from weerbaar.model import NodeKind, Theme

KIND_NL: dict[NodeKind, str] = {
    NodeKind.PROCESS: "proces",
    NodeKind.SYSTEM: "systeem",
    NodeKind.SERVICE: "dienst",
    NodeKind.INFRASTRUCTURE: "infrastructuur",
    NodeKind.PEOPLE: "mensen",
}
THEME_NL: dict[Theme, str] = {
    Theme.RANSOMWARE: "ransomware",
    Theme.UITVAL_TELECOM: "uitval telecom",
    Theme.STROOMSTORING: "stroomstoring",
    Theme.DDOS: "DDoS-aanval",
    Theme.DATALEK: "datalek",
    Theme.UITVAL_CLOUD: "uitval clouddienst",
    Theme.UITVAL_LEVERANCIER: "uitval leverancier",
    Theme.STORING_HAVEN: "storing haven",
    Theme.SABOTAGE: "sabotage",
    Theme.OVERIG: "overig",
}
#: Units of the profile's criteria as a Dutch reader writes them: (one, many).
UNIT_NL: dict[str, tuple[str, str]] = {
    "persons": ("persoon", "personen"),
    "person": ("persoon", "personen"),
}
MONTHS_NL = (
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
)


def plural(count: float, one: str, many: str) -> str:
    """The word for ``count`` things: ``one`` for exactly 1, else ``many``.

    Dutch takes the plural for 0 and for fractions ("0 personen",
    "1,5 dagen"), so only an exact 1 is singular.

    >>> plural(1, "persoon", "personen"), plural(0, "persoon", "personen")
    ('persoon', 'personen')
    """
    return one if count == 1 else many


def dutch_number(x: float, decimals: int = 0) -> str:
    """A number the Dutch way: ``.`` groups thousands, ``,`` is the decimal mark.

    >>> dutch_number(1234567), dutch_number(0.5, 1), dutch_number(-2500.25, 2)
    ('1.234.567', '0,5', '-2.500,25')
    """
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def count_text(count: int, one: str, many: str) -> str:
    """A count with its noun in the right number.

    >>> count_text(1, "onderdeel", "onderdelen"), count_text(1500, "scenario", "scenario's")
    ('1 onderdeel', "1.500 scenario's")
    """
    return f"{dutch_number(count)} {plural(count, one, many)}"


def significant(value: float, digits: int = 3) -> str:
    """Small numbers such as an expected risk per year, to a few significant digits.

    >>> significant(0.000924), significant(0.06), significant(0)
    ('0,000924', '0,0600', '0')
    """
    if value == 0:
        return "0"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return dutch_number(value, max(0, min(8, decimals)))


def euro(value: float) -> str:
    """An amount in whole euros.

    >>> euro(1500000)
    '€ 1.500.000'
    """
    return f"€ {dutch_number(value)}"


def quantity_text(quantity: float, unit: str) -> str:
    """A criterion's quantity with its unit, in Dutch.

    >>> quantity_text(1500000, "euro"), quantity_text(2400, "persons"), quantity_text(2.5, "km²")
    ('€ 1.500.000', '2.400 personen', '2,5 km²')
    >>> quantity_text(1, "persons"), quantity_text(1.04, "persons"), quantity_text(1, "km²")
    ('1 persoon', '1,0 personen', '1 km²')
    """
    if unit == "euro":
        return euro(quantity)
    decimals = 0 if float(quantity).is_integer() or quantity >= 100 else 1
    text = dutch_number(quantity, decimals)
    one, many = UNIT_NL.get(unit, (unit, unit))
    # Singular only where the reader sees a plain 1 ("1,0 personen" stays plural).
    return f"{text} {one if text == '1' else many}".strip()


def dutch_duration(hours: float) -> str:
    """A duration in words a reader takes in at a glance.

    Past a day, minutes are noise: the duration is rounded to whole hours.
    "uur" is both singular and plural in Dutch; "dag" is not.

    >>> dutch_duration(0.5), dutch_duration(4), dutch_duration(24), dutch_duration(78)
    ('30 min', '4 uur', '1 dag', '3 dagen 6 uur')
    >>> dutch_duration(8.5), dutch_duration(24 * 28 + 23.5), dutch_duration(0)
    ('8 uur 30 min', '29 dagen', '0 uur')
    """
    minutes = round(hours * 60) if hours < 24 else round(hours) * 60
    days, rest = divmod(minutes, 24 * 60)
    whole, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} {plural(days, 'dag', 'dagen')}")
    if whole:
        parts.append(f"{whole} uur")
    if mins:
        parts.append(f"{mins} min")
    return " ".join(parts) or "0 uur"


def moment(hours: float) -> str:
    """A point in time of a scenario, counted from its start T.

    >>> moment(0), moment(30)
    ('T', 'T + 1 dag 6 uur')
    """
    return "T" if hours == 0 else f"T + {dutch_duration(hours)}"


def dutch_date(when: datetime) -> str:
    """A date as written in a Dutch letter, without depending on the locale.

    >>> dutch_date(datetime(2025, 3, 7))
    '7 maart 2025'
    """
    return f"{when.day} {MONTHS_NL[when.month - 1]} {when.year}"
