from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "weerbaar.web.aid"
    label = "aid"
    verbose_name = "Bijstand"
