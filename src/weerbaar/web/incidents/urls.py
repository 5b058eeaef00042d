"""URLs under ``kaarten/<map_id>/``: the incident register, deadlines and forecast."""

from django.urls import path

from weerbaar.web.incidents.views import forecast, log, nodes, register

app_name = "incidents"
I = "incidenten/<int:incident_id>/"  # noqa: E741
urlpatterns = [
    path("incidenten/", register.incident_list, name="list"),
    path("incidenten/nieuw/", register.new, name="new"),
    path("incidenten/meldplichten/", log.duties, name="duties"),
    path("incidenten/knooppunten/", nodes.search, name="node_search"),
    path("incidenten/meldtermijnen.ics", log.calendar, name="calendar"),
    path(I, register.detail, name="detail"),
    path(I + "prognose/", forecast.forecast, name="forecast"),
    path(I + "bewerken/", register.edit, name="edit"),
    path(I + "fase/", register.phase, name="phase"),
    path(I + "afsluiten/", register.close, name="close"),
    path(I + "knooppunten/", register.affected_add, name="affected_add"),
    path(I + "knooppunten/<int:row_id>/", register.affected_update, name="affected_update"),
    path(I + "logboek/", log.log_add, name="log_add"),
    path(I + "contacten/", log.contact_add, name="contact_add"),
    path(I + "contacten/<int:contact_id>/", log.contact_edit, name="contact_edit"),
    path(I + "contacten/<int:contact_id>/verwijderen/", log.contact_remove, name="contact_remove"),
    path(I + "meldingen/", log.report_add, name="report_add"),
]
