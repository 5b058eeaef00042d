"""URLs under ``kaarten/<map_id>/``: the geographic map."""

from django.urls import path

from weerbaar.web.geo import views

app_name = "geo"
urlpatterns = [
    path("kaart/", views.geo, name="geo"),
]
