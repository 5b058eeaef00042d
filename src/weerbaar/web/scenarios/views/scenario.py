"""The scenario list, a scenario's page with its cascade, its JSON, and what-if runs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.model import RiskMap, Scenario
from weerbaar.scoring import default_profile
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import runs
from weerbaar.web.forms import MomentForm
from weerbaar.web.jobs.models import Job
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.maps.models import MapVersion
from weerbaar.web.scenarios import present
from weerbaar.web.scenarios.forms import WhatIfForm
from weerbaar.web.scenarios.views.common import scenario_or_404


def _likelihood_name(letter: str | None) -> str:
    if letter is None:
        return ""
    try:
        return default_profile().likelihood(letter).label(get_language())
    except KeyError:
        return ""


def _player_text() -> dict[str, str]:
    """The player's words, translated here so that the script holds no language."""
    # The counts share the catalogue entries of the page's {% blocktranslate count %}
    # (one msgid cannot be both singular and plural); the script fills in {n},
    # grouped with "group" as |number groups the page's own copy (1.234; 1,234).
    many = {"shown": "{n}"}
    return {
        "down_one": ngettext("1 onderdeel uitgevallen", "%(shown)s onderdelen uitgevallen", 1),
        "down_many": ngettext("1 onderdeel uitgevallen", "%(shown)s onderdelen uitgevallen", 2)
        % many,
        "vital_one": ngettext("waarvan 1 vitaal proces", "waarvan %(shown)s vitale processen", 1),
        "vital_many": ngettext("waarvan 1 vitaal proces", "waarvan %(shown)s vitale processen", 2)
        % many,
        "group": str(get_format("THOUSAND_SEPARATOR")),
        "nothing": _("niets uitgevallen"),
        "day_one": _("{n} dag"),
        "day_many": _("{n} dagen"),
        "hour_one": ngettext("{n} uur", "{n} uur", 1),
        "hour_many": ngettext("{n} uur", "{n} uur", 2),
        "minute": _("{n} min"),
        "chart": _(
            "Aantal uitgevallen onderdelen (vlak) en vitale processen (stippellijn) in de tijd"
        ),
        "failed": _("Het verloop kon niet worden geladen; gebruik het formulier."),
    }


@map_view(Action.ANALYSE)
def scenario_list(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    rows = []
    for sc in m.scenarios:
        p = runs.params(sc.id)
        # A large map's scenarios are computed when opened, one job each,
        # not all at once by a visit to this list.
        run = (
            runs.obtain(access.record, version, m, p)
            if runs.inline(m)
            else runs.cached(version, m, p)
        )
        rows.append(
            {
                "scenario": sc,
                "likelihood_name": _likelihood_name(sc.likelihood),
                "run": run,
                "summary": None if run is None or isinstance(run, Job) else runs.summary(run),
            }
        )
    return render(
        request,
        "scenarios/list.html",
        {"access": access, "version": version, "rows": rows, "inline": runs.inline(m)},
    )


def _pending(request: HttpRequest, access: Access, sc: Scenario, job: Job) -> HttpResponse:
    return render(
        request,
        "scenarios/pending.html",
        {"access": access, "scenario": sc, "job": job},
        # 202: accepted, still being computed; a failed job is a plain answer.
        status=202 if job.pending else 200,
    )


def _page(
    request: HttpRequest,
    access: Access,
    version: MapVersion,
    m: RiskMap,
    run: runs.Run,
    whatif_form: WhatIfForm | None = None,
    status: int = 200,
) -> HttpResponse:
    sc = run.scenario
    moment = MomentForm(m, request.GET or None)
    t = (moment.cleaned_data.get("t") or 0.0) if moment.is_valid() else 0.0
    down = runs.down_at(run.result, t)
    nodes = {n.id: n for n in run.model.nodes}
    svg, hidden = present.timeline(run, _("Verloop van de uitval: %(name)s") % {"name": sc.label})
    context: dict[str, Any] = {
        "access": access,
        "version": version,
        "scenario": sc,
        "run": run,
        "summary": runs.summary(run),
        "likelihood_name": _likelihood_name(sc.likelihood),
        "criteria": present.criteria(run.assessment) if run.assessment else [],
        "breaches": present.breaches(run),
        "timeline": svg,
        "hidden": hidden,
        "window": present.window(run.result),
        "t": t,
        "down_now": sorted((nodes[v] for v in down), key=lambda n: (not n.vital, n.label.lower())),
        "vital_now": sum(nodes[v].vital for v in down),
        "initiating": [(nodes[f.node], f) for f in sc.failures],
        "player": {
            "result": reverse(
                "scenarios:result", kwargs={"map_id": access.record.pk, "scenario_id": sc.id}
            ),
            "geo": reverse("geo:geo", kwargs={"map_id": access.record.pk}),
            "scenario": sc.id,
            "t": t,
            "text": _player_text(),
        },
        "whatif_form": whatif_form
        if whatif_form is not None
        else (WhatIfForm(m) if access.run else None),
    }
    return render(request, "scenarios/detail.html", context, status=status)


@map_view(Action.ANALYSE)
def detail(request: HttpRequest, access: Access, scenario_id: str) -> HttpResponse:
    version, m = service.current(access.record)
    sc = scenario_or_404(m, scenario_id)
    outcome = runs.obtain(access.record, version, m, runs.params(sc.id), request.user)
    if isinstance(outcome, Job):
        return _pending(request, access, sc, outcome)
    return _page(request, access, version, m, outcome)


@map_view(Action.ANALYSE)
def result(request: HttpRequest, access: Access, scenario_id: str) -> JsonResponse:
    version, m = service.current(access.record)
    sc = scenario_or_404(m, scenario_id)
    outcome = runs.obtain(access.record, version, m, runs.params(sc.id), request.user)
    if isinstance(outcome, Job):
        url = reverse("jobs:job_data", kwargs={"map_id": access.record.pk, "job_id": outcome.pk})
        return JsonResponse({"status": outcome.status, "job": url}, status=202)
    data = present.player_payload(outcome)
    data["version"] = version.number
    return JsonResponse(data)


@map_view(Action.RUN)
@require_POST
def whatif(request: HttpRequest, access: Access, scenario_id: str) -> HttpResponse:
    """Run the scenario with another horizon or a measure, without saving anything."""
    version, m = service.current(access.record)
    sc = scenario_or_404(m, scenario_id)
    form = WhatIfForm(m, request.POST)
    before = runs.obtain(access.record, version, m, runs.params(sc.id), request.user)
    if not form.is_valid():
        if isinstance(before, Job):
            return _pending(request, access, sc, before)
        return _page(request, access, version, m, before, whatif_form=form, status=400)
    p = runs.params(sc.id, form.cleaned_data["horizon"], form.cleaned_data["measure"] or None)
    after = runs.obtain(access.record, version, m, p, request.user)
    for outcome in (after, before):
        if isinstance(outcome, Job):
            return redirect("jobs:job", map_id=access.record.pk, job_id=outcome.pk)
    assert isinstance(before, runs.Run) and isinstance(after, runs.Run)
    measure = m.measure(p["measure"]) if p["measure"] else None
    return render(
        request,
        "scenarios/whatif.html",
        {
            "access": access,
            "scenario": sc,
            "before": before,
            "after": after,
            "sum_before": runs.summary(before),
            "sum_after": runs.summary(after),
            "measure": measure,
            "horizon": p["horizon"],
            "changes": present.compare(before, after),
            "breaches_after": present.breaches(after),
            "criteria": zip(
                present.criteria(before.assessment) if before.assessment else [],
                present.criteria(after.assessment) if after.assessment else [],
                strict=False,
            ),
            "form": form,
        },
    )
