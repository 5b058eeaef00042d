"""URLs under ``kaarten/<map_id>/``: graph, geographic map, scenarios, jobs."""

from django.urls import path

from weerbaar.web.scenarios.views import geo, graph, jobs, scenario

app_name = "scenarios"
urlpatterns = [
    path("afhankelijkheden/", graph.graph, name="graph"),
    path("afhankelijkheden/data/", graph.graph_data, name="graph_data"),
    path("afhankelijkheden/knooppunt/<str:node_id>/", graph.graph_node, name="graph_node"),
    path("kaart/", geo.geo, name="geo"),
    path("scenarios/", scenario.scenario_list, name="list"),
    path("scenarios/<str:scenario_id>/", scenario.detail, name="detail"),
    path("scenarios/<str:scenario_id>/resultaat/", scenario.result, name="result"),
    path("scenarios/<str:scenario_id>/wat-als/", scenario.whatif, name="whatif"),
    path("taken/criticaliteit/", jobs.criticality, name="criticality"),
    path("taken/<int:job_id>/", jobs.job, name="job"),
    path("taken/<int:job_id>/status/", jobs.job_data, name="job_data"),
    path("taken/<int:job_id>/opnieuw/", jobs.job_retry, name="job_retry"),
]
