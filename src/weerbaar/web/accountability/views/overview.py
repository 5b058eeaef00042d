"""The accountability overview: catalogues, coverage per chapter and per process, import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.accountability.assessment import coverage_by_chapter, coverage_by_process, trend
from weerbaar.accountability.catalogue import CatalogueError
from weerbaar.accountability.formats import read_catalogue
from weerbaar.i18n import language as core_language
from weerbaar.web.accountability import store
from weerbaar.web.accountability.forms.catalogue import CatalogueImportForm
from weerbaar.web.accountability.models import AssessmentRecord
from weerbaar.web.accountability.views.common import (
    assessments,
    catalogue_or_404,
    catalogues,
    this_year,
    year_param,
    years,
)
from weerbaar.web.accounts.models import Action
from weerbaar.web.i18n import page_language
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view


@map_view(Action.ACCOUNT)
def index(request: HttpRequest, access: Access) -> HttpResponse:
    return _page(request, access, CatalogueImportForm(), [])


def _page(
    request: HttpRequest, access: Access, form: CatalogueImportForm, problems: list[Any],
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    records = catalogues(access)
    context: dict[str, Any] = {
        "access": access,
        "assess": access.can(Action.ASSESS),
        "catalogues": records,
        "form": form,
        "problems": problems,
    }
    chosen = request.GET.get("catalogus", "")
    if records:
        record = (
            catalogue_or_404(access, int(chosen)) if chosen.isdigit() else _latest_used(records)
        )
        year = year_param(request, this_year())
        cat, scale = record.to_catalogue(), record.pure_scale
        found = [a.to_assessment() for a in assessments(access, record, year)]
        _version, m = service.current(access.record)
        by_year = {
            y: [a.to_assessment() for a in assessments(access, record, y)]
            for y in years(access, record)
        }
        history = trend(cat, by_year, scale)
        processes = [p for p in coverage_by_process(m, found, scale) if p.with_open_controls]
        context |= {
            "record": record,
            "year": year,
            "years": years(access, record),
            "coverage": [
                (c, history.get(c.chapter, [])) for c in coverage_by_chapter(cat, found, scale)
            ],
            "processes": [(m.node(p.process), p, _bbn(m, p)) for p in processes],
            "assessed": sum(a.applicable is not None for a in found),
            "total": len(cat.assessable),
            "can_start": year + 1 > max(by_year) and bool(found),
            "next_year": year + 1,
        }
    return render(request, "accountability/index.html", context, status=status)


def _latest_used(records: list[Any]) -> Any:
    used = AssessmentRecord.objects.filter(catalogue__in=records).order_by("-updated").first()
    return used.catalogue if used else records[0]


def _bbn(m: Any, p: Any) -> list[tuple[int | None, list[Any]]]:
    return [
        (level, [m.node(n) for n in ids])
        for level, ids in sorted(p.open_by_bbn.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    ]


@require_POST
@map_view(Action.ASSESS)
def import_catalogue(request: HttpRequest, access: Access) -> HttpResponse:
    form = CatalogueImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, access, form, [], status=400)
    upload = form.cleaned_data["file"]
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200]
    try:
        # The core says what is wrong in the page's language.
        with core_language(page_language()):
            cat = read_catalogue(
                upload.read(),
                name,
                name=form.cleaned_data["name"] or None,
                version=form.cleaned_data["version"] or None,
                issued=form.cleaned_data["issued"],
            )
    except CatalogueError as exc:
        return _page(request, access, form, exc.problems, status=400)
    try:
        record, changes, carried = store.save_catalogue(
            access.record.organisation, cat, request.user, form.cleaned_data["scale"]
        )
    except IntegrityError:
        form.add_error(
            "version",
            _("Versie %(version)s van %(name)s is al geïmporteerd.")
            % {"version": cat.version, "name": cat.name},
        )
        return _page(request, access, form, [], status=400)
    messages.success(
        request,
        _("%(name)s, versie %(version)s: %(count)s maatregelen geïmporteerd.")
        % {"name": cat.name, "version": cat.version, "count": len(cat.assessable)},
    )
    for warning in cat.warnings:
        messages.warning(request, str(warning))
    if changes is not None:
        messages.info(
            request,
            _(
                "Ten opzichte van de vorige versie: %(added)s toegevoegd, %(removed)s vervallen, "
                "%(moved)s verplaatst, %(reworded)s anders geformuleerd; %(carried)s "
                "beoordelingen overgenomen."
            )
            % {
                "added": len(changes.added),
                "removed": len(changes.removed),
                "moved": len(changes.moved),
                "reworded": len(changes.reworded),
                "carried": carried,
            },
        )
    url = reverse("accountability:index", kwargs={"map_id": access.record.pk})
    return redirect(f"{url}?catalogus={record.pk}")


@require_POST
@map_view(Action.ASSESS)
def start_year(request: HttpRequest, access: Access, catalogue_id: int) -> HttpResponse:
    record = catalogue_or_404(access, catalogue_id)
    year = year_param(request, this_year())
    count = store.start_year(access.record, record, year, request.user)
    messages.success(
        request, _("Verslagjaar %(year)s begonnen met %(count)s beoordelingen.")
        % {"year": year, "count": count}
    )  # fmt: skip
    url = reverse("accountability:index", kwargs={"map_id": access.record.pk})
    return redirect(f"{url}?catalogus={record.pk}&jaar={year}")
