from django.urls import path

from weerbaar.web.interop.views import exchange

app_name = "interop"

urlpatterns = [
    path("", exchange.exchange, name="exchange"),
    path("<uuid:collection_id>/stix.json", exchange.stix_download, name="stix"),
    path("<uuid:collection_id>/misp-feed.zip", exchange.misp_download, name="misp"),
    path("<slug:slug>/importeren/", exchange.import_file, name="import"),
    path("<slug:slug>/ophalen/", exchange.pull, name="pull"),
]
