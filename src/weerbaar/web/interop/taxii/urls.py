"""TAXII 2.1 routes: discovery at /taxii2/, one API root at /taxii2/api/."""

from django.urls import path

from weerbaar.web.interop.taxii import views

C = "api/collections/<str:collection_id>/"

urlpatterns = [
    path("", views.discovery, name="taxii_discovery"),
    path("api/", views.api_root, name="taxii_root"),
    path("api/collections/", views.collections, name="taxii_collections"),
    path(C, views.collection, name="taxii_collection"),
    path(C + "objects/", views.objects, name="taxii_objects"),
    path(C + "objects/<str:object_id>/", views.one_object, name="taxii_object"),
    path(C + "objects/<str:object_id>/versions/", views.versions, name="taxii_versions"),
    path(C + "manifest/", views.manifest, name="taxii_manifest"),
]
