"""The dependency graph's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.model import NodeKind, RiskMap
from weerbaar.web.analyses.dependencies import LAYERS
from weerbaar.web.forms import NLFormMixin, NodeIdField, set_choices
from weerbaar.web.labels import NODE_KINDS


class GraphFilterForm(NLFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), required=False)
    party = forms.ChoiceField(label=_("Ketenpartner"), required=False)
    vital = forms.BooleanField(
        label=_("Alleen vitale processen en wat zij nodig hebben"),
        required=False,
    )
    node = forms.ChoiceField(label=_("Knooppunt bekijken"), required=False)

    def __init__(self, m: RiskMap, *args: Any, choose: bool = True, **kwargs: Any) -> None:
        """``choose=False`` asks for the node by its id instead of in a list.

        A list of a large map's nodes would weigh megabytes and not be usable.
        """
        super().__init__(*args, **kwargs)
        set_choices(
            self, "kind", [("", _("alle soorten"))] + [(k.value, NODE_KINDS[k]) for k in LAYERS]
        )
        parties = sorted(m.parties, key=lambda p: p.label.lower())
        set_choices(
            self, "party", [("", _("alle ketenpartners"))] + [(p.id, p.label) for p in parties]
        )
        if not choose:
            self.fields["node"] = NodeIdField(
                {n.id for n in m.nodes}, label=_("Knooppunt bekijken (id)"), required=False
            )
            return
        groups: dict[NodeKind, list[tuple[str, str]]] = {k: [] for k in LAYERS}
        for n in sorted(m.nodes, key=lambda n: n.label.lower()):
            groups[n.kind].append((n.id, n.label))
        set_choices(
            self,
            "node",
            [("", _("— kies een knooppunt —"))]
            + [(NODE_KINDS[k], options) for k, options in groups.items() if options],
        )
