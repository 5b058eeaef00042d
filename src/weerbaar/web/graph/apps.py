from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraphConfig(AppConfig):
    name = "weerbaar.web.graph"
    label = "graph"
    verbose_name = _("Afhankelijkheden")
