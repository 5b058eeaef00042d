"""The words and number formats of the charts, so that another language can draw them.

The standalone report is Dutch and uses :data:`DUTCH`. The web interface
builds a :class:`ChartWords` from its own translation catalogue and passes
it to :func:`~weerbaar.report.riskdiagram.risk_diagram` and
:func:`~weerbaar.report.gantt.gantt`; this package never imports Django.

Texts with ``{name}`` fields are filled with :meth:`str.format`; map text
only ever goes into the fields, never into the template, so a label holding
braces is harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from weerbaar.report.dutch import dutch_duration, dutch_number


@dataclass(frozen=True)
class ChartWords:
    """Everything a chart writes that is not map data.

    ``number(x, decimals)`` writes a number with grouped thousands and
    ``duration(hours)`` a duration in words. Counts are pairs (one, many) of
    texts with an ``{n}`` field: only an exact count of 1 takes the singular,
    as in Dutch and English alike.

    Examples
    --------
    >>> DUTCH.count(1500, DUTCH.rows), DUTCH.moment(30)
    ('1.500 rijen', 'T + 1 dag 6 uur')
    >>> english = ChartWords(number=lambda x, d=0: f"{x:,.{d}f}", hours=("{n} hour", "{n} hours"))
    >>> english.count(1, ("{n} row", "{n} rows")), english.hours_text(1), english.hours_text(1.5)
    ('1 row', '1 hour', '1.50 hours')
    """

    number: Callable[[float, int], str] = dutch_number
    duration: Callable[[float], str] = dutch_duration
    # -- the risk diagram --
    risk_title: str = "Risicodiagram"
    #: Names of the risk zones, low to high (see riskdiagram.ZONES).
    zones: tuple[str, str, str, str] = ("laag", "midden", "hoog", "zeer hoog")
    zone: str = "zone {name}"
    likelihood_axis: str = "waarschijnlijkheid"
    impact_axis: str = "impactscore (logaritmisch)"
    scenarios: tuple[str, str] = ("{n} scenario", "{n} scenario's")
    class_span: str = "klasse {first} tot {last}"
    no_classes: str = "geen klassen"
    risk_desc: str = (
        "{count} naar waarschijnlijkheid (horizontaal, {span}) "
        "en impactscore (verticaal, logaritmisch). "
    )
    risk_point: str = "{key}: {label}, klasse {cls}, score {score}"
    dot_tip: str = "{key}. {label} — klasse {cls}, impactscore {score}"
    # -- the timeline --
    timeline_title: str = "Verloop van de uitval"
    timeline_desc: str = (
        "Tijdlijn van {span} met {rows}: per onderdeel de perioden waarin het uitvalt."
    )
    rows: tuple[str, str] = ("{n} rij", "{n} rijen")
    zoomed: str = "de eerste {shown} van de doorgerekende {horizon}"
    time_axis: str = "tijd sinds het begin van het scenario ({unit})"
    day_key: str = "d = dag"
    hour_key: str = "u = uur"
    #: Tick units of a time axis in days and in hours.
    day_tick: str = "{n} d"
    hour_tick: str = "{n} u"
    #: A number of whole or fractional hours; Dutch "uur" has no plural.
    hours: tuple[str, str] = ("{n} uur", "{n} uur")
    still_down: str = "nog uit bij de horizon"
    until: str = "tot {moment}"
    down_tip: str = "{label}: uit van {start} {end}"
    mtpd_tip: str = "MTPD-grens op {moment}"
    #: The start of a scenario, and a moment after it.
    start: str = "T"
    after_start: str = "T + {duration}"

    def count(self, count: int, forms: tuple[str, str]) -> str:
        """A count with its noun in the right number."""
        return forms[0 if count == 1 else 1].format(n=self.number(count, 0))

    def hours_text(self, hours: float) -> str:
        """A number of hours with only the decimals it needs."""
        whole = float(hours).is_integer()
        text = self.number(hours, 0 if whole else 2)
        return self.hours[0 if hours == 1 else 1].format(n=text)

    def moment(self, hours: float) -> str:
        """A point in time of a scenario, counted from its start."""
        if hours == 0:
            return self.start
        return self.after_start.format(duration=self.duration(hours))


#: The report's own words: Dutch, with Dutch number marks.
DUTCH = ChartWords()
