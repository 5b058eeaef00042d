"""A small set of shared items of every kind, for the interop tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from weerbaar.interop.records import Dependency, Item, Kind, Observable, ObservableKind, Party
from weerbaar.sharing.tlp import TLP

T0 = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
T1 = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
DORP = Party(uuid.UUID("0d1b5c1e-6a55-4f39-8f6e-000000000001"), "Gemeente Testdorp")
STAD = Party(uuid.UUID("0d1b5c1e-6a55-4f39-8f6e-000000000002"), "Gemeente Proefstad")


def uid(n: int) -> uuid.UUID:
    return uuid.UUID(int=0x5E5E0000_0000_4000_8000_000000000000 + n)


def items() -> list[Item]:
    incident = Item(
        uid(1),
        Kind.INCIDENT,
        "Ransomware bij de burgerzaken-leverancier",
        TLP.AMBER,
        DORP,
        T0,
        T1,
        body="Balie twee dagen dicht.",
    )
    return [
        incident,
        Item(
            uid(2),
            Kind.INDICATOR,
            "C2-adressen van de aanval",
            TLP.GREEN,
            DORP,
            T0,
            T1,
            community="Veiligheidsregio Testland",
            observables=(
                Observable(ObservableKind.IPV4, "192.0.2.7"),
                Observable(ObservableKind.DOMAIN, "update-check.example"),
                Observable(ObservableKind.URL, "https://update-check.example/it's"),
                Observable(ObservableKind.SHA256, "ab" * 32),
            ),
            refs=(incident.uuid,),
        ),
        Item(
            uid(3),
            Kind.LESSON,
            "Offline back-up van het zaaksysteem",
            TLP.CLEAR,
            DORP,
            T0,
            T1,
            body="Test de terugzetting elk kwartaal.",
            refs=(incident.uuid,),
        ),
        Item(
            uid(4),
            Kind.ADVISORY_IMPACT,
            "Impact van het NCSC-advies op ons zaaksysteem",
            TLP.AMBER_STRICT,
            DORP,
            T0,
            T1,
            body="Twee servers kwetsbaar.",
            cves=("CVE-2026-12345",),
        ),
        Item(
            uid(5),
            Kind.EXERCISE_REPORT,
            "Oefening telecomstoring",
            TLP.GREEN,
            STAD,
            T0,
            T1,
            community="Veiligheidsregio Testland",
            body="De crisisorganisatie kwam op tijd bijeen.",
        ),
        Item(
            uid(6),
            Kind.DEPENDENCY_FACT,
            "Wij hangen af van Centric",
            TLP.GREEN,
            STAD,
            T0,
            T1,
            community="Veiligheidsregio Testland",
            dependency=Dependency(
                "Centric", "software", ("Uitkeringen verstrekken", "Burgerzaken")
            ),
        ),
        Item(
            uid(7),
            Kind.INCIDENT,
            "Datalek bij de parkeerapp",
            TLP.RED,
            STAD,
            T0,
            T1,
        ),
    ]
