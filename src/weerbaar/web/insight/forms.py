"""The criticality page's form: filter the ranking, choose a failure duration."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.model import DurationError, NodeKind, RiskMap, parse_duration
from weerbaar.web.forms import NLFormMixin
from weerbaar.web.labels import NODE_KINDS


class CriticalityForm(NLFormMixin, forms.Form):
    """Read from the query string: choosing what to look at changes nothing."""

    kind = forms.ChoiceField(label=_("Soort"), required=False)
    party = forms.ChoiceField(label=_("Ketenpartner"), required=False)
    duration = forms.CharField(
        label=_("Duur van de uitval"),
        required=False,
        max_length=20,
        help_text=_(
            "Bijvoorbeeld 4h, 1d of 1w. Elk onderdeel valt dan zo lang uit, "
            "met de toleranties van de kaart meegerekend."
        ),
    )

    def __init__(self, m: RiskMap, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.m = m
        everything: list[tuple[str, Any]] = [("", _("alle"))]
        kinds: list[tuple[str, Any]] = [(k.value, NODE_KINDS[k]) for k in NodeKind]
        cast(forms.ChoiceField, self.fields["kind"]).choices = everything + kinds
        parties = sorted(m.parties, key=lambda p: p.label.lower())
        party_choices: list[tuple[str, Any]] = [(p.id, p.label) for p in parties]
        cast(forms.ChoiceField, self.fields["party"]).choices = everything + party_choices

    def clean_duration(self) -> float | None:
        raw = self.cleaned_data["duration"].strip()
        if not raw:
            return None
        try:
            hours = parse_duration(raw)
        except DurationError:
            raise forms.ValidationError(
                _("Geef een duur zoals 30m, 4h, 2d of 1w."), code="invalid"
            ) from None
        if hours <= 0:
            raise forms.ValidationError(_("De duur moet langer dan nul zijn."), code="zero")
        if hours > self.m.horizon:
            raise forms.ValidationError(
                _("De duur mag niet langer zijn dan de tijdshorizon van de kaart."),
                code="horizon",
            )
        return hours
