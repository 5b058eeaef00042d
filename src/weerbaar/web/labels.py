"""Names of the model's enums and of durations as a reader says them.

Dutch source strings, translated through the catalogue; every page takes them
from here so that a kind or theme is called the same everywhere.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from weerbaar.model import NodeKind, PartyKind, Theme

NODE_KINDS: dict[NodeKind, Promise] = {
    NodeKind.PROCESS: _("proces"),
    NodeKind.SYSTEM: _("systeem"),
    NodeKind.SERVICE: _("dienst"),
    NodeKind.INFRASTRUCTURE: _("infrastructuur"),
    NodeKind.PEOPLE: _("mensen"),
}

PARTY_KINDS: dict[PartyKind, Promise] = {
    PartyKind.GEMEENTE: _("gemeente"),
    PartyKind.LEVERANCIER: _("leverancier"),
    PartyKind.VEILIGHEIDSREGIO: _("veiligheidsregio"),
    PartyKind.NETBEHEERDER: _("netbeheerder"),
    PartyKind.DRINKWATERBEDRIJF: _("drinkwaterbedrijf"),
    PartyKind.TELECOMAANBIEDER: _("telecomaanbieder"),
    PartyKind.ZORGAANBIEDER: _("zorgaanbieder"),
    PartyKind.POLITIE: _("politie"),
    PartyKind.WATERSCHAP: _("waterschap"),
    PartyKind.PROVINCIE: _("provincie"),
    PartyKind.RIJKSOVERHEID: _("rijksoverheid"),
    PartyKind.ONDERWIJS: _("onderwijs"),
    PartyKind.OVERIG: _("overig"),
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


def duration_text(hours: float, *, spelled: bool = False) -> str:
    """A duration in days, hours and minutes; minutes only below a day.

    ``spelled`` writes minutes out ("30 minuten") for running text; the
    short form ("30 min") suits charts and tables.

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
    if mins and spelled:
        parts.append(ngettext("%(n)d minuut", "%(n)d minuten", mins) % {"n": mins})
    elif mins:
        parts.append(gettext("%(n)d min") % {"n": mins})
    if parts:
        return " ".join(parts)
    return ngettext("%(n)d uur", "%(n)d uur", 0) % {"n": 0} if spelled else gettext("0 uur")
