"""The decision pages: dashboard, risk diagram, criticality, partners, measures, report.

All of them read the current version of the map and change nothing, so they
answer GET only and need :attr:`Action.ANALYSE`: whole-map analyses, which a
partner without the whole map may not see.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from weerbaar.report.riskdiagram import RiskPoint, risk_diagram
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import runs
from weerbaar.web.analyses.insight import Analysis, analysis_of
from weerbaar.web.analyses.jobs import report_file
from weerbaar.web.chartwords import chart_words
from weerbaar.web.insight.charts import Bar, bar_chart
from weerbaar.web.insight.forms import CriticalityForm
from weerbaar.web.insight.rows import CriterionName, CriticalRow, MeasureRow
from weerbaar.web.insight.visits import since_last_visit, trends
from weerbaar.web.jobs.downloads import download
from weerbaar.web.jobs.models import Job, JobKind
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.maps.models import MapVersion
from weerbaar.web.numbers import significant
from weerbaar.web.paging import Pages, paged

#: How many risks and single points of failure the dashboard shows.
TOP = 5
#: How many rows of the criticality rankings a page shows.
RANKING_ROWS = 50
#: How many vital processes the table of single points of failure shows at a
#: time: on a large map there are thousands, with dozens of points each.
SPOF_ROWS = 25
#: Chain partners per page: a large map has hundreds, some with thousands of
#: processes that depend on them.
PARTNER_ROWS = 50


def _page(
    request: HttpRequest,
    access: Access,
    template: str,
    version: MapVersion,
    a: Analysis,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    base = {"access": access, "version": version, "riskmap": a.m, "analysis": a}
    return render(request, f"insight/{template}", {**base, **context}, status=status)


@require_safe
@map_view(Action.ANALYSE)
def dashboard(request: HttpRequest, access: Access) -> HttpResponse:
    version, _m = service.current(access.record)
    a = analysis_of(version)
    since = since_last_visit(request, access.record, version)
    risks = a.risks[:TOP] if a.scorable else []
    trend = {}
    if since.baseline is not None and since.count and a.scorable:
        then = analysis_of(since.baseline)
        if then.scorable:
            trend = trends(risks, then.risks)
    spofs = [r for r in a.critical if r.vital > 0][:TOP]
    return _page(
        request,
        access,
        "dashboard.html",
        version,
        a,
        risks=[(r, trend.get(r.id)) for r in risks],
        spofs=spofs,
        since=since,
        exposed=sum(bool(r.points) for r in a.spofs),
        top_expected=risks[0].expected if risks else None,
    )


@require_safe
@map_view(Action.ANALYSE)
def risk(request: HttpRequest, access: Access) -> HttpResponse:
    version, _m = service.current(access.record)
    a = analysis_of(version)
    if not a.scorable:
        return _page(request, access, "risk.html", version, a)
    points = [
        RiskPoint(str(r.number), r.label, r.likelihood, r.score)
        for r in a.risks
        if r.likelihood is not None
    ]
    language = get_language()
    classes = [(lc.letter, lc.label(language)) for lc in a.profile.likelihoods]
    return _page(
        request,
        access,
        "risk.html",
        version,
        a,
        # The diagram escapes every label itself (weerbaar.report.svg.esc).
        diagram=mark_safe(
            risk_diagram(points, classes, ident="risicodiagram", words=chart_words())
        ),
        criteria=[CriterionName(c.id, c.number, c.label(language)) for c in a.profile.criteria],
        unplaced=[r for r in a.risks if r.likelihood is None],
    )


def _filtered(rows: list[Any], chosen: dict[str, Any], a: Analysis) -> list[Any]:
    kind, party = chosen.get("kind"), chosen.get("party")
    if kind:
        rows = [r for r in rows if r.kind == kind]
    if party:
        rows = [r for r in rows if a.nodes[r.id].party == party]
    return rows


@require_safe
@map_view(Action.ANALYSE)
def criticality(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    a = analysis_of(version)
    form = CriticalityForm(m, request.GET or None)
    form.is_valid()
    # The fields that are valid still apply when another one is not.
    chosen: dict[str, Any] = getattr(form, "cleaned_data", {})
    ranking: list[CriticalRow] = _filtered(a.critical, chosen, a)
    duration = chosen.get("duration")
    inline = runs.inline(m)
    timed: Pages | None = None
    job: Job | None = None
    if duration is not None and inline:
        timed = paged(request, _filtered(a.timed(duration), chosen, a), RANKING_ROWS)
    elif duration is not None:
        # One simulation per node is work for the worker: the page shows the
        # job that does it (queued once, shared by everyone who asks).
        p = {"duration": duration}
        kind = JobKind.TIME_AWARE_CRITICALITY
        job = runs.job_for(access.record, version, kind, p, request.user)
    return _page(
        request,
        access,
        "criticality.html",
        version,
        a,
        form=form,
        ranking=paged(request, ranking, RANKING_ROWS),
        duration=duration,
        inline=inline,
        node_limit=settings.INLINE_NODE_LIMIT,
        timed=timed,
        job=job,
        spofs=paged(request, a.spofs, SPOF_ROWS, param="pagina_faalpunten"),
    )


@require_safe
@map_view(Action.ANALYSE)
def partners(request: HttpRequest, access: Access) -> HttpResponse:
    version, _m = service.current(access.record)
    a = analysis_of(version)
    return _page(
        request,
        access,
        "partners.html",
        version,
        a,
        partners=paged(request, a.partners, PARTNER_ROWS),
        vital_total=len(a.m.vital_processes),
    )


def _measure_chart(rows: list[MeasureRow]) -> str:
    bars = [
        Bar(r.label, r.per_1000, significant(r.per_1000)) for r in rows if r.per_1000 is not None
    ]
    return bar_chart(
        bars,
        ident="maatregelen-grafiek",
        title=_("Risicoreductie per € 1.000 per jaar"),
        desc=_(
            "Staafdiagram van de verwachte risicoreductie per jaar per € 1.000 "
            "jaarlijkse kosten, per maatregel. Dezelfde getallen staan in de tabel."
        ),
    )


@require_safe
@map_view(Action.ANALYSE)
def measures(request: HttpRequest, access: Access) -> HttpResponse:
    version, _m = service.current(access.record)
    a = analysis_of(version)
    if not a.scorable:
        return _page(request, access, "measures.html", version, a)
    rows = a.measures
    return _page(
        request,
        access,
        "measures.html",
        version,
        a,
        measures=rows,
        # The chart escapes every label itself (weerbaar.report.svg.esc).
        chart=mark_safe(_measure_chart(rows)) if rows else "",
    )


@require_safe
@map_view(Action.ANALYSE)
def report(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    a = analysis_of(version)
    if not a.scorable:
        return _page(request, access, "report_problems.html", version, a, status=409)
    day = timezone.localdate()
    slug = slugify(access.record.name) or "kaart"
    return download(
        request,
        access,
        version,
        m,
        (JobKind.REPORT, {"date": day.isoformat()}),
        lambda: report_file(version, day),
        "text/html; charset=utf-8",
        f"risicorapport-{slug}-v{version.number}.html",
    )
