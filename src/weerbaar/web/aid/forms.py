"""The forms of mutual aid: a request, an offer, the organisation's location."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from weerbaar.web.aid.models import MAX_AMOUNT, AidLocation, Capacity, Shared
from weerbaar.web.forms import NLFormMixin
from weerbaar.web.sharing.models import Community

#: The longest window a request or offer may span.
MAX_WINDOW = timedelta(days=366)


def _moment() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _Window(NLFormMixin, forms.Form):
    amount = forms.IntegerField(
        label=_("Hoeveel"),
        min_value=1,
        max_value=MAX_AMOUNT,
        help_text=_("Aantal mensen, werkplekken of stuks materieel."),
    )
    starts = forms.DateTimeField(label=_("Vanaf"), widget=_moment())
    ends = forms.DateTimeField(label=_("Tot"), widget=_moment())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts is not None and ends is not None:
            if ends <= starts:
                self.add_error("ends", _("Het einde ligt na het begin."))
            elif ends - starts > MAX_WINDOW:
                self.add_error("ends", _("Hoogstens een jaar na het begin."))
        return cleaned


class RequestForm(_Window):
    network = forms.ModelChoiceField(
        label=_("Responsnetwerk"), queryset=Community.objects.none(), empty_label=None
    )
    capacity = forms.ChoiceField(label=_("Soort hulp"), choices=Capacity.choices)
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat er aan de hand is en wat de hulp moet doen."),
    )
    contact = forms.CharField(
        label=_("Contactpersoon"),
        required=False,
        max_length=200,
        help_text=_("Een functie of een naam met telefoonnummer; niet meer dan nodig."),
    )
    shared = forms.MultipleChoiceField(
        label=_("Wat de andere organisaties in het netwerk zien"),
        choices=Shared.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De soort hulp zien ze altijd; de rest alleen als u het hier aanvinkt."),
    )

    field_order = ["network", "capacity", "amount", "starts", "ends", "description", "contact"]

    def __init__(self, *args: Any, networks: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["network"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = networks


class OfferForm(_Window):
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.CharField(label=_("Contactpersoon"), required=False, max_length=200)


class LocationForm(NLFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AidLocation
        fields = ["lat", "lon"]
        localized_fields = ["lat", "lon"]
