"""URLs of mutual aid (not under a map: aid is between organisations)."""

from django.urls import path

from weerbaar.web.aid.views import pages

app_name = "aid"
REQUEST = "verzoeken/<int:request_id>/"
OFFER = "aanbod/<int:offer_id>/"
urlpatterns = [
    path("", pages.index, name="index"),
    path("verzoeken/nieuw/", pages.new_request, name="new"),
    path(REQUEST, pages.request_detail, name="request"),
    path(REQUEST + "aanbieden/", pages.offer, name="offer"),
    path(REQUEST + "sluiten/", pages.close, name="close"),
    path(OFFER + "aanvaarden/", pages.accept, name="accept"),
    path(OFFER + "bevestigen/", pages.confirm, name="confirm"),
    path(OFFER + "intrekken/", pages.withdraw, name="withdraw"),
    path("locatie/", pages.location, name="location"),
]
