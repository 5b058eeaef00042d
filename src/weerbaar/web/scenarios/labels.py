"""The names the pages show for the model's enums, and durations in words.

Translatable (source strings Dutch), unlike the report's fixed Dutch wording.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from weerbaar.model import NodeKind, Theme

KIND_LABELS: dict[NodeKind, Promise] = {
    NodeKind.PROCESS: _("proces"),
    NodeKind.PEOPLE: _("mensen"),
    NodeKind.SYSTEM: _("systeem"),
    NodeKind.SERVICE: _("dienst"),
    NodeKind.INFRASTRUCTURE: _("infrastructuur"),
}

THEME_LABELS: dict[Theme, Promise] = {
    Theme.RANSOMWARE: _("ransomware"),
    Theme.UITVAL_TELECOM: _("uitval telecom"),
    Theme.STROOMSTORING: _("stroomstoring"),
    Theme.DDOS: _("DDoS-aanval"),
    Theme.DATALEK: _("datalek"),
    Theme.UITVAL_CLOUD: _("uitval clouddienst"),
    Theme.UITVAL_LEVERANCIER: _("uitval leverancier"),
    Theme.STORING_HAVEN: _("storing haven"),
    Theme.SABOTAGE: _("sabotage"),
    Theme.OVERIG: _("overig"),
}


def duration_text(hours: float) -> str:
    """A duration in days, hours and minutes; minutes only below a day.

    Examples (in the default language)
    --------
    ``duration_text(30)`` is "1 dag 6 uur", ``duration_text(0.5)`` "30 min".
    """
    minutes = round(hours * 60) if hours < 24 else round(hours) * 60
    days, rest = divmod(minutes, 24 * 60)
    whole, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days})
    if whole:
        parts.append(ngettext("%(n)d uur", "%(n)d uur", whole) % {"n": whole})
    if mins:
        parts.append(gettext("%(n)d min") % {"n": mins})
    return " ".join(parts) or gettext("0 uur")
