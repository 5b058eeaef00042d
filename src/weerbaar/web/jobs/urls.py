"""URLs under ``kaarten/<map_id>/``: background jobs and their progress."""

from django.urls import path

from weerbaar.web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("taken/criticaliteit/", views.criticality, name="criticality"),
    path("taken/<int:job_id>/", views.job, name="job"),
    path("taken/<int:job_id>/status/", views.job_data, name="job_data"),
    path("taken/<int:job_id>/opnieuw/", views.job_retry, name="job_retry"),
]
