"""The risk-based budget: the best measures within an amount, and the efficient frontier.

The frontier is computed by the worker (:mod:`weerbaar.web.analyses.budget`):
the first visit queues the job and the page follows its progress, reloading
itself when it is done; every later visit answers at once.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from weerbaar.accountability.budget import BudgetResult
from weerbaar.i18n import language
from weerbaar.model import RiskMap
from weerbaar.report.frontier import frontier_svg
from weerbaar.web.accountability import council
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import budget as budgets
from weerbaar.web.forms import NLFormMixin
from weerbaar.web.i18n import page_language
from weerbaar.web.jobs.models import Job
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view


class BudgetForm(NLFormMixin, forms.Form):
    budget = forms.IntegerField(
        label=gettext_lazy("Budget per jaar (€)"), min_value=0, max_value=10**9
    )


def _chart(m: RiskMap, result: BudgetResult) -> str:
    # The chart is drawn by the core, which speaks the page's language too.
    with language(page_language()):
        return frontier_svg(m, result)


@map_view(Action.ACCOUNT)
def budget(request: HttpRequest, access: Access) -> HttpResponse:
    form = BudgetForm(request.GET or {"budget": int(council.default_budget(access))})
    version, m = service.current(access.record)
    result = job = None
    reason = ""
    if form.is_valid():
        user = request.user if request.user.is_authenticated else None
        found = budgets.frontier(
            access.record, version, m, float(form.cleaned_data["budget"]), user
        )
        if isinstance(found, BudgetResult):
            result = found
        elif isinstance(found, Job):
            job = found
        else:
            reason = found
    labels = {me.id: me.label for me in m.measures}
    rows = []
    if result is not None:
        rows = [
            (i, p, [labels.get(x, x) for x in p.measures], p == result.best)
            for i, p in enumerate(result.frontier, start=1)
        ]
    context = {
        "access": access,
        "form": form,
        "result": result,
        "job": job,
        "reason": reason,
        "rows": rows,
        "best": [labels.get(x, x) for x in result.best.measures] if result else [],
        # The chart escapes every label itself (weerbaar.report.svg.esc).
        "chart": mark_safe(_chart(m, result)) if result else "",
    }
    return render(
        request, "accountability/budget.html", context, status=200 if form.is_valid() else 400
    )
