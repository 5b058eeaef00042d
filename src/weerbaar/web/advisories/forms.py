"""Uploading advisories: one or more CSAF documents (JSON), each within the size limit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.web.forms import NLFormMixin, check_upload_size

#: The most files one upload may hold.
MAX_FILES = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class AdvisoryImportForm(NLFormMixin, forms.Form):
    documents = MultipleFileField(
        label=gettext_lazy("CSAF-bestanden"),
        help_text=gettext_lazy(
            "Een of meer beveiligingsadviezen in CSAF 2.0 (.json), zoals het NCSC ze publiceert."
        ),
    )

    def clean_documents(self) -> Any:
        uploads = self.cleaned_data["documents"]
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("Hoogstens %(max)s bestanden tegelijk.") % {"max": MAX_FILES})
        for upload in uploads:
            check_upload_size(upload, settings.ADVISORY_MAX_BYTES)
            if not upload.name.lower().endswith(".json"):
                raise ValidationError(
                    _("%(name)s: kies .json-bestanden (CSAF).") % {"name": upload.name}
                )
        return uploads


class ProviderForm(NLFormMixin, forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Adres van de CSAF-aanbieder"),
        max_length=2000,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Het adres van de aanbieder (zijn /.well-known/csaf/provider-metadata.json wordt "
            "gelezen) of van zijn provider-metadata.json. Alleen openbare adressen."
        ),
    )

    def clean_url(self) -> str:
        from weerbaar.web.advisories.provider import check

        url: str = self.cleaned_data["url"]
        problems = check(url)
        if problems:
            raise ValidationError(problems)
        return url
