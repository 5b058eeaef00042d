"""Django forms that render as NL Design System components.

Django's widgets render bare ``<input>`` and ``<select>`` elements; the Utrecht
component CSS styles them only through its classes (``utrecht-textbox``,
``utrecht-select`` ...) and shows an invalid state only through the
``--invalid`` modifiers. :class:`NLFormMixin` adds those at render time, when
the field's errors are known (errors added after validation, such as the map
loader's, count too), and points ``aria-describedby`` at the help and error
texts that ``weerbaar/_field.html`` renders.

Examples
--------
>>> from django import forms
>>> class NameForm(NLFormMixin, forms.Form):
...     name = forms.CharField(help_text="Zoals op het organogram")
>>> html = str(NameForm()["name"])
>>> "utrecht-textbox" in html and 'aria-describedby="id_name_help"' in html
True
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from weerbaar.model import DurationError, RiskMap, parse_duration
from weerbaar.web.labels import duration_text

#: Base and invalid-state classes per kind of widget; the first match wins, so
#: subclasses (``PasswordInput`` is an ``Input``) come before their bases.
_CLASSES: tuple[tuple[type[forms.Widget], str, str], ...] = (
    (
        forms.CheckboxInput,
        "utrecht-checkbox utrecht-checkbox--html-input",
        "utrecht-checkbox--invalid",
    ),
    (forms.RadioSelect, "", ""),
    (forms.CheckboxSelectMultiple, "", ""),
    (forms.Select, "utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    (
        forms.Textarea,
        "utrecht-textarea utrecht-textarea--html-textarea",
        "utrecht-textarea--invalid",
    ),
    (forms.FileInput, "", ""),
    (forms.HiddenInput, "", ""),
    (Input, "utrecht-textbox utrecht-textbox--html-input", "utrecht-textbox--invalid"),
)


def widget_classes(widget: forms.Widget, invalid: bool) -> str:
    """The NL Design System classes for ``widget``, with the invalid state when asked.

    Examples
    --------
    >>> widget_classes(forms.Textarea(), invalid=True)
    'utrecht-textarea utrecht-textarea--html-textarea utrecht-textarea--invalid'
    >>> widget_classes(forms.HiddenInput(), invalid=False)
    ''
    """
    for kind, base, bad in _CLASSES:
        if isinstance(widget, kind):
            return f"{base} {bad}" if invalid and bad else base
    return ""


class NLBoundField(BoundField):
    """A bound field whose widget carries the NL DS classes and ARIA references."""

    def build_widget_attrs(self, attrs: Any, widget: forms.Widget | None = None) -> Any:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        own = widget_classes(widget, bool(self.errors))
        given = " ".join(c for c in (widget.attrs.get("class"), attrs.get("class")) if c)
        classes = " ".join(c for c in (own, given) if c)
        if classes:
            attrs["class"] = classes
        if self.field.required and not widget.is_hidden:
            attrs["aria-required"] = "true"
        return attrs

    @property
    def aria_describedby(self) -> str | None:
        # The same ids as weerbaar/_field.html and maps/_cell.html render
        # (Django's own default is "<id>_helptext").
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}_help")
            if self.errors:
                ids.append(f"{self.auto_id}_error")
        return " ".join(ids)


class NLFormMixin:
    """Mix into a ``forms.Form`` to render its fields as NL DS components.

    Required fields say so with ``aria-required`` rather than ``required``:
    the component CSS styles ``:invalid``, which would paint every empty
    required field red before the user typed anything, and the server's
    messages (next to the field) are the ones that count.
    """

    bound_field_class: type[BoundField] | None = NLBoundField
    use_required_attribute = False


class LoginForm(NLFormMixin, AuthenticationForm):
    """The login form, NL Design System style."""


def set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    """Set the choices of field ``name`` on this form instance.

    Choices that depend on the map are set per form, after the fields are copied.
    """
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def horizon_problem(hours: float) -> str | None:
    """Why ``hours`` is too long a horizon for this installation, or None.

    ``WEERBAAR_MAX_HORIZON_HOURS`` (default a year) bounds every horizon the
    web app computes to, a map's, a scenario's and a what-if run's, so that
    one form post or API call cannot ask for an arbitrarily long simulation.
    """
    limit = settings.MAX_HORIZON_HOURS
    if hours <= limit:
        return None
    return gettext(
        "De horizon van %(hours)s is langer dan deze installatie toestaat: hoogstens %(limit)s "
        "(WEERBAAR_MAX_HORIZON_HOURS)."
    ) % {"hours": duration_text(hours), "limit": duration_text(limit)}


def duration_hours(value: str) -> float:
    """Hours of a duration typed in a form (``12h``, ``3d``), or a form error."""
    try:
        hours = parse_duration(value.strip())
    except (DurationError, ValueError):
        raise forms.ValidationError(
            _("Geef een duur zoals 12h, 3d of 1w (een getal alleen is in uren).")
        ) from None
    if hours <= 0:
        raise forms.ValidationError(_("Kies een duur groter dan 0."))
    problem = horizon_problem(hours)
    if problem is not None:
        raise forms.ValidationError(problem)
    return hours


def check_upload_size(upload: UploadedFile[Any], limit: int) -> None:
    """Refuse an upload of more than ``limit`` bytes, naming both sizes."""
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            gettext("Het bestand is %(size)s; het mag hoogstens %(max)s zijn.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)}
        )


#: Past this many nodes a form asks for a node by its id: a list of every node
#: of the generator's 300-municipality map (21,500) weighs megabytes per field.
NODE_CHOICE_LIMIT = 500


class NodeIdField(forms.CharField):
    """A node of the map asked for by its id, where a list of them would be too long."""

    def __init__(self, ids: Collection[str], **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Het id uit de lijst van knooppunten."))
        super().__init__(max_length=200, **kwargs)
        self.ids = ids

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        if text and text not in self.ids:
            raise ValidationError(_("Deze kaart heeft geen knooppunt met dit id."), code="unknown")
        return text


class MomentForm(NLFormMixin, forms.Form):
    """A moment in a scenario: the cascade player and the geographic map."""

    scenario = forms.ChoiceField(label=_("Scenario"), required=False)
    t = forms.FloatField(
        label=_("Tijdstip (uren na het begin)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput({"step": "any", "inputmode": "decimal"}),
    )

    def __init__(self, m: RiskMap, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["t"].validators.append(MaxValueValidator(settings.MAX_HORIZON_HOURS))
        set_choices(
            self, "scenario", [("", _("geen scenario"))] + [(s.id, s.label) for s in m.scenarios]
        )
