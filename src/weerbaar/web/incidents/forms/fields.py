"""Fields the incident forms share: a moment (datetime-local), an expected restore."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.model import DurationError, parse_uncertain

#: The most nodes one field may name (a larger incident is recorded in steps).
MAX_NODE_IDS = 200

FORMAT = "%Y-%m-%dT%H:%M"


class MomentField(forms.DateTimeField):
    """A date and time in the site's time zone, entered as the browser's datetime-local."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=FORMAT)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)


class ExpectedField(forms.CharField):
    """How long a node stays down, from when it went down: ``8h``, ``tri(4h, 8h, 2d)``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Verwachte duur tot herstel"))
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "gerekend vanaf de uitval: een duur (8h, 2d) of een verdeling "
                "(tri(4h, 8h, 2d), lognormal(12h, 0.6)); leeg: onbekend"
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text: str = super().clean(value).strip()
        if text:
            try:
                parse_uncertain(text)
            except DurationError as exc:
                raise forms.ValidationError(str(exc)) from None
        return text


class NodeIdsField(forms.CharField):
    """Nodes of a large map by id, separated by commas, spaces or lines.

    Used where a list of the map's nodes would be too long to send; each id
    is checked against the map, and every unknown one is named.
    """

    def __init__(self, ids: Collection[str], **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            _(
                "de id's van de knooppunten, gescheiden door komma's; zoek ze met de "
                "knooppuntzoeker. Uitgevallen op het moment van ontdekken."
            ),
        )
        super().__init__(max_length=20_000, **kwargs)
        self.ids = ids

    def clean(self, value: Any) -> list[str]:
        text: str = super().clean(value)
        found = list(dict.fromkeys(t for t in text.replace(",", " ").split() if t))
        if len(found) > MAX_NODE_IDS:
            raise forms.ValidationError(
                _("Hoogstens %(n)d knooppunten tegelijk."), params={"n": MAX_NODE_IDS}
            )
        unknown = [t for t in found if t not in self.ids]
        if unknown:
            raise forms.ValidationError(
                _("Deze kaart heeft geen knooppunt met id: %(ids)s"),
                params={"ids": ", ".join(unknown[:20])},
                code="unknown",
            )
        return found
