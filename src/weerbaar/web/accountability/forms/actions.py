"""An improvement action of the plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from weerbaar.model.riskmap import RiskMap
from weerbaar.web.accountability.models import ActionRecord
from weerbaar.web.forms import NLFormMixin


class ActionForm(NLFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Voert deze maatregelen van de kaart uit"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = ActionRecord
        fields = ["title", "source", "source_ref", "owner", "due", "status", "cost", "spent"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, riskmap: RiskMap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measures: Any = self.fields["measures"]
        measures.choices = [(m.id, m.label) for m in riskmap.measures]
        if self.instance.pk:
            self.initial["measures"] = self.instance.measures
        for name in ("cost", "spent"):
            self.fields[name].min_value = 0  # type: ignore[attr-defined]
            self.fields[name].validators.append(_not_negative)


def _not_negative(value: Any) -> None:
    if value is not None and value < 0:
        raise forms.ValidationError(gettext_lazy("Een bedrag kan niet negatief zijn."))
