from django.apps import AppConfig


class AdvisoriesConfig(AppConfig):
    name = "weerbaar.web.advisories"
    label = "advisories"
    verbose_name = "Beveiligingsadviezen"
