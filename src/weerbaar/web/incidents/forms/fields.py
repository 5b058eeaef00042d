"""Fields the incident forms share: a moment (datetime-local), an expected restore."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.model import DurationError, parse_uncertain

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
