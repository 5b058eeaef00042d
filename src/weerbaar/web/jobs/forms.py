"""Starting a criticality run."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.web.forms import NLFormMixin, duration_hours


class CriticalityForm(NLFormMixin, forms.Form):
    duration = forms.CharField(
        label=_("Duur van de uitval"),
        help_text=_(
            "Leeg: structurele criticaliteit (uitval zonder einde). Met een duur, "
            "bijvoorbeeld 1d: elk knooppunt valt zo lang uit, met tolerantie."
        ),
        required=False,
        max_length=20,
    )

    def clean_duration(self) -> float | None:
        value = self.cleaned_data["duration"]
        return duration_hours(value) if value.strip() else None
