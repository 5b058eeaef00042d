from django.urls import path

from weerbaar.web.accountability.views import (
    briefings,
    budget,
    controls,
    exports,
    overview,
    plan,
    report,
)

app_name = "accountability"
year = "verantwoording/catalogi/<int:catalogue_id>/<int:year>/"
urlpatterns = [
    path("verantwoording/", overview.index, name="index"),
    path("verantwoording/importeren/", overview.import_catalogue, name="import"),
    path(
        "verantwoording/catalogi/<int:catalogue_id>/verslagjaar/",
        overview.start_year,
        name="start_year",
    ),
    path(year, controls.controls, name="controls"),
    path(year + "vvt.xlsx", exports.statement_excel, name="statement_xlsx"),
    path(year + "vvt.pdf", report.statement_pdf, name="statement_pdf"),
    path(year + "maatregel/<str:control_id>/", controls.control, name="control"),
    path(year + "maatregel/<str:control_id>/bewijs/", controls.evidence_add, name="evidence_add"),
    path("verantwoording/bewijs/<int:evidence_id>/", controls.evidence_download, name="evidence"),
    path(
        "verantwoording/bewijs/<int:evidence_id>/verwijderen/",
        controls.evidence_delete,
        name="evidence_delete",
    ),
    path("verantwoording/jaarverantwoording/", report.report, name="report"),
    path("verantwoording/jaarverantwoording.pdf", report.report_pdf, name="report_pdf"),
    path("verantwoording/jaarverantwoording.docx", report.report_docx, name="report_docx"),
    path(
        "verantwoording/jaarverantwoording/collegeverklaring/",
        report.statement_text,
        name="statement_text",
    ),
    path("verantwoording/budget/", budget.budget, name="budget"),
    path("verantwoording/rolbriefings/", briefings.index, name="briefings"),
    path("verantwoording/rolbriefings/<str:role>/", briefings.page, name="briefing"),
    path("verantwoording/rolbriefings/<str:role>.pdf", briefings.pdf, name="briefing_pdf"),
    path("verantwoording/verbeterplan/", plan.plan, name="plan"),
    path("verantwoording/verbeterplan/overnemen/", plan.adopt, name="adopt"),
    path("verantwoording/verbeterplan/nieuw/", plan.action_edit, name="action_add"),
    path("verantwoording/verbeterplan/<int:action_id>/", plan.action_edit, name="action_edit"),
]
