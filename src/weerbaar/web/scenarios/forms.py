"""The forms of the graph, map and scenario pages.

Choices come from the map being shown, so every form takes the
:class:`~weerbaar.model.RiskMap` as its first argument.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.model import DurationError, NodeKind, RiskMap, parse_duration
from weerbaar.web.forms import NLFormMixin
from weerbaar.web.labels import NODE_KINDS
from weerbaar.web.scenarios.dependencies import LAYERS

#: A year: the longest horizon a what-if may ask for, so that one form post
#: cannot ask the server for an arbitrarily long simulation.
MAX_HORIZON = 24 * 366.0


def _choose(form: forms.Form, name: str, choices: list[Any]) -> None:
    # Choices that depend on the map: set per form, after the fields are copied.
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _duration(value: str, *, maximum: float = MAX_HORIZON) -> float:
    try:
        hours = parse_duration(value.strip())
    except (DurationError, ValueError):
        raise forms.ValidationError(
            _("Geef een duur zoals 12h, 3d of 1w (een getal alleen is in uren).")
        ) from None
    if hours <= 0 or hours > maximum:
        raise forms.ValidationError(_("Kies een duur groter dan 0 en hoogstens een jaar."))
    return hours


class GraphFilterForm(NLFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), required=False)
    party = forms.ChoiceField(label=_("Ketenpartner"), required=False)
    vital = forms.BooleanField(
        label=_("Alleen vitale processen en wat zij nodig hebben"),
        required=False,
    )
    node = forms.ChoiceField(label=_("Knooppunt bekijken"), required=False)

    def __init__(self, m: RiskMap, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(
            self, "kind", [("", _("alle soorten"))] + [(k.value, NODE_KINDS[k]) for k in LAYERS]
        )
        parties = sorted(m.parties, key=lambda p: p.label.lower())
        _choose(self, "party", [("", _("alle ketenpartners"))] + [(p.id, p.label) for p in parties])
        groups: dict[NodeKind, list[tuple[str, str]]] = {k: [] for k in LAYERS}
        for n in sorted(m.nodes, key=lambda n: n.label.lower()):
            groups[n.kind].append((n.id, n.label))
        _choose(
            self,
            "node",
            [("", _("— kies een knooppunt —"))]
            + [(NODE_KINDS[k], options) for k, options in groups.items() if options],
        )


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
        _choose(
            self, "measure", [("", _("geen maatregel"))] + [(me.id, me.label) for me in m.measures]
        )

    def clean_horizon(self) -> float | None:
        value = self.cleaned_data["horizon"]
        return _duration(value) if value.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("horizon") is None and not data.get("measure"):
            raise forms.ValidationError(_("Kies een andere horizon, een maatregel of beide."))
        return data


class MomentForm(NLFormMixin, forms.Form):
    """A moment in a scenario: the player and the geographic map without script."""

    scenario = forms.ChoiceField(label=_("Scenario"), required=False)
    t = forms.FloatField(
        label=_("Tijdstip (uren na het begin)"),
        required=False,
        min_value=0,
        max_value=MAX_HORIZON,
        widget=forms.NumberInput({"step": "any", "inputmode": "decimal"}),
    )

    def __init__(self, m: RiskMap, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(
            self, "scenario", [("", _("geen scenario"))] + [(s.id, s.label) for s in m.scenarios]
        )


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
        return _duration(value) if value.strip() else None
