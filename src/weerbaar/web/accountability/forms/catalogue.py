"""Uploading a catalogue: read whole by weerbaar.accountability, or not at all."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.web.accountability.models import Scale
from weerbaar.web.forms import NLFormMixin, check_upload_size

SUFFIXES = (".md", ".markdown", ".txt", ".json", ".xlsx")


class CatalogueImportForm(NLFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy(
            "De BIO2-overheidsmaatregelen als Markdown (.md), een OSCAL-catalogus (.json) "
            "of een eigen lijst in Excel (.xlsx)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Leeg: de naam die het bestand noemt."),
    )
    version = forms.CharField(
        label=gettext_lazy("Versie"),
        required=False,
        max_length=50,
        help_text=gettext_lazy("Leeg: de versie die het bestand noemt."),
    )
    issued = forms.DateField(
        label=gettext_lazy("Datum van de versie"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    scale = forms.ChoiceField(
        label=gettext_lazy("Schaal van de implementatie"),
        choices=Scale.choices,
        initial=Scale.THREE_LEVELS,
        help_text=gettext_lazy(
            "Een nieuwe versie van een catalogus houdt de schaal van de vorige."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload_size(upload, settings.MAP_LIMITS.max_bytes)
        if not upload.name.lower().endswith(SUFFIXES):
            raise ValidationError(_("Kies een .md-, .json- of .xlsx-bestand."))
        return upload
