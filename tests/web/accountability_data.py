"""Accountability test data: a catalogue, an assessment with evidence, an action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile

from weerbaar.accountability.bio2 import parse_bio2
from weerbaar.web.accountability import store
from weerbaar.web.accountability.models import ActionRecord, AssessmentRecord, Evidence

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "voorbeeldcatalogus.md"
PDF = b"%PDF-1.4\n% een klein bewijsstuk\n"


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def budget_done(world: dict[str, Any], key: str = "map_a") -> None:
    """Run the budget job of the map's current version, as the worker would."""
    from django.core.management import call_command

    from weerbaar.web.analyses import budget as budgets
    from weerbaar.web.maps import service

    record = world[key]
    version, m = service.current(record)
    budgets.frontier(record, version, m, 0.0)  # queues the job
    call_command("worker", "--once")


def assessed(world: dict[str, Any], key: str = "map_a", org: str = "org_a") -> dict[str, Any]:
    """Catalogue, assessment of 8.91.01 in 2026 with a PDF, and an action, on a map."""
    cat = parse_bio2(example_text(), "voorbeeldcatalogus.md")
    record, _diff, _n = store.save_catalogue(world[org], cat, None, "niet-deels-volledig")
    a = AssessmentRecord.objects.create(
        riskmap=world[key],
        catalogue=record,
        year=2026,
        control_id="8.91.01",
        applicable=True,
        level=1,
        owner="I-adviseur",
        nodes=["internet-a"],
        measures=["tweede-internet"],
    )
    e = Evidence.objects.create(
        assessment=a,
        file=ContentFile(PDF, name="x.pdf"),
        name="contract.pdf",
        size=len(PDF),
        content_type="application/pdf",
    )
    action = ActionRecord.objects.create(
        riskmap=world[key],
        title="Tweede lijn aanleggen",
        source="control",
        source_ref="8.91.01",
        cost=12000,
        measures=["tweede-internet"],
    )
    return {"catalogue": record, "assessment": a, "evidence": e, "action": action}
