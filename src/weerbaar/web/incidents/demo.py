"""The demo's incidents: one open with a forecast, one closed with lessons and actions.

``weerbaar-web loaddemo`` calls :func:`load` once the map and users exist.
Times are relative to when the demo is loaded, so the countdowns and the
forecast always look current. The open incident's contacts include one
changed since (its log keeps before and after), and the crisis coordinator
gets a calendar address for the deadlines, printed once like the passwords.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from weerbaar.model import RiskMap
from weerbaar.web.accountability.models import ActionRecord, Source
from weerbaar.web.incidents import feed, store
from weerbaar.web.incidents.models import (
    Contact,
    DutySettings,
    EntryKind,
    PhaseChoice,
    ReportMade,
)
from weerbaar.web.maps.models import RiskMapRecord

#: The open incident: the sociaal-domein suite's supplier hit by ransomware (restore
#: uncertain), and the town hall's fibre line cut by road works (restore expected).
OPEN_NODES = {"suite-sociaal-domein": "tri(1d, 3d, 1w)", "internet-glasnet": "10h"}


def load(riskmap: RiskMapRecord, m: RiskMap, now: datetime) -> str:
    """Load the demo incidents onto ``riskmap`` once; what it did, as one line."""
    if riskmap.incidents.exists():
        return "Incidents already loaded."
    if any(node not in {n.id for n in m.nodes} for node in OPEN_NODES):
        return "Incidents not loaded: the map lacks the demo's nodes."
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["crisis", "ciso"])
    }
    crisis, ciso = users.get("crisis"), users.get("ciso")
    with transaction.atomic():
        DutySettings.objects.get_or_create(
            organisation=riskmap.organisation,
            defaults={
                "duties": [
                    "ap-datalek",
                    "nis2-early-warning",
                    "nis2-notification",
                    "nis2-final-report",
                    "ibd",
                ],
                "recipients": "crisisteam@gemeente-voorbeeld.example",
            },
        )
        _closed(riskmap, m, now, ciso)
        _open(riskmap, m, now, crisis)
        address = "" if crisis is None else feed.renew(crisis)
    line = "Incidents loaded: one open (with a forecast), one closed with lessons."
    if address:
        line += (
            "\nCalendar of deadlines for crisis (subscribe; shown only now): "
            f"/agenda/{address}/meldtermijnen.ics"
        )
    return line


def _open(riskmap: RiskMapRecord, m: RiskMap, now: datetime, user: object) -> None:
    detected = now - timedelta(hours=5)
    incident = store.open_incident(
        riskmap,
        m,
        title="Ransomware bij Sociaal Domein Software; glasvezel gemeentehuis geraakt",
        nodes={"suite-sociaal-domein": detected, "internet-glasnet": now - timedelta(hours=2)},
        author=user,
        kind="ransomware",
        severity="high",
        grip="1",
        detected=detected,
        personal_data=True,
        significant=True,
        description=(
            "De leverancier van de suite sociaal domein meldt versleutelde servers; "
            "onbekend of er persoonsgegevens zijn buitgemaakt. Los daarvan is bij "
            "graafwerk de glasvezel naar het gemeentehuis geraakt."
        ),
    )
    for row in incident.affected.all():
        row.expected = OPEN_NODES[row.node_id]
        row.save(update_fields=["expected"])
    incident.phase = PhaseChoice.RESPONSE
    incident.save(update_fields=["phase"])
    store.log(
        incident,
        user,
        "Fase: report → triage → response",
        before={"phase": "report"},
        after={"phase": "response"},
    )
    store.log(
        incident,
        user,
        "Crisisteam bijeengeroepen; leverancier gevraagd om een "
        "hersteltijd en een lijst van getroffen gegevens.",
        EntryKind.ACTION,
    )
    store.log(
        incident,
        user,
        "Besluit: uitbetaling uitkeringen handmatig voorbereiden "
        "op basis van het vorige betaalbestand.",
        EntryKind.DECISION,
    )
    ReportMade.objects.create(
        incident=incident, duty="ibd", made=detected + timedelta(hours=1), reference="IBD-2026-0412"
    )
    for role, org, reach in (
        ("Servicedesk leverancier (incidentlijn)", "Sociaal Domein Software BV", "088 000 1234"),
        ("Storingsdienst glasvezel", "GlasNet Regio BV", "storingen@glasnet.example"),
        ("Piket IBD", "Informatiebeveiligingsdienst", "via het IBD-portaal"),
    ):
        Contact.objects.create(incident=incident, role=role, organisation=org, reach=reach)
    # A contact changed since, as the contact form records it.
    piket = incident.contacts.get(role="Piket IBD")
    before = {"role": piket.role, "organisation": piket.organisation, "reach": piket.reach}
    piket.reach = "IBD-piket, 070 000 5678"
    piket.save(update_fields=["reach"])
    store.log(
        incident,
        user,
        "Contact gewijzigd: Piket IBD",
        before=before,
        after={**before, "reach": piket.reach},
    )


def _closed(riskmap: RiskMapRecord, m: RiskMap, now: datetime, user: object) -> None:
    detected = now - timedelta(days=41)
    incident = store.open_incident(
        riskmap,
        m,
        title="Stroomstoring in de regio",
        nodes={"stroomnet-regio": detected},
        author=user,
        kind="storing",
        severity="medium",
        grip="0",
        detected=detected,
    )
    row = incident.affected.get()
    row.restored = detected + timedelta(hours=6)
    row.save(update_fields=["restored"])
    lessons = (
        "Het noodstroomaggregaat van het gemeentehuis startte niet automatisch; "
        "het draaiboek stroomuitval was niet bij de hand op de uitwijklocatie."
    )
    actions = [
        "Noodstroomaggregaat maandelijks proefdraaien",
        "Draaiboek stroomuitval op papier op de uitwijklocatie",
    ]
    for title in actions:
        ActionRecord.objects.create(
            riskmap=riskmap,
            title=title,
            source=Source.INCIDENT,
            source_ref=incident.reference,
            owner="Facilitair",
            due=(now + timedelta(days=60)).date(),
        )
    ReportMade.objects.create(incident=incident, duty="ibd", made=detected + timedelta(hours=3))
    incident.phase = PhaseChoice.CLOSED
    incident.lessons = lessons
    incident.closed = detected + timedelta(days=10)
    incident.save(update_fields=["phase", "lessons", "closed"])
    store.log(
        incident,
        user,
        "Gesloten met lessen en 2 verbeteractie(s)",
        before={"phase": "aftercare"},
        after={"phase": "closed", "lessons": lessons, "actions": actions},
    )
