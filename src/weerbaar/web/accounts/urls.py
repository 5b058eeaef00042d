"""The beheerder's pages for people and their access."""

from django.urls import path

from weerbaar.web.accounts import lockouts

app_name = "accounts"

urlpatterns = [
    path("inlogblokkades/", lockouts.lockouts, name="lockouts"),
]
