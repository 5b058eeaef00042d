"""URLs of the subscribed calendar (not under a map: one address covers every map)."""

from django.urls import path

from weerbaar.web.incidents.views import feed

app_name = "agenda"
urlpatterns = [
    path("", feed.subscription, name="subscription"),
    path("<str:token>/meldtermijnen.ics", feed.subscribed, name="feed"),
]
