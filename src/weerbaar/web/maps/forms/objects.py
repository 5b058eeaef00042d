"""Forms for the map's parties, scenarios, measures and settings.

Each editor has the same shape as :class:`~weerbaar.web.maps.forms.node.NodeEditor`:
``is_valid()``, ``entry(old)`` (the object as map data, unknown keys of
``old`` kept) and ``route(rest)`` (where a loader problem inside the object
belongs). A measure's ``changes`` are edited as YAML: they come in six
shapes, and the file format's own notation is the clearest way to write them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from weerbaar.model import MapError
from weerbaar.model.yamlsource import load_yaml
from weerbaar.web.forms import NODE_CHOICE_LIMIT, NLFormMixin, NodeIdField
from weerbaar.web.maps.forms.fields import (
    ID_HELP,
    PARTY_KINDS,
    THEMES,
    AmountField,
    DurationField,
    likelihood_choices,
    show_duration,
)
from weerbaar.web.maps.problems import Path_, Spot, field_route

PARTY_KEYS = frozenset({"id", "name", "kind", "maturity", "description"})
SCENARIO_KEYS = frozenset({"id", "name", "theme", "likelihood", "horizon", "description"})
SCENARIO_KEYS |= {"failures"}
MEASURE_KEYS = frozenset({"id", "name", "cost", "description", "changes"})

CHANGES_HELP = _(
    "De wijzigingen van de maatregel als YAML-lijst, zoals in het kaartbestand: "
    "add_node, add_alternative, add_tolerance, restart, scenario_duration of likelihood."
)


def _text(c: dict[str, Any], out: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if c.get(key):
            out[key] = c[key].strip() if isinstance(c[key], str) else c[key]


def _keep(old: dict[str, Any] | None, known: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in (old or {}).items() if k not in known}


class PartyForm(NLFormMixin, forms.Form):
    id = forms.CharField(label=_("Id"), max_length=200, help_text=ID_HELP)
    name = forms.CharField(label=_("Naam"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Soort"), choices=PARTY_KINDS, initial="overig")
    maturity = forms.TypedChoiceField(
        label=_("Volwassenheid"),
        help_text=_("1 (initieel) tot 5 (geoptimaliseerd)."),
        choices=[("", "—"), *((str(i), str(i)) for i in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PartyEditor:
    def __init__(self, data: Any = None, *, entry: dict[str, Any] | None = None) -> None:
        initial = {k: (entry or {}).get(k, "") for k in PARTY_KEYS} if entry else {}
        self.form = PartyForm(data, initial=initial)
        self.formsets: list[Any] = []

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def entry(self, old: dict[str, Any] | None = None) -> dict[str, Any]:
        c = self.form.cleaned_data
        out: dict[str, Any] = {"id": c["id"].strip(), "name": c["name"].strip(), "kind": c["kind"]}
        if c.get("maturity") is not None:
            out["maturity"] = c["maturity"]
        _text(c, out, "description")
        return out | _keep(old, PARTY_KEYS)

    def route(self, rest: Path_) -> Spot | None:
        return field_route(self.form)(rest)


class ScenarioForm(NLFormMixin, forms.Form):
    id = forms.CharField(label=_("Id"), max_length=200, help_text=ID_HELP)
    name = forms.CharField(label=_("Naam"), max_length=300, required=False)
    theme = forms.ChoiceField(label=_("Thema"), choices=THEMES, required=False)
    likelihood = forms.ChoiceField(label=_("Waarschijnlijkheid"), required=False)
    horizon = DurationField(
        label=_("Horizon"), help_text=_("Leeg: de horizon van de kaart. Bijvoorbeeld 14d.")
    )
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["likelihood"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = likelihood_choices()


class FailureForm(NLFormMixin, forms.Form):
    node = forms.ChoiceField(label=_("Knooppunt"), required=False)
    at = DurationField(label=_("Vanaf"), help_text=_("Leeg: vanaf het begin."))
    duration = DurationField(uncertain=True, label=_("Duur"), help_text=_("Leeg: houdt niet op."))

    def __init__(self, *args: Any, nodes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(nodes) > NODE_CHOICE_LIMIT:
            label = self.fields["node"].label
            self.fields["node"] = NodeIdField(
                {n for n, _label in nodes}, label=label, required=False
            )
            return
        field = self.fields["node"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *nodes]


FailureFormSet = forms.formset_factory(FailureForm, extra=2, can_delete=True)


class ScenarioEditor:
    def __init__(
        self,
        data: Any = None,
        *,
        entry: dict[str, Any] | None = None,
        nodes: list[tuple[str, str]],
    ) -> None:
        entry = entry or {}
        initial = {k: entry.get(k, "") for k in ("id", "name", "theme", "description")}
        initial |= {
            "likelihood": entry.get("likelihood") or "",
            "horizon": show_duration(entry.get("horizon")),
        }
        self.form = ScenarioForm(data, initial=initial if entry else {})
        failures = [
            {
                "node": f.get("node", ""),
                "at": show_duration(f.get("at")) if f.get("at") else "",
                "duration": show_duration(f.get("duration")),
            }
            for f in entry.get("failures", [])
        ]
        self.failures = FailureFormSet(
            data, initial=failures, prefix="failure", form_kwargs={"nodes": nodes}
        )
        self.formsets = [self.failures]
        self._rows: list[forms.Form] = []

    def is_valid(self) -> bool:
        if not all([self.form.is_valid(), self.failures.is_valid()]):
            return False
        initial = self.failures.initial_form_count()
        self._rows = [
            f
            for i, f in enumerate(self.failures.forms)
            if (i < initial or f.has_changed())
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("node")
        ]
        if not self._rows:
            self.form.add_error(
                None, _("Een scenario heeft minstens één uitval van een knooppunt.")
            )
            return False
        return True

    def entry(self, old: dict[str, Any] | None = None) -> dict[str, Any]:
        c = self.form.cleaned_data
        out: dict[str, Any] = {"id": c["id"].strip(), "name": c["name"].strip()}
        _text(c, out, "theme", "likelihood", "horizon", "description")
        out |= _keep(old, SCENARIO_KEYS)
        failures = []
        for f in self._rows:
            fc = f.cleaned_data
            failure = {"node": fc["node"]}
            _text(fc, failure, "at", "duration")
            failures.append(failure)
        out["failures"] = failures
        return out

    def route(self, rest: Path_) -> Spot | None:
        if rest[:1] == ("failures",):
            if len(rest) > 1 and isinstance(rest[1], int) and rest[1] < len(self._rows):
                key = rest[2] if len(rest) > 2 else "node"
                return Spot(self._rows[rest[1]], str(key))
            return Spot(self.form)
        return field_route(self.form)(rest)


class MeasureForm(NLFormMixin, forms.Form):
    id = forms.CharField(label=_("Id"), max_length=200, help_text=ID_HELP)
    name = forms.CharField(label=_("Naam"), max_length=300, required=False)
    cost = AmountField(label=_("Kosten per jaar (euro)"), initial=0)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    changes = forms.CharField(
        label=_("Wijzigingen"),
        help_text=CHANGES_HELP,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 70, "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.change_lines: Mapping[Path_, int] = {}

    def clean_changes(self) -> Any:
        text = self.cleaned_data["changes"]
        try:
            changes, self.change_lines = load_yaml(text, "changes", settings.MAP_LIMITS)
        except MapError as exc:
            raise ValidationError(
                [_("regel %(line)s: %(message)s") % vars(p) for p in exc.problems]
            ) from None
        if not isinstance(changes, list) or not changes:
            raise ValidationError(
                _("Schrijf een lijst: elke wijziging begint met '- ' gevolgd door haar soort.")
            )
        return changes


class MeasureEditor:
    def __init__(self, data: Any = None, *, entry: dict[str, Any] | None = None) -> None:
        initial: dict[str, Any] = {}
        if entry:
            initial = {k: entry.get(k, "") for k in ("id", "name", "description")}
            initial["cost"] = entry.get("cost", 0)
            initial["changes"] = yaml.safe_dump(
                entry.get("changes", []), sort_keys=False, allow_unicode=True, width=100
            )
        self.form = MeasureForm(data, initial=initial)
        self.formsets: list[Any] = []

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def entry(self, old: dict[str, Any] | None = None) -> dict[str, Any]:
        c = self.form.cleaned_data
        cost = c["cost"] or 0
        out: dict[str, Any] = {
            "id": c["id"].strip(),
            "name": c["name"].strip(),
            "cost": int(cost) if float(cost).is_integer() else cost,
        }
        _text(c, out, "description")
        return out | _keep(old, MEASURE_KEYS) | {"changes": c["changes"]}

    def route(self, rest: Path_) -> Spot | None:
        if rest[:1] != ("changes",):
            return field_route(self.form)(rest)
        inner = rest[1:]
        lines = self.form.change_lines
        for end in range(len(inner), -1, -1):
            if inner[:end] in lines:
                return Spot(
                    self.form, "changes", _("regel %(line)s: ") % {"line": lines[inner[:end]]}
                )
        return Spot(self.form, "changes")


class SettingsForm(NLFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam van de kaart"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    horizon = DurationField(
        label=_("Horizon"),
        required=True,
        help_text=_("Hoe ver vooruit scenario's worden doorgerekend, bijvoorbeeld 30d."),
    )

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """A copy of the map data with these settings."""
        c = self.cleaned_data
        new = dict(data, name=c["name"].strip(), horizon=c["horizon"])
        if c.get("description"):
            new["description"] = c["description"].strip()
        else:
            new.pop("description", None)
        return new
