from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "weerbaar.web.interop"
    label = "interop"
    verbose_name = "Uitwisseling (STIX, MISP, TAXII)"
