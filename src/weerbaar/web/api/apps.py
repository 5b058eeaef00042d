from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "weerbaar.web.api"
    label = "api"
    verbose_name = "API"
