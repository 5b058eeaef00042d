"""The site's URLs; each app brings its own ``urls.py``."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from weerbaar.web.exercises.views import plan as exercise_plan
from weerbaar.web.forms import LoginForm
from weerbaar.web.maps.views import overview

urlpatterns = [
    path("", overview.home, name="home"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("uitwisselen/", include("weerbaar.web.interop.urls")),
    path("taxii2/", include("weerbaar.web.interop.taxii.urls")),
    path("beheer/", include("weerbaar.web.accounts.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.maps.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.graph.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.geo.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.scenarios.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.jobs.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.insight.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.exercises.urls")),
    path("mijn-oefeningen/", exercise_plan.mine, name="my_exercises"),
    path("kaarten/<int:map_id>/", include("weerbaar.web.accountability.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.incidents.urls")),
    path("kaarten/<int:map_id>/", include("weerbaar.web.advisories.urls")),
    path("bijstand/", include("weerbaar.web.aid.urls")),
    path("agenda/", include("weerbaar.web.incidents.feed_urls")),
    path("api/", include("weerbaar.web.api.urls")),
    path("delen/", include("weerbaar.web.sharing.urls")),
]
