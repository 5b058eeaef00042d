"""The forms of the exercise pages; every value is checked as the exercise file checks it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from weerbaar.exercise.records import (
    ActionStatus,
    Channel,
    InterventionKind,
    ObservationKind,
    Rating,
)
from weerbaar.model import DurationError, RiskMap, parse_duration
from weerbaar.web.exercises.models import Kind


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field: Any = form.fields[name]
    field.choices = choices


def _hours(value: str) -> float:
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise forms.ValidationError(str(exc)) from None


class NewExerciseForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Scenario"))
    title = forms.CharField(label=_("Titel"), max_length=300, required=False)
    duration = forms.CharField(
        label=_("Duur van de oefening"),
        initial="3h",
        max_length=20,
        help_text=_("bijvoorbeeld 2h, 3h of 90m"),
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=2**31,
        initial=2026,
        help_text=_("dezelfde seed geeft hetzelfde draaiboek"),
    )
    # The script's language is the exercise's, not the page's: the players
    # read it. Dutch unless chosen, as `weerbaar exercise generate --language`.
    language = forms.ChoiceField(
        label=_("Taal van het draaiboek"),
        choices=[("nl", "Nederlands"), ("en", "English")],
        initial="nl",
        required=False,
        help_text=_("de taal van de berichten die de spelers krijgen"),
    )

    def __init__(self, m: RiskMap, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "scenario", [(s.id, s.name or s.id) for s in m.scenarios])

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language") or "nl")

    def clean_duration(self) -> float:
        hours = _hours(self.cleaned_data["duration"])
        if not 0.25 <= hours <= 24:
            raise forms.ValidationError(_("Een oefening duurt tussen 15 minuten en 24 uur."))
        return hours


class ParticipantForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    role = forms.ChoiceField(label=_("Rol in de oefening"))
    kind = forms.ChoiceField(label=_("Deelname"), choices=Kind.choices)

    def __init__(self, roles: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "role", roles)

    def clean_username(self) -> Any:
        user = get_user_model().objects.filter(username=self.cleaned_data["username"]).first()
        if user is None:
            raise forms.ValidationError(_("Er is geen gebruiker met deze naam."))
        return user


class ClockForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("start", "pause", "resume", "speed", "next", "end")]
    )
    speed = forms.FloatField(label=_("Snelheid"), min_value=0.1, max_value=60, required=False)


class InjectForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    text = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000, required=False
    )
    channel = forms.ChoiceField(label=_("Kanaal"), choices=[(c.value, c.value) for c in Channel])
    recipients = forms.MultipleChoiceField(label=_("Aan"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, roles: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "recipients", roles)


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 2}), max_length=20000
    )
    inject = forms.ChoiceField(label=_("Naar aanleiding van"), required=False)

    def __init__(self, injects: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "inject", [("", "—"), *injects])


class InterventionForm(DecisionForm):
    kind = forms.ChoiceField(
        label=_("Verandert het verloop"),
        choices=[
            ("", _("nee, alleen vastleggen")),
            (InterventionKind.RESTORE.value, _("onderdeel eerder hersteld")),
            (InterventionKind.EXTEND.value, _("storing duurt langer")),
            (InterventionKind.FAIL.value, _("nieuwe storing")),
            (InterventionKind.MEASURE.value, _("maatregel van de kaart in gebruik")),
            (InterventionKind.FALLBACK.value, _("terugvaloptie in gebruik")),
        ],
        required=False,
    )
    node = forms.ChoiceField(label=_("Onderdeel"), required=False)
    duration = forms.CharField(
        label=_("Duur"),
        max_length=20,
        required=False,
        help_text=_("bij een langere of nieuwe storing, bijvoorbeeld 12h"),
    )
    measure = forms.ChoiceField(label=_("Maatregel"), required=False)
    requirement = forms.ChoiceField(label=_("Vervangt afhankelijkheid van"), required=False)
    alternative = forms.ChoiceField(
        label=_("Terugvaloptie"),
        required=False,
        help_text=_("leeg: een noodvoorziening buiten de kaart"),
    )

    def __init__(
        self, injects: list[tuple[str, str]], m: RiskMap, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(injects, *args, **kwargs)
        nodes = [
            ("", "—"),
            *sorted(((n.id, n.name or n.id) for n in m.nodes), key=lambda x: x[1].lower()),
        ]
        _choices(self, "node", nodes)
        _choices(self, "requirement", nodes)
        _choices(self, "alternative", nodes)
        _choices(
            self,
            "measure",
            [
                ("", "—"),
                *((me.id, me.name or me.id) for me in m.measures),
            ],
        )

    def clean_duration(self) -> float | None:
        value = self.cleaned_data.get("duration")
        return _hours(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        need = {
            "restore": ("node",),
            "extend": ("node", "duration"),
            "fail": ("node",),
            "measure": ("measure",),
            "fallback": ("node", "requirement"),
        }.get(kind or "", ())
        for name in need:
            if not data.get(name):
                self.add_error(name, _("Vul dit in voor deze verandering."))
        return data


class ObservationForm(forms.Form):
    text = forms.CharField(
        label=_("Waarneming"), widget=forms.Textarea(attrs={"rows": 2}), max_length=20000
    )
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[
            (ObservationKind.STRENGTH.value, _("sterk punt")),
            (ObservationKind.IMPROVEMENT.value, _("verbeterpunt")),
            (ObservationKind.NOTE.value, _("notitie")),
        ],
    )
    objective = forms.ChoiceField(label=_("Doel"), required=False)

    def __init__(self, objectives: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "objective", [("", "—"), *objectives])


RATING_CHOICES = [
    ("", "—"),
    (Rating.PERFORMED.value, _("P — uitgevoerd zonder problemen")),
    (Rating.SOME_CHALLENGES.value, _("S — uitgevoerd met enkele problemen")),
    (Rating.MAJOR_CHALLENGES.value, _("M — uitgevoerd met grote problemen")),
    (Rating.UNABLE.value, _("U — niet uitgevoerd")),
]


class HotWashForm(forms.Form):
    went_well = forms.CharField(
        label=_("Wat ging goed?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    to_improve = forms.CharField(
        label=_("Wat kan beter?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Verbeteractie"), max_length=300)
    owner = forms.CharField(label=_("Eigenaar"), max_length=200)
    due = forms.DateField(
        label=_("Gereed op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ActionStatus.OPEN.value, _("open")),
            (ActionStatus.IN_PROGRESS.value, _("in uitvoering")),
            (ActionStatus.DONE.value, _("gereed")),
            (ActionStatus.CANCELLED.value, _("vervallen")),
        ],
    )
    measure = forms.ChoiceField(label=_("Maatregel op de kaart"), required=False)

    def __init__(self, m: RiskMap, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "measure",
            [
                ("", "—"),
                *((me.id, me.name or me.id) for me in m.measures),
            ],
        )
