"""Import and export: the map as its YAML file or its Excel workbook.

An import is checked completely, exactly as ``weerbaar check`` checks a file
(every problem located as ``file:line`` or ``file.xlsx[sheet]:row``), before
anything is stored; a file with any problem changes nothing. A good file
becomes the map's next version, so an import can be undone from the history.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from weerbaar.model import MapError, Problem, RiskMap, load_map, to_data
from weerbaar.model.dump import dump_yaml_chunks
from weerbaar.model.excel import import_xlsx
from weerbaar.scoring import check_criteria, default_profile
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses.jobs import workbook_file
from weerbaar.web.forms import NLFormMixin, check_upload_size
from weerbaar.web.jobs.downloads import download
from weerbaar.web.jobs.models import JobKind
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.maps.models import ObjectKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_EXCEL = (".xlsx",)
_YAML = (".yaml", ".yml")


class ImportForm(NLFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy("Een kaartbestand (.yaml of .yml) of een werkmap (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload_size(upload, settings.MAP_LIMITS.max_bytes)
        if not upload.name.lower().endswith(_EXCEL + _YAML):
            raise ValidationError(_("Kies een .yaml-, .yml- of .xlsx-bestand."))
        return upload


def file_name(m: RiskMap, suffix: str) -> str:
    """A download's file name from the map's name, e.g. ``gemeente-voorbeeld.yaml``."""
    return f"{slugify(m.name) or 'risicokaart'}{suffix}"


def _safe_name(name: str) -> str:
    # Only the file's own name, in plain characters: it becomes a file on disk
    # and the source named in every problem.
    base = Path(name.replace("\\", "/")).name
    return re.sub(r"[^A-Za-z0-9._ -]", "_", base)[:120] or "kaart"


def read_upload(upload: Any) -> RiskMap:
    """Validate an uploaded map file completely; raise :class:`MapError` with located problems."""
    name = _safe_name(upload.name)
    with tempfile.TemporaryDirectory(prefix="weerbaar-import-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            limits = settings.MAP_LIMITS
            excel = name.lower().endswith(_EXCEL)
            m = import_xlsx(path, limits) if excel else load_map(path, limits)
        except MapError as exc:
            raise MapError([_relative(p, tmp) for p in exc.problems]) from None
    problems = check_criteria(m, default_profile()) + service.horizon_problems(m)
    if problems:
        raise MapError([_relative(p, tmp) for p in problems])
    return m


def _relative(problem: Problem, folder: str) -> Problem:
    # The temporary folder means nothing to the user; the file name does.
    source = problem.source.replace(folder.rstrip("/") + "/", "")
    return Problem(source, problem.line, problem.message, problem.path)


@map_view(Action.ANALYSE)
def transfer(request: HttpRequest, access: Access) -> HttpResponse:
    return _page(request, access, ImportForm(), [])


def _page(
    request: HttpRequest,
    access: Access,
    form: ImportForm,
    problems: list[Problem],
    status: int = 200,
) -> HttpResponse:
    version, _m = service.current(access.record)
    context = {
        "access": access,
        "version": version,
        "form": form,
        "problems": problems,
        "max_upload": settings.MAP_LIMITS.max_bytes,
    }
    return render(request, "maps/transfer.html", context, status=status)


@map_view(Action.ANALYSE)
def export_yaml(request: HttpRequest, access: Access) -> StreamingHttpResponse:
    _version, m = service.current(access.record)
    # Streamed: a large map's file is megabytes, and its first bytes need not
    # wait for the last to be written.
    response = StreamingHttpResponse(
        (piece.encode() for piece in dump_yaml_chunks(m)),
        content_type="application/yaml; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, file_name(m, ".yaml"))
    return response


@map_view(Action.ANALYSE)
def export_excel(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    return download(
        request,
        access,
        version,
        m,
        (JobKind.EXPORT_XLSX, {}),
        lambda: workbook_file(m),
        XLSX,
        file_name(m, ".xlsx"),
    )


@map_view(Action.EDIT_MAP)
@require_POST
def import_map(request: HttpRequest, access: Access) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, access, form, [], status=400)
    upload = form.cleaned_data["file"]
    try:
        m = read_upload(upload)
        saved = service.save(
            access.record,
            to_data(m),
            author=request.user,
            summary=f"Geïmporteerd uit {_safe_name(upload.name)}",
            kind=ObjectKind.MAP,
        )
    except MapError as exc:
        return _page(request, access, form, exc.problems, status=400)
    messages.success(
        request,
        _("De kaart is geïmporteerd als versie %(number)s.") % {"number": saved.number},
    )
    _warn_orphan_shares(request, access, m)
    return redirect("maps:history", map_id=access.record.pk)


def _warn_orphan_shares(request: HttpRequest, access: Access, m: RiskMap) -> None:
    # A share names its partner by party id; an imported map without that
    # party leaves the partner with no nodes of its own.
    orphans = access.record.shares.exclude(party_id__in=[p.id for p in m.parties])
    for share in orphans.select_related("organisation"):
        messages.warning(
            request,
            _(
                "De kaart is gedeeld met %(org)s als partij %(party)s, "
                "maar die partij staat niet meer in de kaart."
            )
            % {"org": share.organisation.name, "party": share.party_id},
        )
