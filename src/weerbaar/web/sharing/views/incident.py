"""Share an incident of the register as a shared item: only the facts the sharer ticks.

An incident never leaves its organisation by itself (``weerbaar.web.incidents``);
sharing makes a new item from it under a TLP label. The sharer writes the
text and ticks which facts of the incident go along (its type and severity,
when it was found, the description, the nodes that went down, the lessons);
the contacts, reporting duties and the log never do. The incident's own log
records that it was shared, under which label and with which facts; every
later view by someone outside the organisation is in the item's audit trail.

Who may: a person who may read the incident (``Action.INCIDENTS`` on its
map) and share for the map's organisation (``Action.SHARE``). Anyone who
may not read it gets 404, as for an incident that does not exist (the id is
in the URL, so 403 would tell that it does); a reader who may not share
gets 403.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Action
from weerbaar.web.incidents import store
from weerbaar.web.incidents.models import Incident
from weerbaar.web.maps import service
from weerbaar.web.maps.access import access_for
from weerbaar.web.sharing.access import sharing_organisations
from weerbaar.web.sharing.forms import ShareForm
from weerbaar.web.sharing.models import ItemKind, SharedItem
from weerbaar.web.sharing.views.items import save_item

INCIDENT = "incidents.incident"

#: The facts of an incident a sharer may tick, in the order they are shown.
FACTS = [
    ("kind", gettext_lazy("soort, ernst en GRIP-niveau")),
    ("detected", gettext_lazy("wanneer het ontdekt is, en de fase")),
    ("description", gettext_lazy("de omschrijving")),
    ("affected", gettext_lazy("de uitgevallen knooppunten (namen en tijden)")),
    ("lessons", gettext_lazy("de lessen")),
]
#: Ticked when the form opens: what a partner needs to recognise the incident.
DEFAULT_FACTS = ["kind", "detected"]


class IncidentShareForm(ShareForm):
    facts = forms.MultipleChoiceField(
        label=gettext_lazy("Wat van het incident gaat mee"),
        choices=FACTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Alleen wat u aanvinkt; contacten, meldingen en het logboek nooit."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = [
            (k, v) for k, v in ItemKind.choices if k in (ItemKind.INCIDENT, ItemKind.LESSON)
        ]
        del self.fields["value"]


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def facts_of(incident: Incident, chosen: list[str]) -> dict[str, Any]:
    """The chosen facts of ``incident`` as the item's payload holds them (and nothing else)."""
    out: dict[str, Any] = {}
    if "kind" in chosen:
        out |= {
            "type": incident.get_kind_display(),
            "severity": incident.get_severity_display(),
            "grip": incident.get_grip_display(),
        }
    if "detected" in chosen:
        out |= {"detected": _when(incident.detected), "phase": incident.get_phase_display()}
        if incident.closed:
            out["closed"] = _when(incident.closed)
    if "description" in chosen and incident.description:
        out["description"] = incident.description
    if "affected" in chosen:
        _version, m = service.current(incident.riskmap)
        names = {n.id: n.label for n in m.nodes}
        out["affected"] = [
            {
                "node": names.get(row.node_id, row.node_id),
                "down": _when(row.down),
                "restored": _when(row.restored),
            }
            for row in incident.affected.order_by("down", "pk")
        ]
    if "lessons" in chosen and incident.lessons:
        out["lessons"] = incident.lessons
    return out


def facts_text(facts: dict[str, Any]) -> str:
    """The facts as lines under the sharer's text, so that every format carries them."""
    lines = []
    if "type" in facts:
        lines.append(
            _("Soort: %(t)s; ernst: %(s)s; %(g)s")
            % {"t": facts["type"], "s": facts["severity"], "g": facts["grip"]}
        )
    if "detected" in facts:
        lines.append(
            _("Ontdekt: %(d)s; fase: %(p)s") % {"d": facts["detected"], "p": facts["phase"]}
        )
    if "closed" in facts:
        lines.append(_("Gesloten: %(d)s") % {"d": facts["closed"]})
    if "description" in facts:
        lines.append(_("Omschrijving: %(t)s") % {"t": facts["description"]})
    for row in facts.get("affected", []):
        restored = row["restored"] or _("nog niet hersteld")
        lines.append(
            _("Uitgevallen: %(n)s sinds %(d)s (hersteld: %(r)s)")
            % {"n": row["node"], "d": row["down"], "r": restored}
        )
    if "lessons" in facts:
        lines.append(_("Lessen: %(t)s") % {"t": facts["lessons"]})
    return "\n".join(lines)


def share(
    incident: Incident, form: IncidentShareForm, author: Any, chosen: list[str]
) -> SharedItem:
    """Store the item and note in the incident's log that it was shared, in one transaction."""
    facts = facts_of(incident, chosen)
    text = "\n\n".join(p for p in (form.cleaned_data.get("body", ""), facts_text(facts)) if p)
    form.cleaned_data["body"] = text
    owner = incident.riskmap.organisation
    with transaction.atomic():
        item = save_item(
            form,
            owner,
            author,
            payload={"incident": {"reference": incident.reference, **facts}},
            source_type=INCIDENT,
            source_id=str(incident.pk),
        )
        named = ", ".join(o.name for o in item.recipient_organisations.order_by("name"))
        store.log(
            incident,
            author,
            _("Gedeeld onder %(label)s%(with)s: %(facts)s")
            % {
                "label": item.tlp_enum.label,
                "with": f" ({named})" if named else "",
                "facts": ", ".join(str(label) for key, label in FACTS if key in chosen) or "—",
            },
        )
    return item


def _incident(request: HttpRequest, incident_id: int) -> Incident:
    incident = (
        Incident.objects.select_related("riskmap__organisation").filter(pk=incident_id).first()
    )
    access = access_for(request.user, incident.riskmap) if incident is not None else None
    if incident is None or access is None or not access.can(Action.INCIDENTS):
        raise Http404("no such incident")
    if incident.riskmap.organisation not in sharing_organisations(request.user):
        raise PermissionDenied
    return incident


@login_required
def share_incident(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = _incident(request, incident_id)
    owner = incident.riskmap.organisation
    if request.method == "POST":
        form = IncidentShareForm(owner, request.POST)
        if form.is_valid():
            item = share(incident, form, request.user, form.cleaned_data.get("facts", []))
            messages.success(
                request, _("Gedeeld onder %(label)s.") % {"label": item.tlp_enum.label}
            )
            return redirect("sharing:detail", item_id=item.stix_id)
        status = 400
    else:
        form = IncidentShareForm(
            owner,
            initial={
                "kind": ItemKind.INCIDENT,
                "title": incident.title,
                "tlp": TLP.AMBER.value,
                "facts": DEFAULT_FACTS,
            },
        )
        status = 200
    return render(
        request,
        "sharing/new.html",
        {
            "form": form,
            "owner": owner,
            "owners": [owner],
            "source": incident,
            "action_url": reverse("sharing:share_incident", kwargs={"incident_id": incident.pk}),
        },
        status=status,
    )
