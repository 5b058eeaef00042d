"""Gathering a role briefing of a map from the stored data, and its words per role.

The data is the council report's (:func:`weerbaar.web.accountability.council.build`)
plus the escalation of the top scenarios; the sentences are the web app's,
so a briefing reads in Dutch or English like every page.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerbaar.accountability.briefing import TOP_SCENARIOS, Briefing, BriefingRole, Duty, briefing
from weerbaar.exercise.records import Team
from weerbaar.web.accountability import council
from weerbaar.web.analyses.briefings import escalations
from weerbaar.web.analyses.insight import analysis_of
from weerbaar.web.maps.access import Access

ROLE_NAMES = {
    BriefingRole.BURGEMEESTER: _("Burgemeester"),
    BriefingRole.WETHOUDER: _("Wethouder"),
    BriefingRole.GEMEENTESECRETARIS: _("Gemeentesecretaris"),
    BriefingRole.RAAD: _("Gemeenteraad"),
    BriefingRole.CISO: _("CISO"),
    BriefingRole.ADVISEUR_OOV: _("Adviseur OOV"),
}

#: Why the page matters to the role: its first paragraph.
FOCUS = {
    BriefingRole.BURGEMEESTER: _(
        "U bent verantwoordelijk voor de openbare orde en veiligheid en zit bij opschaling het "
        "beleidsteam voor. Deze pagina zegt welke digitale uitval het zwaarst weegt en wanneer "
        "het besluit bij u komt te liggen."
    ),
    BriefingRole.WETHOUDER: _(
        "U bent portefeuillehouder voor de dienstverlening en de middelen. Deze pagina zegt "
        "welke risico's het grootst zijn, welke maatregelen binnen het budget het meeste "
        "risico wegnemen en wat er binnenkort af moet."
    ),
    BriefingRole.GEMEENTESECRETARIS: _(
        "U stuurt de ambtelijke organisatie en de gemeentelijke crisisorganisatie aan en "
        "ondertekent mede de verantwoording (ENSIA). Deze pagina zegt waar de organisatie "
        "kwetsbaar is en wat er openstaat."
    ),
    BriefingRole.RAAD: _(
        "De raad stelt kaders en controleert. Deze pagina vat samen hoe de gemeente er digitaal "
        "voor staat: de grootste risico's, de stand van de BIO, het geld en wat oefeningen "
        "leerden."
    ),
    BriefingRole.CISO: _(
        "U bent verantwoordelijk voor de informatiebeveiliging en leidt het IT-crisisteam. "
        "Deze pagina zegt welke scenario's het zwaarst wegen, wanneer u aan zet bent en welke "
        "acties binnenkort af moeten."
    ),
    BriefingRole.ADVISEUR_OOV: _(
        "U adviseert over openbare orde en veiligheid en bereidt de crisisorganisatie voor. "
        "Deze pagina zegt wanneer er wordt opgeschaald, waar de enkelvoudige faalpunten zitten "
        "en wat de oefeningen leerden."
    ),
}

#: The deciding teams by their official names (not translated).
TEAMS = {
    Team.IT_CRISISTEAM: "IT-crisisteam",
    Team.COPI: "CoPI",
    Team.ROT: "ROT",
    Team.GBT: "GBT",
    Team.RBT: "RBT",
}

#: The role's part in the deciding team, as a sentence ending.
DUTIES = {
    Duty.CHAIR: _("u zit het team voor en besluit"),
    Duty.MEMBER: _("u besluit mee"),
    Duty.ADVISE: _("u adviseert wie besluit"),
    Duty.LEAD: _("u leidt het team"),
    Duty.INFORMED: _("u wordt geïnformeerd en legt achteraf verantwoording af"),
}


def build(access: Access, role: BriefingRole, year: int) -> Briefing:
    """The briefing of ``role`` on ``access``'s map for ``year``, from live data."""
    report = council.build(access, year, council.default_budget(access))
    version = access.record.current()
    analysis = analysis_of(version)
    top = []
    if analysis.scorable:
        top = [r.id for r in sorted(analysis.risks, key=lambda r: -r.expected)[:TOP_SCENARIOS]]
    return briefing(report, role, escalations(version, top), timezone.localdate())
