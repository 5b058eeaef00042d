"""The council report (page, tagged PDF, Word), the college's statement, the PDF statement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from weerbaar.accountability.assessment import statement
from weerbaar.report.council import council_docx, council_html, statement_html, to_pdf
from weerbaar.web.accountability import council
from weerbaar.web.accountability.models import CouncilStatement
from weerbaar.web.accountability.views.common import (
    assessments,
    catalogue_or_404,
    this_year,
    year_param,
)
from weerbaar.web.accounts.models import Action
from weerbaar.web.forms import NLFormMixin
from weerbaar.web.maps.access import Access, map_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class StatementForm(NLFormMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Collegeverklaring"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=gettext_lazy("Leeg: de voorgestelde tekst uit de cijfers."),
        required=False,
    )


def _amount(request: HttpRequest, access: Access) -> float:
    raw = request.GET.get("budget", "").replace(".", "").replace(",", "")
    return float(raw) if raw.isdigit() and len(raw) <= 10 else council.default_budget(access)


@map_view(Action.ACCOUNT)
def report(request: HttpRequest, access: Access) -> HttpResponse:
    year = year_param(request, this_year())
    amount = _amount(request, access)
    data = council.build(access, year, amount)
    own = CouncilStatement.objects.filter(riskmap=access.record, year=year).first()
    context: dict[str, Any] = {
        "access": access,
        "assess": access.can(Action.ASSESS),
        "year": year,
        "amount": int(amount),
        "report": data,
        "form": StatementForm(initial={"text": own.text if own else data.statement}),
    }
    return render(request, "accountability/report.html", context)


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _name(access: Access, year: int, suffix: str) -> str:
    return f"jaarverantwoording-digitale-veiligheid-{slugify(access.record.name)}-{year}{suffix}"


@map_view(Action.ACCOUNT)
def report_pdf(request: HttpRequest, access: Access) -> HttpResponse:
    year = year_param(request, this_year())
    data = council.build(access, year, _amount(request, access))
    return _download(to_pdf(council_html(data)), "application/pdf", _name(access, year, ".pdf"))


@map_view(Action.ACCOUNT)
def report_docx(request: HttpRequest, access: Access) -> HttpResponse:
    year = year_param(request, this_year())
    data = council.build(access, year, _amount(request, access))
    return _download(council_docx(data), DOCX, _name(access, year, ".docx"))


@require_POST
@map_view(Action.ASSESS)
def statement_text(request: HttpRequest, access: Access) -> HttpResponse:
    year = year_param(request, this_year())
    form = StatementForm(request.POST)
    url = reverse("accountability:report", kwargs={"map_id": access.record.pk}) + f"?jaar={year}"
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, str(error))
        return redirect(url)
    text = form.cleaned_data["text"].strip()
    if text:
        author = request.user if request.user.is_authenticated else None
        CouncilStatement.objects.update_or_create(
            riskmap=access.record, year=year, defaults={"text": text, "updated_by": author}
        )
    else:
        CouncilStatement.objects.filter(riskmap=access.record, year=year).delete()
    messages.success(request, _("De collegeverklaring voor %(year)s is bewaard.") % {"year": year})
    return redirect(url)


@map_view(Action.ACCOUNT)
def statement_pdf(
    request: HttpRequest, access: Access, catalogue_id: int, year: int
) -> HttpResponse:
    record = catalogue_or_404(access, catalogue_id)
    cat = record.to_catalogue()
    found = [a.to_assessment() for a in assessments(access, record, year)]
    rows = statement(cat, found, record.pure_scale)
    html = statement_html(cat, rows, year, access.record.organisation.name)
    name = f"vvt-{slugify(cat.name)}-{cat.version}-{year}.pdf"
    return _download(to_pdf(html), "application/pdf", name)
