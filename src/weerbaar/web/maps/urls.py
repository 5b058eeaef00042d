from django.urls import path

from weerbaar.web.maps import (
    views,
    views_history,
    views_nodes,
    views_objects,
    views_transfer,
)

app_name = "maps"
urlpatterns = [
    path("", views.overview, name="overview"),
    # Nodes. Adding lives outside "knooppunten/" so that no node id can shadow it.
    path("knooppunten/", views_nodes.nodes, name="nodes"),
    path("knooppunt-toevoegen/", views_nodes.node_add, name="node_add"),
    path("knooppunten/<str:node_id>/", views_nodes.node, name="node"),
    path("knooppunten/<str:node_id>/wijzigen/", views_nodes.node_edit, name="node_edit"),
    path("knooppunten/<str:node_id>/verwijderen/", views_nodes.node_delete, name="node_delete"),
    # Parties, scenarios, measures and settings of the map.
    path("beheer/partijen/", views_objects.parties, name="parties"),
    path("beheer/partijen/nieuw/", views_objects.party_add, name="party_add"),
    path("beheer/partijen/<str:party_id>/wijzigen/", views_objects.party_edit, name="party_edit"),
    path(
        "beheer/partijen/<str:party_id>/verwijderen/",
        views_objects.party_delete,
        name="party_delete",
    ),
    path("beheer/scenarios/", views_objects.scenarios, name="scenarios"),
    path("beheer/scenarios/nieuw/", views_objects.scenario_add, name="scenario_add"),
    path(
        "beheer/scenarios/<str:scenario_id>/wijzigen/",
        views_objects.scenario_edit,
        name="scenario_edit",
    ),
    path(
        "beheer/scenarios/<str:scenario_id>/verwijderen/",
        views_objects.scenario_delete,
        name="scenario_delete",
    ),
    path("beheer/maatregelen/", views_objects.measures, name="measures_edit"),
    path("beheer/maatregelen/nieuw/", views_objects.measure_add, name="measure_add"),
    path(
        "beheer/maatregelen/<str:measure_id>/wijzigen/",
        views_objects.measure_edit,
        name="measure_edit",
    ),
    path(
        "beheer/maatregelen/<str:measure_id>/verwijderen/",
        views_objects.measure_delete,
        name="measure_delete",
    ),
    path("beheer/instellingen/", views_objects.settings, name="settings"),
    # The audit trail.
    path("historie/", views_history.history, name="history"),
    path("historie/<int:number>/", views_history.version, name="version"),
    path("historie/<int:number>/terugzetten/", views_history.restore, name="restore"),
    # Import and export.
    path("import-export/", views_transfer.transfer, name="transfer"),
    path("import-export/kaart.yaml", views_transfer.export_yaml, name="export_yaml"),
    path("import-export/kaart.xlsx", views_transfer.export_excel, name="export_xlsx"),
    path("import-export/importeren/", views_transfer.import_map, name="import"),
]
