"""Registering and editing an incident, its nodes, phase and closure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.incident.lifecycle import Phase, allowed
from weerbaar.model import RiskMap
from weerbaar.web.forms import NODE_CHOICE_LIMIT, NodeIdField
from weerbaar.web.incidents.forms.fields import ExpectedField, MomentField, NodeIdsField
from weerbaar.web.incidents.models import Incident, PhaseChoice


def node_choices(m: RiskMap) -> list[tuple[str, str]]:
    return [(n.id, f"{n.label} ({n.id})" if n.name else n.id) for n in m.nodes]


def searchable(field: forms.Field, search: str, *, multiple: bool) -> None:
    """Mark an id field for the suggestions of ``weerbaar/nodepick.js``."""
    if search:
        field.widget.attrs.update({"data-wb-node-search": search, "autocomplete": "off"})
        if multiple:
            field.widget.attrs["data-wb-multiple"] = "1"


def listed(m: RiskMap) -> bool:
    """Whether the map is small enough to list its nodes in a form.

    A large map's list would weigh megabytes: its nodes are asked for by id,
    found with the node search (:func:`weerbaar.web.incidents.views.nodes.search`).
    """
    return len(m.nodes) <= NODE_CHOICE_LIMIT


class IncidentForm(forms.ModelForm[Incident]):
    detected = MomentField(label=_("Ontdekt op"))

    class Meta:
        model = Incident
        fields = [
            "title",
            "kind",
            "severity",
            "grip",
            "detected",
            "personal_data",
            "significant",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class NewIncidentForm(IncidentForm):
    nodes = forms.MultipleChoiceField(
        label=_("Uitgevallen knooppunten"),
        required=False,
        help_text=_("uitgevallen op het moment van ontdekken; later aan te vullen"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    expected = ExpectedField()

    class Meta(IncidentForm.Meta):
        fields = [*IncidentForm.Meta.fields, "nodes", "expected"]

    def __init__(self, m: RiskMap, *args: Any, search: str = "", **kwargs: Any) -> None:
        """``search``: the node search's address, for a large map's id field."""
        super().__init__(*args, **kwargs)
        if not listed(m):
            old = self.fields["nodes"]
            self.fields["nodes"] = NodeIdsField(
                {n.id for n in m.nodes}, label=old.label, required=False
            )
            searchable(self.fields["nodes"], search, multiple=True)
            return
        field: Any = self.fields["nodes"]
        field.choices = node_choices(m)


class AffectedForm(forms.Form):
    node = forms.ChoiceField(label=_("Knooppunt"))
    down = MomentField(label=_("Uitgevallen op"))
    expected = ExpectedField()

    def __init__(
        self, m: RiskMap, taken: set[str], *args: Any, search: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not listed(m):
            label = self.fields["node"].label
            self.fields["node"] = NodeIdField(
                {n.id for n in m.nodes} - taken,
                label=label,
                help_text=_("het id van het knooppunt; zoek het met de knooppuntzoeker"),
            )
            searchable(self.fields["node"], search, multiple=False)
            return
        field: Any = self.fields["node"]
        field.choices = [c for c in node_choices(m) if c[0] not in taken]


class RestoreForm(forms.Form):
    """A node back (``restored``) or a new expectation (``expected``)."""

    restored = MomentField(label=_("Hersteld op"), required=False)
    expected = ExpectedField()

    def __init__(self, down: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.down = down

    def clean_restored(self) -> Any:
        restored = self.cleaned_data.get("restored")
        if restored is not None and restored < self.down:
            raise forms.ValidationError(_("Hersteld kan niet vóór de uitval liggen."))
        return restored


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Naar fase"))

    def __init__(self, current: Phase, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(PhaseChoice.choices)
        field: Any = self.fields["phase"]
        # Closing goes through the closure form, with the lessons.
        field.choices = [
            (p.value, labels[p.value]) for p in allowed(current) if p is not Phase.CLOSED
        ]


class CloseForm(forms.Form):
    lessons = forms.CharField(
        label=_("Lessen"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    actions = forms.CharField(
        label=_("Verbeteracties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text=_("één actie per regel; ze komen in het verbeterplan"),
    )
    owner = forms.CharField(label=_("Eigenaar van de acties"), max_length=200, required=False)
    due = forms.DateField(
        label=_("Uiterlijk"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_actions(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["actions"].splitlines()]
        titles = [line for line in lines if line]
        too_long = [t for t in titles if len(t) > 300]
        if too_long:
            raise forms.ValidationError(_("Een actie is hooguit 300 tekens lang."))
        return titles
