"""The forms that edit the script: an inject, an objective, an expectation.

Values are checked as the exercise file checks them; whether the change is
allowed at all (the exercise's status, the clock) is decided by
:mod:`weerbaar.exercise.editing`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.exercise.model import Exercise
from weerbaar.exercise.records import Capability, Channel, Expectation, Inject, Objective
from weerbaar.web.exercises.forms import _choices, _hours
from weerbaar.web.forms import NLFormMixin


def _as_text(hours: float) -> str:
    """An exercise time as the form takes it back: whole minutes, or hours when even."""
    minutes = round(hours * 60)
    return f"{minutes // 60}h" if minutes and minutes % 60 == 0 else f"{minutes}m"


class InjectEditForm(NLFormMixin, forms.Form):
    at = forms.CharField(
        label=_("Tijd in de oefening"),
        max_length=20,
        help_text=_("vanaf de start van de oefening, bijvoorbeeld 45m, 90m of 2h"),
    )
    title = forms.CharField(label=_("Titel"), max_length=300)
    text = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, required=False
    )
    channel = forms.ChoiceField(label=_("Kanaal"), choices=[(c.value, c.value) for c in Channel])
    recipients = forms.MultipleChoiceField(label=_("Aan"), widget=forms.CheckboxSelectMultiple)
    expected = forms.CharField(
        label=_("Verwachte acties"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        required=False,
        help_text=_("één actie per regel"),
    )

    def __init__(self, ex: Exercise, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "recipients", [(r.id, r.name or r.id) for r in ex.roles])

    def clean_at(self) -> float:
        return _hours(self.cleaned_data["at"])

    def clean_expected(self) -> tuple[str, ...]:
        lines = self.cleaned_data.get("expected", "").splitlines()
        return tuple(line.strip() for line in lines if line.strip())

    @staticmethod
    def initial_of(inject: Inject) -> dict[str, Any]:
        return {
            "at": _as_text(inject.at),
            "title": inject.title,
            "text": inject.text,
            "channel": inject.channel.value,
            "recipients": list(inject.recipients),
            "expected": "\n".join(inject.expected),
        }


class ObjectiveForm(NLFormMixin, forms.Form):
    title = forms.CharField(label=_("Doel"), max_length=300)
    capability = forms.ChoiceField(
        label=_("Kerncapaciteit"), choices=[(c.value, c.value) for c in Capability]
    )
    description = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )

    def __init__(self, ex: Exercise, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_of(objective: Objective) -> dict[str, Any]:
        return {
            "title": objective.title,
            "capability": objective.capability.value,
            "description": objective.description,
        }


class ExpectationForm(NLFormMixin, forms.Form):
    inject = forms.ChoiceField(label=_("Bij bericht"))
    objective = forms.ChoiceField(label=_("Draagt bij aan doel"))
    text = forms.CharField(
        label=_("Verwachting"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, ex: Exercise, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "inject", [(i.id, f"{i.id} — {i.title}") for i in ex.injects])
        _choices(self, "objective", [(o.id, o.title) for o in ex.objectives])

    @staticmethod
    def initial_of(expectation: Expectation) -> dict[str, Any]:
        return {
            "inject": expectation.inject,
            "objective": expectation.objective,
            "text": expectation.text,
        }
