"""Share an advisory's local impact: which of the advisory's facts and of our exposure go along.

An advisory matched against a map (``weerbaar.web.advisories``) says which of
the municipality's nodes run an affected product and which vital processes
stop when they fail. Sharing makes an item of kind advisory impact under a
TLP label: the sharer writes the text and ticks what goes along — the
advisory itself (its id, publisher, label, CVSS and CVEs, public facts), the
counts of the exposure, the names of the affected nodes, the names of the
vital processes. The CVEs go into ``payload["cves"]`` (STIX external
references, MISP vulnerability attributes); everything ticked is also in the
text, so every format carries exactly that.

Who may: a person who reads the map's advisories (``Action.ACCOUNT``) and
shares for the map's organisation (``Action.SHARE``); anyone who may not
read them gets 404 (also for an advisory of another organisation), a reader
who may not share 403.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.advisories import Matched
from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Action
from weerbaar.web.advisories import store
from weerbaar.web.advisories.models import AdvisoryRecord
from weerbaar.web.analyses.advisories import matched
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, access_for
from weerbaar.web.maps.models import RiskMapRecord
from weerbaar.web.sharing.access import sharing_organisations
from weerbaar.web.sharing.forms import ShareForm
from weerbaar.web.sharing.models import ItemKind, SharedItem
from weerbaar.web.sharing.views.items import save_item

ADVISORY = "advisories.advisory"

FACTS = [
    ("advisory", gettext_lazy("het advies: kenmerk, uitgever, label, CVSS en CVE's")),
    ("counts", gettext_lazy("hoeveel knooppunten en vitale processen het bij ons raakt")),
    ("nodes", gettext_lazy("de namen van onze kwetsbare knooppunten")),
    ("vital", gettext_lazy("de namen van de vitale processen die stilvallen")),
]
DEFAULT_FACTS = ["advisory", "counts"]


class AdvisoryShareForm(ShareForm):
    facts = forms.MultipleChoiceField(
        label=gettext_lazy("Wat van het advies en onze blootstelling gaat mee"),
        choices=FACTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Alleen wat u aanvinkt."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, fixed_kind=ItemKind.ADVISORY_IMPACT, **kwargs)
        del self.fields["value"]


def facts_text(record: AdvisoryRecord, found: Matched | None, m: Any, chosen: list[str]) -> str:
    """The ticked facts as lines under the sharer's text."""
    names = {n.id: n.label for n in m.nodes}
    advisory = found.advisory if found is not None else store.advisory_of(record)
    lines = []
    if "advisory" in chosen:
        score = advisory.cvss.base if advisory.cvss is not None else None
        lines.append(
            _("Advies %(id)s van %(publisher)s; label: %(label)s; CVSS: %(cvss)s; CVE: %(cves)s")
            % {
                "id": record.tracking_id,
                "publisher": record.publisher,
                "label": record.get_label_display() or "—",
                "cvss": f"{score:.1f}" if score is not None else "—",
                "cves": ", ".join(advisory.cves) or "—",
            }
        )
    affected = list(found.affected) if found is not None else []
    vital = list(found.vital) if found is not None else []
    if "counts" in chosen:
        lines.append(
            _(
                "Bij ons: %(a)s kwetsbare knooppunten; bij uitval vallen %(d)s knooppunten "
                "mee uit en %(v)s vitale processen stil."
            )
            % {"a": len(affected), "d": len(found.down) if found else 0, "v": len(vital)}
        )
    if "nodes" in chosen and affected:
        lines.append(_("Kwetsbaar: %(n)s") % {"n": ", ".join(names[n] for n in affected)})
    if "vital" in chosen and vital:
        lines.append(_("Vitale processen: %(n)s") % {"n": ", ".join(names[v] for v in vital)})
    return "\n".join(lines)


def share(
    riskmap: RiskMapRecord, record: AdvisoryRecord, form: AdvisoryShareForm, author: Any
) -> SharedItem:
    """Store the item of ``record``'s impact on ``riskmap`` with the facts ``form`` ticks."""
    version, m = service.current(riskmap)
    found_all = matched(version, m, [store.advisory_of(record)])
    found = found_all[0] if found_all else None
    chosen = form.cleaned_data.get("facts", [])
    text = facts_text(record, found, m, chosen)
    form.cleaned_data["body"] = "\n\n".join(
        p for p in (form.cleaned_data.get("body", ""), text) if p
    )
    advisory = found.advisory if found is not None else store.advisory_of(record)
    return save_item(
        form,
        riskmap.organisation,
        author,
        payload={"cves": list(advisory.cves)} if "advisory" in chosen else {},
        source_type=ADVISORY,
        source_id=str(record.pk),
    )


def _seat(request: HttpRequest, map_id: int, advisory_id: int) -> tuple[Access, AdvisoryRecord]:
    record = RiskMapRecord.objects.select_related("organisation").filter(pk=map_id).first()
    access = access_for(request.user, record) if record is not None else None
    if access is None or not access.can(Action.ACCOUNT) or access.is_partner:
        raise Http404("no such advisory")
    advisory = AdvisoryRecord.objects.filter(
        pk=advisory_id, organisation=access.record.organisation
    ).first()
    if advisory is None:
        raise Http404("no such advisory")
    if access.record.organisation not in sharing_organisations(request.user):
        raise PermissionDenied
    return access, advisory


@login_required
def share_advisory(request: HttpRequest, map_id: int, advisory_id: int) -> HttpResponse:
    access, record = _seat(request, map_id, advisory_id)
    owner = access.record.organisation
    if request.method == "POST":
        form = AdvisoryShareForm(owner, request.POST)
        if form.is_valid():
            item = share(access.record, record, form, request.user)
            messages.success(
                request, _("Gedeeld onder %(label)s.") % {"label": item.tlp_enum.label}
            )
            return redirect("sharing:detail", item_id=item.stix_id)
        status = 400
    else:
        form = AdvisoryShareForm(
            owner,
            initial={
                "title": _("Lokale impact van %(id)s") % {"id": record.tracking_id},
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
            "advisory": record,
            "action_url": reverse(
                "sharing:share_advisory", kwargs={"map_id": map_id, "advisory_id": record.pk}
            ),
        },
        status=status,
    )
