"""The accountability part of the demo: an assessed example catalogue, evidence, a plan.

The demo ships no official text. It always loads the invented example
catalogue (``examples/voorbeeldcatalogus.md``, numbers x.90 and up) and
assesses it for two reporting years, so the trend, the statement of
applicability, the evidence and the improvement plan have something to show.
When the user points ``loaddemo --catalogue`` (or ``WEERBAAR_DEMO_CATALOGUE``)
at a downloaded copy of the BIO2, that is imported as well, unassessed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile

from weerbaar.accountability.catalogue import Catalogue
from weerbaar.accountability.formats import read_catalogue
from weerbaar.web.accountability import store
from weerbaar.web.accountability.models import (
    ActionRecord,
    AssessmentChange,
    AssessmentRecord,
    CatalogueRecord,
    Evidence,
)
from weerbaar.web.analyses import budget as budgets
from weerbaar.web.maps import service
from weerbaar.web.maps.models import RiskMapRecord

EXAMPLE = "voorbeeldcatalogus.md"

#: (control, applicable, level, owner, nodes, measures, reason) for the year before.
LAST_YEAR: list[tuple[str, bool, int | None, str, list[str], list[str], str]] = [
    ("5.90.01", True, 1, "CISO", [], [], ""),
    ("5.90.02", True, 1, "Gemeentesecretaris", [], [], ""),
    ("5.91.01", True, 1, "I-adviseur", ["zaaksysteem", "suite-sociaal-domein"], [], ""),
    ("5.92.01", True, 0, "Contractmanager", ["suite-sociaal-domein", "hosting-sociaal-domein"],
     ["exit-continuiteit-sociaal-domein"], ""),
    ("7.91.01", True, 1, "Facilitair", ["stroom-gemeentehuis"], ["noodstroom-gemeentehuis"], ""),
    ("8.90.01", True, 1, "Team ICT", ["zaaksysteem", "brp-applicatie"], ["offline-back-ups"], ""),
    ("8.91.01", True, 0, "Team ICT", ["internet-kabelnet", "datalijn-gemeentehuis-dc"],
     ["tweede-internetprovider"], ""),
]  # fmt: skip

#: The current year: progress on most, a few still open, one not applicable.
THIS_YEAR: list[tuple[str, bool, int | None, str, list[str], list[str], str]] = [
    ("5.90.01", True, 2, "CISO", [], [], ""),
    ("5.90.02", True, 2, "Gemeentesecretaris", [], [], ""),
    ("5.91.01", True, 2, "I-adviseur", ["zaaksysteem", "suite-sociaal-domein"], [], ""),
    ("5.92.01", True, 1, "Contractmanager", ["suite-sociaal-domein", "hosting-sociaal-domein"],
     ["exit-continuiteit-sociaal-domein"], ""),
    ("5.93.01", True, 2, "CISO", [], [], ""),
    ("5.94.01", True, 2, "CISO", [], [], ""),
    ("5.95.01", True, 1, "Adviseur OOV", ["uitkeringen", "burgerzaken-brp"], [], ""),
    ("6.90.01", True, 2, "HR", [], [], ""),
    ("6.91.01", True, 1, "Adviseur OOV", [], [], ""),
    ("7.90.01", False, None, "", [], [],
     "De gemeente heeft geen eigen serverruimte: de systemen staan bij de hostingpartij."),
    ("7.91.01", True, 2, "Facilitair", ["stroom-gemeentehuis"], ["noodstroom-gemeentehuis"], ""),
    ("8.90.01", True, 1, "Team ICT", ["zaaksysteem", "brp-applicatie"], ["offline-back-ups"], ""),
    ("8.91.01", True, 0, "Team ICT", ["internet-kabelnet", "datalijn-gemeentehuis-dc"],
     ["tweede-internetprovider"], ""),
    ("8.92.01", True, 1, "Team ICT", ["website-gemeente", "e-formulieren"],
     ["ddos-bescherming"], ""),
    ("8.93.01", True, 2, "Team ICT", ["active-directory"], [], ""),
]  # fmt: skip

POLICY = """Informatiebeveiligingsbeleid Gemeente Voorbeeld (demo)

Vastgesteld door het college. Dit is een verzonnen bewijsstuk voor de demo van
Weerbaar: het laat zien hoe een bewijsstuk bij een beoordeling wordt bewaard.
"""


def load(record: RiskMapRecord, author: Any, extra: Catalogue | None, today: date) -> str:
    """Load the demo's accountability data for ``record``; a line saying what was loaded."""
    org = record.organisation
    if CatalogueRecord.objects.filter(organisation=org).exists():
        return "Accountability demo already loaded."
    example = Path(__file__).resolve().parents[4] / "examples" / EXAMPLE
    if not example.exists():  # an installed package has no examples/
        return f"Accountability demo skipped: {example} not found."
    cat = read_catalogue(example.read_bytes(), EXAMPLE)
    catalogue, _diff, _n = store.save_catalogue(org, cat, author, "niet-deels-volledig")
    year = today.year
    for y, rows in ((year - 1, LAST_YEAR), (year, THIS_YEAR)):
        for control, applicable, level, owner, nodes, measures, reason in rows:
            a = AssessmentRecord.objects.create(
                riskmap=record, catalogue=catalogue, year=y, control_id=control,
                applicable=applicable, level=level, owner=owner, nodes=nodes,
                measures=measures, reason=reason, last_review=date(y, 3, 1),
                next_review=date(y + 1, 3, 1),
            )  # fmt: skip
            AssessmentChange.objects.create(
                assessment=a, author=author, summary="Beoordeeld (demo)", after=a.snapshot()
            )
    policy = AssessmentRecord.objects.get(riskmap=record, year=year, control_id="5.90.01")
    Evidence.objects.create(
        assessment=policy,
        file=ContentFile(POLICY.encode(), name="demo-beleid.txt"),
        name="informatiebeveiligingsbeleid.txt",
        size=len(POLICY.encode()),
        content_type="text/plain; charset=utf-8",
        uploaded_by=author,
    )
    policy.links = ["https://www.example.org/gemeente-voorbeeld/beleid"]
    policy.save()
    for title, source, ref, owner, due, status, cost, spent, measures in (
        ("Tweede internetverbinding gemeentehuis aanleggen", "control", "8.91.01", "Team ICT",
         date(year, 9, 1), "in_progress", 14000, 6000, ["tweede-internetprovider"]),
        ("Offline back-ups invoeren en terugzetten testen", "control", "8.90.01", "Team ICT",
         date(year, 11, 1), "open", 22000, 0, ["offline-back-ups"]),
        ("Draaiboek uitval sociaal domein bijwerken na oefening", "exercise",
         "Oefening ransomware leverancier", "Adviseur OOV", date(year, 6, 1), "done", 0, 2500, []),
        ("Meldprocedure datalekken aanscherpen", "incident", "Datalek e-mail (geanonimiseerd)",
         "CISO", date(year, 5, 1), "done", 0, 0, []),
    ):  # fmt: skip
        ActionRecord.objects.create(
            riskmap=record, title=title, source=source, source_ref=ref, owner=owner, due=due,
            status=status, cost=cost, spent=spent, measures=measures,
        )  # fmt: skip
    # The frontier is the worker's job; the demo computes it now, so the
    # budget page, the council report and the briefings show it at once.
    version, m = service.current(record)
    budgets.compute_now(record, version, m)
    lines = [f"Accountability: example catalogue assessed for {year - 1} and {year}."]
    if extra is not None:
        store.save_catalogue(org, extra, author, "niet-deels-volledig")
        lines.append(f"Imported {extra.name} {extra.version} from {extra.source}, unassessed.")
    return " ".join(lines)
