from django.urls import path

from weerbaar.web.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.overview, name="overview"),
]
