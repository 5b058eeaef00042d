"""URLs under ``kaarten/<map_id>/``: the advisories matched to the map."""

from django.urls import path

from weerbaar.web.advisories.views import pages

app_name = "advisories"
urlpatterns = [
    path("adviezen/", pages.advisory_list, name="list"),
    path("adviezen/importeren/", pages.upload, name="import"),
    path("adviezen/ophalen/", pages.fetch, name="fetch"),
    path("adviezen/<int:advisory_id>/", pages.detail, name="detail"),
    path("adviezen/<int:advisory_id>/verbeteractie/", pages.open_action, name="action"),
    path("adviezen/<int:advisory_id>/incident/", pages.open_as_incident, name="incident"),
]
