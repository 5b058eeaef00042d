"""The map's nodes: list, page, add, edit and delete.

A chain partner sees and edits the nodes of its own party only (the
municipality may share the whole map for reading); everyone else who may edit
the map edits every node.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from weerbaar.model import Node, RiskMap
from weerbaar.scoring import default_profile
from weerbaar.web.accounts.models import Action
from weerbaar.web.forms import NODE_CHOICE_LIMIT, NLFormMixin
from weerbaar.web.labels import duration_text
from weerbaar.web.maps import mapdata, service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.maps.forms.fields import NODE_KIND_LABELS, NODE_KINDS
from weerbaar.web.maps.forms.node import NodeEditor
from weerbaar.web.maps.models import MapVersion, ObjectKind
from weerbaar.web.maps.views.saving import delete_page, edit_page
from weerbaar.web.paging import paged


class NodeFilterForm(NLFormMixin, forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), required=False)
    party = forms.ChoiceField(label=_("Partij"), required=False)
    vital = forms.ChoiceField(
        label=_("Vitaal"),
        required=False,
        choices=[("", _("Alle")), ("ja", _("Alleen vitale processen")), ("nee", _("Niet vitaal"))],
    )

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind, party = self.fields["kind"], self.fields["party"]
        assert isinstance(kind, forms.ChoiceField) and isinstance(party, forms.ChoiceField)
        kind.choices = [("", _("Alle soorten")), *NODE_KINDS]
        party.choices = [("", _("Alle partijen")), *parties]

    def keep(self, node: Node) -> bool:
        c = self.cleaned_data if self.is_valid() else {}
        text = (c.get("q") or "").strip().lower()
        if text and not any(text in s.lower() for s in (node.id, node.name, node.description)):
            return False
        if c.get("kind") and node.kind.value != c["kind"]:
            return False
        if c.get("party") and node.party != c["party"]:
            return False
        return not (c.get("vital") and node.vital != (c["vital"] == "ja"))


#: Rows of the node list per page: a large map has tens of thousands of nodes.
PAGE_SIZE = 100

#: The profile's units, as the page says them.
_UNITS = {"persons": _("personen"), "euro": _("euro"), "class": ""}


def _sees(access: Access, node: Node) -> bool:
    return access.sees_node({"id": node.id, "party": node.party})


def _edits(access: Access, node: Node) -> bool:
    return access.can_edit_node({"id": node.id, "party": node.party})


def _parties(m: RiskMap) -> list[tuple[str, str]]:
    return [(p.id, p.label) for p in m.parties]


def _may_add(access: Access) -> bool:
    return access.can(Action.EDIT_MAP) or (
        access.can(Action.EDIT_OWN_NODES) and access.party_id is not None
    )


def _duration(hours: float | None) -> str:
    return "" if hours is None else duration_text(hours, spelled=True)


@map_view(Action.VIEW)
def nodes(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    visible = [n for n in m.nodes if _sees(access, n)]
    party_ids = {n.party for n in visible}
    parties = [
        (pid, label) for pid, label in _parties(m) if pid in party_ids or not access.is_partner
    ]
    form = NodeFilterForm(request.GET or None, parties=parties)
    labels = dict(_parties(m))
    matching = [n for n in visible if not form.is_bound or form.keep(n)]
    pages = paged(request, matching, PAGE_SIZE)
    rows = [
        {
            "node": n,
            "kind": NODE_KIND_LABELS[n.kind],
            "party": labels.get(n.party or "", n.party or ""),
            "mtpd": _duration(n.mtpd),
            "requirements": len(n.requires),
        }
        for n in pages.rows
    ]
    context = {
        "access": access,
        "version": version,
        "form": form,
        "rows": rows,
        "pages": pages,
        "matching": len(matching),
        "total": len(visible),
        "may_add": _may_add(access),
    }
    return render(request, "maps/nodes.html", context)


@map_view(Action.VIEW)
def node(request: HttpRequest, access: Access, node_id: str) -> HttpResponse:
    version, m = service.current(access.record)
    try:
        n = m.node(node_id)
    except KeyError:
        raise Http404("no such node") from None
    if not _sees(access, n):
        raise Http404("no such node")
    by_id = {other.id: other for other in m.nodes}
    needed_by = [o for o in m.nodes if any(n.id in r.members for r in o.requires)]
    shown_needed_by = [o for o in needed_by if _sees(access, o)]
    requirements = [
        {
            "members": [
                {"id": mid, "label": by_id[mid].label if mid in by_id else mid}
                | {"visible": mid in by_id and _sees(access, by_id[mid])}
                for mid in r.members
            ],
            "need": r.need,
            "group": len(r.members) > 1,
            "tolerance": _duration(r.tolerance) if r.tolerance else "",
        }
        for r in n.requires
    ]
    failing_in = [s for s in m.scenarios if any(f.node == n.id for f in s.failures)]
    context = {
        "access": access,
        "version": version,
        "node": n,
        "kind": NODE_KIND_LABELS[n.kind],
        "party": dict(_parties(m)).get(n.party or "", n.party),
        "durations": {key: _duration(getattr(n, key)) for key in ("restart", "mtpd", "rto", "rpo")},
        "requirements": requirements,
        "needed_by": shown_needed_by,
        "hidden_needed_by": len(needed_by) - len(shown_needed_by),
        "impact": _impact_rows(n),
        "scenarios": failing_in if access.analyse else [],
        "may_edit": _edits(access, n),
    }
    return render(request, "maps/node.html", context)


def _impact_rows(n: Node) -> list[dict[str, Any]]:
    """The impact of a node's outage as table rows: per day first, then by moment."""
    if n.impact is None:
        return []
    names = {c.id: f"{c.number} {c.name}" for c in default_profile().criteria}
    units = {c.id: _UNITS.get(c.unit, c.unit) for c in default_profile().criteria}
    rows = [
        {"after": "", "criterion": names.get(k, k), "value": _amount(v), "unit": units.get(k, "")}
        for k, v in n.impact.per_day.items()
    ]
    for step in n.impact.steps:
        values: dict[str, Any] = {**step.quantities, **step.classes}
        rows += [
            {
                "after": _duration(step.after),
                "criterion": names.get(k, k),
                "value": _amount(v),
                "unit": "" if k in step.classes else units.get(k, ""),
            }
            for k, v in values.items()
        ]
    return rows


def _amount(value: float | str) -> str:
    """A quantity in the reader's notation (15.000 in Dutch), a class letter as it is."""
    if isinstance(value, str):
        return value
    shown = int(value) if float(value).is_integer() else value
    return number_format(shown, force_grouping=True)


def _editor_page(
    request: HttpRequest, access: Access, entry: dict[str, Any] | None, old_id: str | None
) -> HttpResponse:
    _version, m = service.current(access.record)
    own = None if access.can(Action.EDIT_MAP) else access.party_id
    node_ids = [n.id for n in m.nodes if _sees(access, n)]
    if len(node_ids) > NODE_CHOICE_LIMIT:
        node_ids = []  # the ids are typed; a list of them all would weigh megabytes

    def editor_for(data: Any) -> NodeEditor:
        return NodeEditor(data, entry=entry, parties=_parties(m), own_party=own)

    def done(version: MapVersion) -> str:
        return reverse(
            "maps:node", kwargs={"map_id": access.record.pk, "node_id": version.object_id}
        )

    return edit_page(
        request,
        access,
        editor_for=editor_for,
        kind=ObjectKind.NODE,
        old_id=old_id,
        template="maps/node_form.html",
        done=done,
        context={"entry": entry, "node_ids": node_ids},
        allow=access.can_edit_node,
    )


@map_view(Action.EDIT_OWN_NODES)
def node_add(request: HttpRequest, access: Access) -> HttpResponse:
    if not _may_add(access):
        raise PermissionDenied
    return _editor_page(request, access, None, None)


def _editable(access: Access, node_id: str) -> dict[str, Any]:
    version, _m = service.current(access.record)
    entry = access.found(ObjectKind.NODE, mapdata.find(version.data, ObjectKind.NODE, node_id))
    if not access.can_edit_node(entry):
        raise PermissionDenied
    return entry


@map_view(Action.EDIT_OWN_NODES)
def node_edit(request: HttpRequest, access: Access, node_id: str) -> HttpResponse:
    return _editor_page(request, access, _editable(access, node_id), node_id)


@map_view(Action.EDIT_OWN_NODES)
def node_delete(request: HttpRequest, access: Access, node_id: str) -> HttpResponse:
    _editable(access, node_id)
    pk = access.record.pk
    return delete_page(
        request,
        access,
        kind=ObjectKind.NODE,
        object_id=node_id,
        done=reverse("maps:nodes", kwargs={"map_id": pk}),
        cancel=reverse("maps:node", kwargs={"map_id": pk, "node_id": node_id}),
    )
