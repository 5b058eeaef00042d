"""The words of weerbaar.report's charts in the active language, from our catalogue.

The report package draws its risk diagram and timeline in Dutch unless it
is given a :class:`~weerbaar.report.words.ChartWords`; the pages build one
here, per request, so that the charts follow the language switch. The source
strings equal the report's Dutch, so Dutch pages draw exactly what the
standalone report draws.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from weerbaar.report.words import ChartWords
from weerbaar.web.labels import duration_text


def _number(value: float, decimals: int = 0) -> str:
    # Django's localisation: "1.234,5" in Dutch, "1,234.5" in English.
    return number_format(round(float(value), decimals), decimals, force_grouping=True)


def chart_words() -> ChartWords:
    """The charts' words and number formats in the active language."""
    return ChartWords(
        number=_number,
        duration=duration_text,
        risk_title=_("Risicodiagram"),
        zones=(
            pgettext("risk zone", "laag"),
            pgettext("risk zone", "midden"),
            pgettext("risk zone", "hoog"),
            pgettext("risk zone", "zeer hoog"),
        ),
        zone=_("zone {name}"),
        likelihood_axis=_("waarschijnlijkheid"),
        impact_axis=_("impactscore (logaritmisch)"),
        scenarios=(
            ngettext("{n} scenario", "{n} scenario's", 1),
            ngettext("{n} scenario", "{n} scenario's", 2),
        ),
        class_span=_("klasse {first} tot {last}"),
        no_classes=_("geen klassen"),
        risk_desc=_(
            "{count} naar waarschijnlijkheid (horizontaal, {span}) "
            "en impactscore (verticaal, logaritmisch). "
        ),
        risk_point=_("{key}: {label}, klasse {cls}, score {score}"),
        dot_tip=_("{key}. {label} — klasse {cls}, impactscore {score}"),
        timeline_title=_("Verloop van de uitval"),
        timeline_desc=_(
            "Tijdlijn van {span} met {rows}: per onderdeel de perioden waarin het uitvalt."
        ),
        rows=(ngettext("{n} rij", "{n} rijen", 1), ngettext("{n} rij", "{n} rijen", 2)),
        zoomed=_("de eerste {shown} van de doorgerekende {horizon}"),
        time_axis=_("tijd sinds het begin van het scenario ({unit})"),
        day_key=_("d = dag"),
        hour_key=_("u = uur"),
        day_tick=pgettext("time axis tick in days", "{n} d"),
        hour_tick=pgettext("time axis tick in hours", "{n} u"),
        # Shared with the cascade player's hours (scenarios/views/scenario.py).
        hours=(ngettext("{n} uur", "{n} uur", 1), ngettext("{n} uur", "{n} uur", 2)),
        still_down=_("nog uit bij de horizon"),
        until=_("tot {moment}"),
        down_tip=_("{label}: uit van {start} {end}"),
        mtpd_tip=_("MTPD-grens op {moment}"),
        start=pgettext("start of a scenario", "T"),
        after_start=pgettext("time after the start of a scenario", "T + {duration}"),
    )
