"""The API's URLs under ``/api/v1``: plural nouns, kebab-case, no trailing slashes."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularYAMLAPIView

from weerbaar.web.api import root
from weerbaar.web.api.base import NotFoundView
from weerbaar.web.api.openapi import SCHEMA_SETTINGS
from weerbaar.web.api.views import accountability, analyses, incidents, jobs, maps, nodes

app_name = "api"

# The document describes the API, not anyone's data, so it is public
# (API-51 of the design rules: publish it at a standard location).
_public = {"authentication_classes": [], "custom_settings": SCHEMA_SETTINGS}

urlpatterns: list[URLPattern] = [
    path("v1", root.Root.as_view(), name="root"),
    path("documentatie/", root.documentation, name="documentation"),
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(**_public), name="openapi-json"),
    path("v1/openapi.yaml", SpectacularYAMLAPIView.as_view(**_public), name="openapi-yaml"),
    path("v1/maps", maps.MapList.as_view(), name="maps"),
    path("v1/maps/<int:mapId>", maps.MapDetail.as_view(), name="map"),
    path("v1/maps/<int:mapId>/content", maps.MapContent.as_view(), name="content"),
    path("v1/maps/<int:mapId>/versions", maps.MapVersions.as_view(), name="versions"),
    path("v1/maps/<int:mapId>/nodes", nodes.NodeList.as_view(), name="nodes"),
    path("v1/maps/<int:mapId>/nodes/<str:nodeId>", nodes.NodeDetail.as_view(), name="node"),
    path("v1/maps/<int:mapId>/scenarios", analyses.ScenarioList.as_view(), name="scenarios"),
    path(
        "v1/maps/<int:mapId>/scenarios/<str:scenarioId>/simulation",
        analyses.Simulation.as_view(),
        name="simulation",
    ),
    path("v1/maps/<int:mapId>/criticality", analyses.Criticality.as_view(), name="criticality"),
    path("v1/maps/<int:mapId>/jobs/<int:jobId>", jobs.JobDetail.as_view(), name="job"),
    path(
        "v1/maps/<int:mapId>/catalogues", accountability.CatalogueList.as_view(), name="catalogues"
    ),
    path(
        "v1/maps/<int:mapId>/catalogues/<int:catalogueId>/statements/<int:year>",
        accountability.Statement.as_view(),
        name="statement",
    ),
    path(
        "v1/maps/<int:mapId>/improvement-actions",
        accountability.ImprovementActions.as_view(),
        name="improvement-actions",
    ),
    path("v1/maps/<int:mapId>/budget", accountability.Budget.as_view(), name="budget"),
    path(
        "v1/maps/<int:mapId>/briefings/<str:role>",
        accountability.Briefing.as_view(),
        name="briefing",
    ),
    path("v1/maps/<int:mapId>/incidents", incidents.IncidentList.as_view(), name="incidents"),
    path(
        "v1/maps/<int:mapId>/incidents/<int:incidentId>",
        incidents.IncidentDetail.as_view(),
        name="incident",
    ),
    path(
        "v1/maps/<int:mapId>/incidents/<int:incidentId>/forecast",
        incidents.IncidentForecast.as_view(),
        name="incident-forecast",
    ),
    re_path(r"^v1(/.*)?$", extend_schema(exclude=True)(NotFoundView).as_view(), name="missing"),
]
