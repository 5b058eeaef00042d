"""Names of the model's enums as a reader says them (Dutch, translatable)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from weerbaar.model import NodeKind, PartyKind

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
