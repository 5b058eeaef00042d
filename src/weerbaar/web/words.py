"""Template filters for durations, moments, quantities and enum names, in every template.

A builtin of the template engine (``settings.TEMPLATES``), like
:mod:`weerbaar.web.numbers`: every app writes a duration or a node kind the
same way, so no app loads another app's tag library for it.
"""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from weerbaar.model import NodeKind, Theme
from weerbaar.web.labels import NODE_KINDS, THEME_LABELS, duration_text

register = template.Library()


@register.filter
def duration(hours: float | None, form: str = "") -> str:
    """``30`` → "1 dag 6 uur"; None → "—".

    ``|duration:"spelled"`` writes minutes out ("30 minuten") for running
    text; the short form ("30 min") suits tables and charts.
    """
    return "—" if hours is None else duration_text(float(hours), spelled=form == "spelled")


@register.filter
def moment(hours: float | None) -> str:
    """A time in a scenario counted from its start: "T", "T+6 uur"."""
    if hours is None:
        return "—"
    return "T" if hours == 0 else f"T+{duration_text(float(hours))}"


@register.filter
def quantity(value: float, unit: str) -> str:
    """A criterion's quantity with its unit."""
    decimals = 0 if float(value).is_integer() or value >= 100 else 1
    text = number_format(value, decimals, use_l10n=True, force_grouping=True)
    if unit == "euro":
        return f"€ {text}"
    if unit in ("persons", "person"):
        return f"{text} {_('personen')}"
    return f"{text} {unit}".strip()


@register.filter
def kind_label(kind: str) -> str:
    try:
        return str(NODE_KINDS[NodeKind(kind)])
    except ValueError:
        return kind


@register.filter
def theme_label(theme: str | None) -> str:
    if not theme:
        return "—"
    try:
        return str(THEME_LABELS[Theme(theme)])
    except ValueError:
        return theme
