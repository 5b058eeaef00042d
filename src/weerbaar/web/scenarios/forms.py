"""The forms of the scenario pages.

Choices come from the map being shown, so every form takes the
:class:`~weerbaar.model.RiskMap` as its first argument.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.model import RiskMap
from weerbaar.web.forms import NLFormMixin, duration_hours, set_choices


class WhatIfForm(NLFormMixin, forms.Form):
    horizon = forms.CharField(
        label=_("Andere horizon"),
        help_text=_("Bijvoorbeeld 3d of 72 (uren). Leeg: de horizon van het scenario."),
        required=False,
        max_length=20,
    )
    measure = forms.ChoiceField(label=_("Met maatregel"), required=False)

    def __init__(self, m: RiskMap, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "measure", [("", _("geen maatregel"))] + [(me.id, me.label) for me in m.measures]
        )

    def clean_horizon(self) -> float | None:
        value = self.cleaned_data["horizon"]
        return duration_hours(value) if value.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("horizon") is None and not data.get("measure"):
            raise forms.ValidationError(_("Kies een andere horizon, een maatregel of beide."))
        return data
