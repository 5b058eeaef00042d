"""URLs under ``delen/``: shared items and communities."""

from django.urls import path

from weerbaar.web.sharing.views import advisory, communities, incident, items, sources

app_name = "sharing"
ITEM = "<uuid:item_id>/"
COMMUNITY = "gemeenschappen/<slug:slug>/"
urlpatterns = [
    path("", items.inbox, name="inbox"),
    path("nieuw/", items.new, name="new"),
    path("nieuw/oefening/<int:exercise_id>/", sources.share_exercise, name="share_exercise"),
    path("nieuw/incident/<int:incident_id>/", incident.share_incident, name="share_incident"),
    path(
        "nieuw/advies/<int:map_id>/<int:advisory_id>/",
        advisory.share_advisory,
        name="share_advisory",
    ),
    path(ITEM, items.detail, name="detail"),
    path(ITEM + "label/", items.relabel, name="relabel"),
    path(ITEM + "inzage/", items.audit, name="audit"),
    path("gemeenschappen/", communities.community_list, name="communities"),
    path(COMMUNITY, communities.community, name="community"),
    path(COMMUNITY + "beleid/<int:membership_id>/", communities.policy, name="policy"),
    path(COMMUNITY + "inzicht/", communities.regional, name="insight"),
]
