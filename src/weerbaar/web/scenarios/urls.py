"""URLs under ``kaarten/<map_id>/``: the scenario pages."""

from django.urls import path

from weerbaar.web.scenarios.views import scenario

app_name = "scenarios"
urlpatterns = [
    path("scenarios/", scenario.scenario_list, name="list"),
    path("scenarios/<str:scenario_id>/", scenario.detail, name="detail"),
    path("scenarios/<str:scenario_id>/resultaat/", scenario.result, name="result"),
    path("scenarios/<str:scenario_id>/wat-als/", scenario.whatif, name="whatif"),
]
