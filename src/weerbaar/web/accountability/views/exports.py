"""Downloads: the statement of applicability as Excel."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from weerbaar.accountability.assessment import statement
from weerbaar.accountability.statement import statement_xlsx
from weerbaar.web.accountability.views.common import assessments, catalogue_or_404
from weerbaar.web.accounts.models import Action
from weerbaar.web.maps.access import Access, map_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@map_view(Action.ACCOUNT)
def statement_excel(
    request: HttpRequest, access: Access, catalogue_id: int, year: int
) -> HttpResponse:
    record = catalogue_or_404(access, catalogue_id)
    cat = record.to_catalogue()
    rows = statement(
        cat, [a.to_assessment() for a in assessments(access, record, year)], record.pure_scale
    )
    data = statement_xlsx(cat, rows, year, access.record.organisation.name, timezone.localtime())
    response = HttpResponse(data, content_type=XLSX)
    name = f"vvt-{slugify(cat.name)}-{cat.version}-{year}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
