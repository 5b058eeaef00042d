from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "weerbaar.web.accountability"
    label = "accountability"
    verbose_name = "Verantwoording"
