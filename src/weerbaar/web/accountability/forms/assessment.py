"""The self-assessment of one control, and its evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.accountability.assessment import Scale
from weerbaar.model.riskmap import RiskMap
from weerbaar.web.forms import NLFormMixin, check_upload_size

#: Evidence kinds accepted: extension -> (content type, how the file starts).
#: The type is decided by the content, never by what the browser says.
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    ".txt": ("text/plain; charset=utf-8", ()),
    ".csv": ("text/csv; charset=utf-8", ()),
}

APPLICABLE = [("", gettext_lazy("nog niet beoordeeld")), ("ja", gettext_lazy("ja")),
              ("nee", gettext_lazy("nee"))]  # fmt: skip


class AssessmentForm(NLFormMixin, forms.Form):
    applicable = forms.ChoiceField(
        label=gettext_lazy("Van toepassing"), choices=APPLICABLE, required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Verplicht als de maatregel niet van toepassing is."),
    )
    level = forms.TypedChoiceField(
        label=gettext_lazy("Implementatie"), coerce=int, required=False, empty_value=None
    )
    owner = forms.CharField(label=gettext_lazy("Eigenaar"), required=False, max_length=200)
    last_review = forms.DateField(
        label=gettext_lazy("Laatste beoordeling"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    next_review = forms.DateField(
        label=gettext_lazy("Volgende beoordeling"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    nodes = forms.MultipleChoiceField(
        label=gettext_lazy("Beschermt deze knooppunten"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Uitgevoerd door deze maatregelen van de kaart"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    links = forms.CharField(
        label=gettext_lazy("Links naar bewijs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Eén adres (https://…) per regel."),
    )

    def __init__(self, *args: Any, scale: Scale, riskmap: RiskMap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        level: Any = self.fields["level"]
        level.choices = [("", _("nog niet bepaald")), *enumerate(scale.labels)]
        nodes: Any = self.fields["nodes"]
        nodes.choices = [
            (n.id, f"{n.label}" + (f" (BBN {n.bbn})" if n.bbn else "")) for n in riskmap.nodes
        ]
        measures: Any = self.fields["measures"]
        measures.choices = [(m.id, m.label) for m in riskmap.measures]

    def clean_links(self) -> list[str]:
        links = [x.strip() for x in self.cleaned_data["links"].splitlines() if x.strip()]
        check = URLValidator(schemes=["https", "http"])
        for link in links:
            try:
                check(link)
            except ValidationError:
                raise ValidationError(_("%(link)s is geen webadres.") % {"link": link}) from None
        return links

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("applicable") == "nee":
            if not (data.get("reason") or "").strip():
                self.add_error(
                    "reason", _("Geef de reden waarom de maatregel niet van toepassing is.")
                )
            if data.get("level") is not None:
                self.add_error(
                    "level",
                    _("Een maatregel die niet van toepassing is, heeft geen implementatie."),
                )
        last, following = data.get("last_review"), data.get("next_review")
        if last and following and following < last:
            self.add_error("next_review", _("De volgende beoordeling ligt vóór de laatste."))
        return data


class EvidenceForm(NLFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bewijsstuk"),
        help_text=gettext_lazy(
            "PDF, afbeelding (PNG, JPEG), Office- of OpenDocument-bestand, tekst of CSV."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload_size(upload, settings.EVIDENCE_MAX_BYTES)
        suffix = Path(upload.name).suffix.lower()
        if suffix not in EVIDENCE_TYPES:
            raise ValidationError(
                _("Dit soort bestand wordt niet bewaard; kies %(kinds)s.")
                % {"kinds": ", ".join(EVIDENCE_TYPES)}
            )
        content_type, starts = EVIDENCE_TYPES[suffix]
        head = upload.read(2048)
        upload.seek(0)
        if starts and not head.startswith(starts):
            raise ValidationError(
                _("De inhoud van het bestand past niet bij %(suffix)s.") % {"suffix": suffix}
            )
        if not starts and (b"\x00" in head or not _utf8(head)):
            raise ValidationError(_("Een tekstbestand moet UTF-8-tekst zijn."))
        upload.weerbaar_content_type = content_type
        return upload


def _utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The first 2 kB may cut a character in two.
        return exc.start >= len(head) - 3
    return True
