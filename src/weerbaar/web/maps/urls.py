from django.urls import path

from weerbaar.web.maps.views import history, nodes, objects, overview, transfer

app_name = "maps"
urlpatterns = [
    path("", overview.overview, name="overview"),
    # Nodes. Adding lives outside "knooppunten/" so that no node id can shadow it.
    path("knooppunten/", nodes.nodes, name="nodes"),
    path("knooppunt-toevoegen/", nodes.node_add, name="node_add"),
    path("knooppunten/<str:node_id>/", nodes.node, name="node"),
    path("knooppunten/<str:node_id>/wijzigen/", nodes.node_edit, name="node_edit"),
    path("knooppunten/<str:node_id>/verwijderen/", nodes.node_delete, name="node_delete"),
    # Parties, scenarios, measures and settings of the map.
    path("beheer/partijen/", objects.parties, name="parties"),
    path("beheer/partijen/nieuw/", objects.party_add, name="party_add"),
    path("beheer/partijen/<str:party_id>/wijzigen/", objects.party_edit, name="party_edit"),
    path(
        "beheer/partijen/<str:party_id>/verwijderen/",
        objects.party_delete,
        name="party_delete",
    ),
    path("beheer/scenarios/", objects.scenarios, name="scenarios"),
    path("beheer/scenarios/nieuw/", objects.scenario_add, name="scenario_add"),
    path(
        "beheer/scenarios/<str:scenario_id>/wijzigen/",
        objects.scenario_edit,
        name="scenario_edit",
    ),
    path(
        "beheer/scenarios/<str:scenario_id>/verwijderen/",
        objects.scenario_delete,
        name="scenario_delete",
    ),
    path("beheer/maatregelen/", objects.measures, name="measures_edit"),
    path("beheer/maatregelen/nieuw/", objects.measure_add, name="measure_add"),
    path(
        "beheer/maatregelen/<str:measure_id>/wijzigen/",
        objects.measure_edit,
        name="measure_edit",
    ),
    path(
        "beheer/maatregelen/<str:measure_id>/verwijderen/",
        objects.measure_delete,
        name="measure_delete",
    ),
    path("beheer/instellingen/", objects.settings, name="settings"),
    # The audit trail.
    path("historie/", history.history, name="history"),
    path("historie/<int:number>/", history.version, name="version"),
    path("historie/<int:number>/terugzetten/", history.restore, name="restore"),
    # Import and export.
    path("import-export/", transfer.transfer, name="transfer"),
    path("import-export/kaart.yaml", transfer.export_yaml, name="export_yaml"),
    path("import-export/kaart.xlsx", transfer.export_excel, name="export_xlsx"),
    path("import-export/importeren/", transfer.import_map, name="import"),
]
