"""Accountability, read only: catalogues, statement of applicability, plan, budget, briefings.

Everything is the map's own organisation's, behind :attr:`Action.ACCOUNT`
(the bestuurder reads, as on the pages); a catalogue of another
organisation is not found, like a map one may not see. Evidence is listed by
name only: its files are downloaded through the pages' access gate. The
budget frontier is a background job (:mod:`weerbaar.web.analyses.budget`):
``202 Accepted`` with the job until it is done.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from weerbaar.accountability.assessment import statement
from weerbaar.accountability.briefing import BriefingRole
from weerbaar.accountability.budget import BudgetResult
from weerbaar.web.accountability import briefings
from weerbaar.web.accountability.council import reductions, with_reduction
from weerbaar.web.accountability.models import ActionRecord, AssessmentRecord, CatalogueRecord
from weerbaar.web.accountability.views.common import assessments, this_year
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import budget as budgets
from weerbaar.web.api import docs
from weerbaar.web.api.base import ApiView, ListView
from weerbaar.web.api.changes import etag
from weerbaar.web.api.permissions import map_access
from weerbaar.web.api.problems import BadParameters, InvalidParam, Unprocessable
from weerbaar.web.api.serializers import (
    BudgetSerializer,
    CatalogueSerializer,
    ImprovementActionSerializer,
    JobSerializer,
    StatementRowSerializer,
)
from weerbaar.web.api.views.jobs import accepted
from weerbaar.web.jobs.models import Job
from weerbaar.web.maps import service

TAG = ["accountability"]
CATALOGUE_ID = OpenApiParameter(
    "catalogueId", OpenApiTypes.INT, OpenApiParameter.PATH, description="A catalogue."
)
YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, OpenApiParameter.PATH, description="A reporting year (2000–2100)."
)


def _catalogue(access: Any, catalogue_id: int) -> CatalogueRecord:
    found = CatalogueRecord.objects.filter(
        pk=catalogue_id, organisation=access.record.organisation_id
    ).first()
    if found is None:
        raise NotFound("There is no catalogue with this id for this map.")
    return found


class CatalogueList(ListView):
    """The catalogues of the map's organisation."""

    @extend_schema(
        operation_id="listCatalogues",
        summary="Control catalogues and the years assessed on this map",
        tags=TAG,
        parameters=docs.parameters(*docs.PAGING),
        responses=docs.responses(docs.ok(CatalogueSerializer(many=True)), 403, 404),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.ACCOUNT)
        rows = CatalogueRecord.objects.filter(organisation=access.record.organisation_id)

        def render(page: list[CatalogueRecord]) -> list[dict[str, Any]]:
            return [
                {
                    "id": c.pk,
                    "name": c.name,
                    "version": c.version,
                    "issued": c.issued,
                    "source": c.source,
                    "scale": c.scale,
                    "controls": c.controls.count(),
                    "years": sorted(
                        set(
                            AssessmentRecord.objects.filter(
                                riskmap=access.record, catalogue=c
                            ).values_list("year", flat=True)
                        )
                    ),
                }
                for c in page
            ]

        return self.page(request, rows.order_by("pk"), render)


class Statement(ListView):
    """The statement of applicability of one catalogue and reporting year."""

    @extend_schema(
        operation_id="getStatementOfApplicability",
        summary="Every control with applicability, reason, status, owner and evidence",
        description="The Verklaring van Toepasselijkheid as data: every assessable control "
        "of the catalogue, assessed or not, for the map and the reporting year.",
        tags=TAG,
        parameters=docs.parameters(CATALOGUE_ID, YEAR, *docs.PAGING),
        responses=docs.responses(docs.ok(StatementRowSerializer(many=True)), 400, 403, 404),
    )
    def get(self, request: Request, mapId: int, catalogueId: int, year: int) -> Response:
        access = map_access(request, mapId, Action.ACCOUNT)
        record = _catalogue(access, catalogueId)
        if not 2000 <= year <= 2100:
            raise BadParameters([InvalidParam("year", "must be a year from 2000 to 2100")])
        found = {a.control_id: a for a in assessments(access, record, year)}
        rows = statement(
            record.to_catalogue(), [a.to_assessment() for a in found.values()], record.pure_scale
        )

        def render(page: list[Any]) -> list[dict[str, Any]]:
            out = []
            for row in page:
                a = found.get(row.control.id)
                out.append(
                    {
                        "control": row.control.id,
                        "chapter": row.control.chapter,
                        "title": row.control.title,
                        "applicable": row.applicable,
                        "reason": row.reason,
                        "level": a.level if a else None,
                        "status": row.status,
                        "owner": row.owner,
                        "evidence": list(row.evidence),
                        "nodes": list(a.nodes) if a else [],
                        "measures": list(a.measures) if a else [],
                        "lastReview": a.last_review if a else None,
                        "nextReview": a.next_review if a else None,
                    }
                )
            return out

        return self.page(request, rows, render)


class ImprovementActions(ListView):
    """The map's improvement plan."""

    @extend_schema(
        operation_id="listImprovementActions",
        summary="The improvement plan: owner, due date, status, cost and risk reduced",
        description="Actions from controls, exercise lessons, incidents and advisories. "
        "`riskReduction` is what the action's measures take away from the expected yearly "
        "risk, each on its own (the budget combines them exactly).",
        tags=TAG,
        parameters=docs.parameters(*docs.PAGING),
        responses=docs.responses(docs.ok(ImprovementActionSerializer(many=True)), 403, 404),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.ACCOUNT)
        effects = reductions(access.record.current())

        def render(page: list[ActionRecord]) -> list[dict[str, Any]]:
            return [
                {
                    "id": r.pk,
                    "title": r.title,
                    "source": r.source,
                    "sourceRef": r.source_ref,
                    "owner": r.owner,
                    "due": r.due,
                    "status": r.status,
                    "cost": float(r.cost),
                    "spent": float(r.spent),
                    "measures": list(r.measures),
                    "riskReduction": with_reduction(r, effects).risk_reduction,
                }
                for r in page
            ]

        rows = ActionRecord.objects.filter(riskmap=access.record).order_by("due", "title", "pk")
        return self.page(request, rows, render)


class Budget(ApiView):
    """The risk-based budget of the current version."""

    @extend_schema(
        operation_id="getBudget",
        summary="The measures that lower the expected yearly risk most within a budget",
        description="`weerbaar budget --json`. Computed by the worker: 202 with the job "
        "until it is done, then the answer at once for any amount (exact search up to 15 "
        "measures; above that the greedy answer is computed per amount). The job's `result` "
        "holds the frontier; ask this resource again for the best choice within the amount.",
        tags=TAG,
        parameters=docs.parameters(
            OpenApiParameter(
                "budget", OpenApiTypes.INT, required=True, description="Euro per year, ≥ 0."
            ),
            docs.ETAG,
        ),
        responses=docs.responses(
            {**docs.ok(BudgetSerializer), **docs.ok(JobSerializer, 202, docs.QUEUED)},
            400,
            403,
            404,
            422,
        ),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.ACCOUNT)
        raw = request.query_params.get("budget", "")
        if not raw.isdigit() or len(raw) > 10:
            raise BadParameters([InvalidParam("budget", "must be a whole number of euro, ≥ 0")])
        version, m = service.current(access.record)
        outcome = budgets.frontier(access.record, version, m, float(raw), request.user)
        if isinstance(outcome, Job):
            return accepted(request, outcome)
        if not isinstance(outcome, BudgetResult):
            why = {
                budgets.NO_MEASURES: "The map has no measures.",
                budgets.NOT_SCORABLE: "The map does not fit the scoring profile.",
            }[outcome]
            raise Unprocessable([InvalidParam("mapId", why)], why)
        return Response(outcome.to_json(), headers={"ETag": etag(access, version)})


class Briefing(ApiView):
    """A role's briefing as data: the page's content without its words."""

    @extend_schema(
        operation_id="getRoleBriefing",
        summary="One role's briefing: top risks, decisions that fall to it, what is due",
        description="`role` is burgemeester, wethouder, gemeentesecretaris, raad, ciso or "
        "adviseur-oov. `decisions` are the GRIP escalation points of the top scenarios in "
        "which the role has a part (`duty`: chair, member, advise, lead, informed); `due` the "
        "open actions overdue or due within 120 days, the role's own first. `singlePoints` "
        "counts the vital processes, those with a single point of failure and the nodes that "
        "are one, and names the five most critical by the criticality ranking (the full lists: "
        "the criticality route).",
        tags=TAG,
        parameters=docs.parameters(
            OpenApiParameter("role", OpenApiTypes.STR, OpenApiParameter.PATH, description="A role.")
        ),
        responses=docs.responses(docs.ok(OpenApiTypes.OBJECT), 403, 404),
    )
    def get(self, request: Request, mapId: int, role: str) -> Response:
        access = map_access(request, mapId, Action.ACCOUNT)
        try:
            which = BriefingRole(role)
        except ValueError:
            raise NotFound("There is no briefing for this role.") from None
        b = briefings.build(access, which, this_year())

        def action(a: Any) -> dict[str, Any]:
            return {
                "title": a.title,
                "source": a.source.value,
                "owner": a.owner,
                "due": a.due,
                "status": a.status.value,
                "cost": a.cost,
            }

        return Response(
            {
                "role": b.role.value,
                "organisation": b.organisation,
                "year": b.year,
                "sections": [s.value for s in b.sections],
                "risks": [
                    {
                        "scenario": r.label,
                        "likelihood": r.likelihood,
                        "score": r.score,
                        "expected": r.expected,
                    }
                    for r in b.risks
                ],
                "decisions": [
                    {
                        "scenario": d.scenario,
                        "atHours": d.at,
                        "gripLevel": d.level,
                        "team": d.team.value,
                        "duty": d.duty.value,
                    }
                    for d in b.decisions
                ],
                "singlePoints": {
                    "vitalProcesses": b.single_points.processes,
                    "exposedProcesses": b.single_points.exposed,
                    "nodes": b.single_points.nodes,
                    "top": [
                        {"node": t.label, "party": t.party, "vitalProcesses": t.processes}
                        for t in b.single_points.top
                    ],
                },
                "due": [action(a) for a in b.due],
                "lessons": [action(a) for a in b.lessons],
                "implementedShare": b.implemented_share,
                "budget": None
                if b.budget is None
                else {
                    "budget": b.budget.budget,
                    "measures": list(b.budget.measures),
                    "cost": b.budget.cost,
                    "riskBefore": b.budget.risk_before,
                    "riskAfter": b.budget.risk_after,
                },
                "budgetPending": b.budget_pending,
            }
        )
