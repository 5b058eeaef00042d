"""Form fields and choices shared by the map's edit forms.

The forms edit the map file's own data (``docs/map-format.md``): durations
are typed as the file writes them (``4h``, ``2d``) and stored as typed, ids
are the file's ids. Whatever the form lets through is validated once more by
the map loader on save, whose problems :mod:`weerbaar.web.maps.problems`
puts next to these fields.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise, lazy
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from weerbaar.i18n import language as core_language
from weerbaar.model import (
    DurationError,
    NodeKind,
    PartyKind,
    Theme,
    format_duration,
    parse_uncertain,
)
from weerbaar.model import parse_duration as _parse_duration
from weerbaar.scoring import default_profile
from weerbaar.web.labels import NODE_KINDS as NODE_KIND_NAMES
from weerbaar.web.labels import PARTY_KINDS as PARTY_KIND_LABELS
from weerbaar.web.labels import THEME_LABELS

DURATION_HELP = _("Bijvoorbeeld 30m, 4h, 2d of 1w (een getal zonder eenheid is in uren).")
ID_HELP = _("Korte code van letters, cijfers, -, _ en . (begint met een letter of cijfer).")


def _capitalised(label: Promise) -> str:
    return capfirst(str(label))


# Lazy, so that a select shows its options in the language of the request.
_capitalised_lazy = lazy(_capitalised, str)
NODE_KIND_LABELS = {k: _capitalised_lazy(label) for k, label in NODE_KIND_NAMES.items()}
NODE_KINDS = [(k.value, NODE_KIND_LABELS[k]) for k in NodeKind]
PARTY_KINDS = [(k.value, _capitalised_lazy(PARTY_KIND_LABELS[k])) for k in PartyKind]
THEMES = [("", "—"), *((t.value, _capitalised_lazy(THEME_LABELS[t])) for t in Theme)]


def likelihood_choices() -> list[tuple[str, str]]:
    """The likelihood classes of the methodology profile, lightest first."""
    classes, language = default_profile().likelihoods, get_language()
    return [("", "—"), *((lc.letter, f"{lc.letter} — {lc.label(language)}") for lc in classes)]


def criterion_choices(extra: list[str] | None = None) -> list[tuple[str, str]]:
    """The profile's impact criteria, plus ids already in the data but not in the profile.

    The extra ids keep a node editable when its impact uses a criterion the
    profile lacks; the save then reports it instead of losing it silently.
    """
    language = get_language()
    choices = [(c.id, f"{c.number} {c.label(language)}") for c in default_profile().criteria]
    known = {value for value, _label in choices}
    choices += [(key, key) for key in sorted(set(extra or ()) - known)]
    return choices


def class_only_criteria() -> set[str]:
    """Criteria that take a class letter A-E rather than a quantity."""
    return {c.id for c in default_profile().criteria if c.class_only}


def show_duration(value: Any) -> str:
    """A duration from the map data as a form shows it (``48`` hours shows as ``2d``).

    Examples
    --------
    >>> show_duration(48), show_duration("4h"), show_duration(None)
    ('2d', '4h', '')
    """
    if value is None or value == "":
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return format_duration(_parse_duration(value))
        except DurationError:
            return str(value)
    return str(value)


class DurationField(forms.CharField):
    """A duration as the map file writes it; cleaned to the stripped text, '' when empty.

    ``uncertain`` fields (a restart, a tolerance, a failure's duration) also
    take a distribution such as ``tri(2h, 4h, 2d)``, as the map file does.
    """

    def __init__(self, *, uncertain: bool = False, **kwargs: Any) -> None:
        self.parse = parse_uncertain if uncertain else _parse_duration
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", DURATION_HELP)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("size", 8)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if text:
            # The core says why (too long, negative, ...) in the page's language.
            with core_language("nl" if (get_language() or "nl").startswith("nl") else "en"):
                try:
                    self.parse(text)
                except DurationError as exc:
                    raise ValidationError(
                        _("Geen geldige duur (%(reason)s): gebruik bijvoorbeeld 30m, 4h, 2d of 1w.")
                        % {"reason": exc},
                        code="duration",
                    ) from None
        return text


class AmountField(forms.CharField):
    """A quantity >= 0 in Dutch or English notation (see :func:`number`)."""

    def __init__(self, **kwargs: Any) -> None:
        # No max_length: its validator would measure the cleaned number.
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("size", 12)

    def prepare_value(self, value: Any) -> Any:
        return show_number(value) if isinstance(value, int | float) else value

    def to_python(self, value: Any) -> float | int | None:  # type: ignore[override]
        text = super().to_python(value) or ""
        if not text:
            return None
        if ambiguous(text):
            raise ValidationError(AMBIGUOUS, code="ambiguous")
        amount = number(text)
        if amount is None or amount < 0:
            raise ValidationError(
                _("Vul een bedrag of aantal van 0 of meer in, bijvoorbeeld 15000 of 1.500,50."),
                code="amount",
            )
        return amount


def split_ids(text: str) -> list[str]:
    """Ids typed into one field, separated by commas or spaces.

    Examples
    --------
    >>> split_ids(" internet-a, internet-b  dc-1 ")
    ['internet-a', 'internet-b', 'dc-1']
    """
    return [part for part in re.split(r"[\s,;]+", text) if part]


_THOUSANDS_ONLY = re.compile(r"[1-9]\d{0,2}(\.\d{3})+")

AMBIGUOUS = _(
    "Een punt met drie cijfers erachter is dubbelzinnig: bedoelt u duizendtallen? "
    "Schrijf 15000 (of 15.000,00); een decimaal getal schrijft u als 1,5."
)


def ambiguous(text: str) -> bool:
    """Whether ``text`` could be a Dutch thousands group as well as a decimal point.

    ``15.000`` is fifteen thousand to a Dutch reader and fifteen to an English
    one; rather than guess, the form asks.

    Examples
    --------
    >>> ambiguous("15.000"), ambiguous("0.125"), ambiguous("15.000,00"), ambiguous("1.5")
    (True, False, False, False)
    """
    return bool(_THOUSANDS_ONLY.fullmatch(text.strip()))


def number(text: str) -> float | int | None:
    """A quantity typed in Dutch or English notation, or None when it is not one.

    A comma alone is a decimal comma; with both a point and a comma the
    points group thousands (``1.500,25``). A point alone is a decimal point
    (``0.125``), unless it could as well group thousands (see :func:`ambiguous`),
    which is not a number until the user says which.

    Examples
    --------
    >>> number("1.500,5"), number("2,5"), number("0.125"), number("12"), number("C")
    (1500.5, 2.5, 0.125, 12, None)
    >>> number("15.000") is None
    True
    """
    if ambiguous(text):
        return None
    cleaned = text.strip().replace(" ", "").replace("_", "")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def show_number(value: Any) -> str:
    """A quantity as a form shows it: no grouping, a decimal comma (never ambiguous).

    Examples
    --------
    >>> show_number(15000.0), show_number(1.125), show_number("C")
    ('15000', '1,125', 'C')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")
