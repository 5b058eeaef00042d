"""The incident register, read-only: incidents, one with its nodes and deadlines, its forecast.

The same gate as the pages (:mod:`weerbaar.web.incidents.access`): the
roles that may read incidents (``Action.INCIDENTS``) get them; a chain
partner gets 403 before any incident is looked up, so nothing says which
exist; someone of another organisation gets 404, as for a map that does not
exist. Changes go through the pages, where each is logged.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from weerbaar.incident.forecast import ProcessForecast
from weerbaar.web.accounts.models import Action
from weerbaar.web.analyses import incidents as compute
from weerbaar.web.api import docs
from weerbaar.web.api.base import ApiView, ListView
from weerbaar.web.api.permissions import map_access
from weerbaar.web.api.problems import problem
from weerbaar.web.incidents import store
from weerbaar.web.incidents.models import AffectedNode, Incident
from weerbaar.web.maps import service
from weerbaar.web.maps.access import Access

INCIDENT_ID = OpenApiParameter(
    "incidentId", OpenApiTypes.INT, OpenApiParameter.PATH, description="An incident of the map."
)
_SUMMARY: dict[str, serializers.Field[Any, Any, Any, Any]] = {
    "id": serializers.IntegerField(),
    "reference": serializers.CharField(help_text="INC-2026-001: per map and year."),
    "title": serializers.CharField(),
    "kind": serializers.CharField(help_text="ransomware, ddos, datalek, storing, phishing, other."),
    "severity": serializers.CharField(help_text="low, medium, high or critical."),
    "grip": serializers.CharField(help_text="GRIP level: 0–5 or rijk."),
    "phase": serializers.CharField(
        help_text="report, triage, response, recovery, aftercare or closed."
    ),
    "detected": serializers.DateTimeField(),
    "closed": serializers.DateTimeField(allow_null=True),
    "url": serializers.URLField(),
}
SUMMARY = inline_serializer("IncidentSummary", _SUMMARY)
DETAIL = inline_serializer(
    "Incident",
    {
        **_SUMMARY,
        "description": serializers.CharField(),
        "personalData": serializers.BooleanField(),
        "significant": serializers.BooleanField(help_text="A significant incident (NIS2)."),
        "lessons": serializers.CharField(),
        "affected": inline_serializer(
            "AffectedNode",
            {
                "node": serializers.CharField(),
                "down": serializers.DateTimeField(),
                "expected": serializers.CharField(help_text="8h, tri(4h, 8h, 2d); empty: unknown"),
                "restored": serializers.DateTimeField(allow_null=True),
            },
            many=True,
        ),
        "deadlines": inline_serializer(
            "ReportingDeadline",
            {
                "duty": serializers.CharField(),
                "due": serializers.DateTimeField(),
                "done": serializers.DateTimeField(allow_null=True),
                "state": serializers.CharField(help_text="open, due-soon, overdue or done."),
            },
            many=True,
        ),
        "contacts": inline_serializer(
            "IncidentContact",
            {
                "role": serializers.CharField(),
                "organisation": serializers.CharField(),
                "reach": serializers.CharField(),
            },
            many=True,
        ),
        "forecast": serializers.URLField(),
    },
)
FORECAST = inline_serializer(
    "IncidentForecast",
    {
        "now": serializers.DateTimeField(),
        "samples": serializers.IntegerField(help_text="Monte Carlo samples; 0: exact only."),
        "processes": inline_serializer(
            "ProcessForecast",
            {
                "node": serializers.CharField(),
                "mtpd": serializers.FloatField(allow_null=True, help_text="Hours."),
                "down": serializers.DateTimeField(allow_null=True),
                "up": serializers.DateTimeField(allow_null=True),
                "breach": serializers.DateTimeField(allow_null=True),
                "pDown": serializers.FloatField(allow_null=True),
                "pBreach": serializers.FloatField(allow_null=True),
            },
            many=True,
        ),
        "restoreOrder": inline_serializer(
            "RestoreAdvice",
            {
                "node": serializers.CharField(),
                "prevents": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        ),
    },
)


def _incident(access: Access, incident_id: int) -> Incident:
    found = Incident.objects.filter(pk=incident_id, riskmap=access.record).first()
    if found is None:
        raise NotFound("There is no incident with this id on this map.")
    return found


def _affected(r: AffectedNode) -> dict[str, Any]:
    return {"node": r.node_id, "down": r.down, "expected": r.expected, "restored": r.restored}


def _process(p: ProcessForecast) -> dict[str, Any]:
    return {
        "node": p.node,
        "mtpd": p.mtpd,
        "down": p.down,
        "up": p.up,
        "breach": p.breach,
        "pDown": p.p_down,
        "pBreach": p.p_breach,
    }


def summary(request: Request, i: Incident) -> dict[str, Any]:
    return {
        "id": i.pk,
        "reference": i.reference,
        "title": i.title,
        "kind": i.kind,
        "severity": i.severity,
        "grip": i.grip,
        "phase": i.phase,
        "detected": i.detected,
        "closed": i.closed,
        "url": reverse(
            "api:incident", kwargs={"mapId": i.riskmap_id, "incidentId": i.pk}, request=request
        ),
    }


class IncidentList(ListView):
    """The incidents of a map, the most recently detected first."""

    @extend_schema(
        operation_id="listIncidents",
        summary="The incidents of a map",
        tags=["incidents"],
        parameters=docs.parameters(*docs.PAGING),
        responses=docs.responses(docs.ok(SUMMARY), 403, 404),
    )
    def get(self, request: Request, mapId: int) -> Response:
        access = map_access(request, mapId, Action.INCIDENTS)
        return self.page(
            request,
            access.record.incidents.all(),
            lambda rows: [summary(request, i) for i in rows],
        )


class IncidentDetail(ApiView):
    """One incident: its failed nodes, its reporting deadlines, its contacts."""

    @extend_schema(
        operation_id="getIncident",
        summary="An incident",
        tags=["incidents"],
        parameters=docs.parameters(INCIDENT_ID),
        responses=docs.responses(docs.ok(DETAIL), 403, 404),
    )
    def get(self, request: Request, mapId: int, incidentId: int) -> Response:
        access = map_access(request, mapId, Action.INCIDENTS)
        i = _incident(access, incidentId)
        now = timezone.now()
        return Response(
            {
                **summary(request, i),
                "description": i.description,
                "personalData": i.personal_data,
                "significant": i.significant,
                "lessons": i.lessons,
                "affected": [_affected(r) for r in i.affected.all()],
                "deadlines": [
                    {
                        "duty": d.duty.value,
                        "due": d.due,
                        "done": d.done,
                        "state": d.state(now).value,
                    }
                    for d in store.deadlines_of(i)
                ],
                "contacts": [
                    {"role": c.role, "organisation": c.organisation, "reach": c.reach}
                    for c in i.contacts.all()
                ],
                "forecast": reverse(
                    "api:incident-forecast",
                    kwargs={"mapId": mapId, "incidentId": i.pk},
                    request=request,
                ),
            }
        )


class IncidentForecast(ApiView):
    """The live forecast of an incident, as its page shows it."""

    @extend_schema(
        operation_id="getIncidentForecast",
        summary="What goes down, when MTPDs are breached, and the restore order",
        description=(
            "Per vital process: when it goes down and comes back, when its MTPD is breached "
            "(exact), and the Monte Carlo probabilities; the failed nodes ranked by the MTPD "
            "breaches restoring them now would prevent. 409 when a failed node is no longer "
            "in the map."
        ),
        tags=["incidents"],
        parameters=docs.parameters(INCIDENT_ID),
        responses=docs.responses(docs.ok(FORECAST), 403, 404, 409),
    )
    def get(self, request: Request, mapId: int, incidentId: int) -> Response:
        access = map_access(request, mapId, Action.INCIDENTS)
        i = _incident(access, incidentId)
        _version, m = service.current(access.record)
        outages = store.outages_of(i)
        now = i.closed or timezone.now()
        if not outages:
            return Response({"now": now, "samples": 0, "processes": [], "restoreOrder": []})
        try:
            f, advice = compute.run(m, outages, now)
        except compute.ForecastError as exc:
            # A node removed from the map since, say: which one, as the page says it.
            return problem(409, str(exc), instance=request.path)
        return Response(
            {
                "now": f.now,
                "samples": f.samples,
                "processes": [_process(p) for p in f.processes],
                "restoreOrder": [
                    {"node": r.node, "prevents": list(r.prevented)} for r in advice.restores
                ],
            }
        )
