"""URLs under ``kaarten/<map_id>/``: the dependency graph."""

from django.urls import path

from weerbaar.web.graph import views

app_name = "graph"
urlpatterns = [
    path("afhankelijkheden/", views.graph, name="graph"),
    path("afhankelijkheden/data/", views.graph_data, name="graph_data"),
    path("afhankelijkheden/knooppunt/<str:node_id>/", views.graph_node, name="graph_node"),
]
