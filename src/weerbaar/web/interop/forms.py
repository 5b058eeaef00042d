"""The forms of the exchange page: import a file, pull a TAXII collection."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from weerbaar.sharing.tlp import TLP
from weerbaar.web.forms import check_upload_size
from weerbaar.web.sharing.models import Community

#: Labels a person may choose for objects or events that carry none.
UNMARKED_CHOICES = [("", _("geen: weiger wat geen label heeft"))] + [
    (t.value, t.label) for t in (TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT)
]


class _Target(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Gemeenschap (voor TLP:GREEN en TLP:CLEAR)"),
        queryset=Community.objects.none(),
        required=False,
    )
    unmarked = forms.ChoiceField(
        label=_("Label voor wat geen TLP-label heeft"), choices=UNMARKED_CHOICES, required=False
    )

    def __init__(self, *args: Any, communities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communities if communities is not None else Community.objects.none()

    def default_tlp(self) -> TLP | None:
        value = self.cleaned_data.get("unmarked")
        return TLP(value) if value else None


class ImportForm(_Target):
    file = forms.FileField(
        label=_("Bestand (STIX 2.1-bundel of MISP-JSON)"),
        help_text=_(
            "JSON; een STIX-bundel of MISP-gebeurtenissen, zoals MISP en OpenCTI ze exporteren."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload_size(upload, settings.MAP_LIMITS.max_bytes)
        return upload


class PullForm(_Target):
    url = forms.URLField(
        label=_("Adres van de TAXII-collectie"),
        help_text=_("Eindigt op …/collections/<id>/"),
        assume_scheme="https",
    )
    token = forms.CharField(
        label=_("API-token bij die server"),
        widget=forms.PasswordInput(render_value=False),
        max_length=200,
    )
