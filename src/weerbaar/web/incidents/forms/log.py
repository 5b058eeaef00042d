"""The log, contacts, reports made and the organisation's reporting duties."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from weerbaar.web.incidents.forms.fields import MomentField
from weerbaar.web.incidents.models import Contact, DutyChoice, EntryKind


class LogForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[(k.value, k.label) for k in (EntryKind.ACTION, EntryKind.DECISION)],
    )
    text = forms.CharField(
        label=_("Wat"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["role", "organisation", "reach"]
        help_texts = {
            "reach": _("een functienummer of functiemailbox, geen privégegevens"),
        }


class ReportForm(forms.Form):
    duty = forms.ChoiceField(label=_("Meldplicht"))
    made = MomentField(label=_("Gemeld op"))
    reference = forms.CharField(label=_("Kenmerk van de melding"), max_length=200, required=False)

    def __init__(self, duties: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(DutyChoice.choices)
        field: Any = self.fields["duty"]
        field.choices = [(d, labels[d]) for d in duties]


class DutySettingsForm(forms.Form):
    duties = forms.MultipleChoiceField(
        label=_("Meldplichten die voor de organisatie gelden"),
        choices=DutyChoice.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipients = forms.CharField(
        label=_("E-mailadressen voor herinneringen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("functiemailboxen, gescheiden door komma's of regels"),
    )

    def clean_recipients(self) -> str:
        raw = self.cleaned_data["recipients"].replace(",", "\n").splitlines()
        found = [a.strip() for a in raw if a.strip()]
        for address in found:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Geen geldig e-mailadres: %(address)s"), params={"address": address}
                ) from None
        return "\n".join(found)
