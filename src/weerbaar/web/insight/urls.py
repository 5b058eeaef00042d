"""The decision pages of a map; under ``inzicht/`` so they never clash with the editor's."""

from django.urls import path

from weerbaar.web.insight import views

app_name = "insight"
urlpatterns = [
    path("inzicht/", views.dashboard, name="dashboard"),
    path("inzicht/risicodiagram/", views.risk, name="risk"),
    path("inzicht/criticaliteit/", views.criticality, name="criticality"),
    path("inzicht/ketenpartners/", views.partners, name="partners"),
    path("inzicht/maatregelen/", views.measures, name="measures"),
    path("inzicht/risicorapport/", views.report, name="report"),
]
