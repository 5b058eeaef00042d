"""The improvement plan: stored actions, and proposals from open controls."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.accountability.actions import actions_from_assessments, plan_key
from weerbaar.web.accountability import council
from weerbaar.web.accountability.forms.actions import ActionForm
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.accountability.views.common import assessments, catalogues, this_year
from weerbaar.web.accounts.models import Action
from weerbaar.web.exercises import plan_actions
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view


def _proposals(access: Access) -> list[Any]:
    """Actions for open controls of this year that the plan does not hold yet."""
    taken = set(
        ActionRecord.objects.filter(riskmap=access.record, source=Source.CONTROL).values_list(
            "source_ref", flat=True
        )
    )
    out = []
    for record in catalogues(access):
        found = [a.to_assessment() for a in assessments(access, record, this_year())]
        for action in actions_from_assessments(record.to_catalogue(), found, record.pure_scale):
            if action.source_ref not in taken:
                out.append(action)
                taken.add(action.source_ref)
    return out


@map_view(Action.ACCOUNT)
def plan(request: HttpRequest, access: Access) -> HttpResponse:
    pool = list(ActionRecord.objects.filter(riskmap=access.record))
    version, m = service.current(access.record)
    names = {me.id: me.label for me in m.measures}
    effects = council.reductions(version)
    # Where an exercise's lesson came from: its title and date, linked to its report.
    origins = plan_actions.labels([r.source_ref for r in pool if r.source == Source.EXERCISE])
    rows = sorted(
        ((council.with_reduction(r, effects), r, [names.get(i, i) for i in r.measures],
          origins.get(r.source_ref) if r.source == Source.EXERCISE else None)
         for r in pool),
        key=lambda row: plan_key(row[0]),
    )  # fmt: skip
    context = {
        "access": access,
        "assess": access.can(Action.ASSESS),
        "rows": rows,
        "proposals": _proposals(access),
        "today": timezone.localdate(),
        "total_cost": sum(float(r.cost) for r in pool if r.status not in ("cancelled",)),
        "total_spent": sum(float(r.spent) for r in pool),
        "total_reduction": sum(row[0].risk_reduction or 0.0 for row in rows if row[0].is_open),
    }
    return render(request, "accountability/plan.html", context)


@require_POST
@map_view(Action.ASSESS)
def adopt(request: HttpRequest, access: Access) -> HttpResponse:
    ref = request.POST.get("control", "")
    proposal = next((p for p in _proposals(access) if p.source_ref == ref), None)
    if proposal is None:
        raise Http404("no such proposal")
    ActionRecord.objects.create(
        riskmap=access.record,
        title=proposal.title[:300],
        source=Source.CONTROL,
        source_ref=proposal.source_ref,
        owner=proposal.owner,
        due=proposal.due,
        measures=list(proposal.measures),
        cost=sum((me.cost for me in service.current(access.record)[1].measures
                  if me.id in proposal.measures), 0.0),
    )  # fmt: skip
    messages.success(request, _("Actie voor %(id)s opgenomen in het verbeterplan.") % {"id": ref})
    return redirect("accountability:plan", map_id=access.record.pk)


@map_view(Action.ASSESS)
def action_edit(request: HttpRequest, access: Access, action_id: int | None = None) -> HttpResponse:
    instance = None
    if action_id is not None:
        instance = ActionRecord.objects.filter(pk=action_id, riskmap=access.record).first()
        if instance is None:
            raise Http404("no such action")
    _version, m = service.current(access.record)
    form = ActionForm(request.POST or None, instance=instance, riskmap=m)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.riskmap = access.record
        action.measures = form.cleaned_data["measures"]
        action.save()
        messages.success(request, _("Verbeteractie bewaard."))
        return redirect("accountability:plan", map_id=access.record.pk)
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "form": form, "action": instance}
    return render(request, "accountability/action_form.html", context, status=status)
