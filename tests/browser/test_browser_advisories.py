"""A CISO imports the example advisories, opens the most pressing one and plans the follow-up.

Also axe-core on the advisory pages, filled with the demo's advisories.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from weerbaar.web.advisories import demo as advisories_demo
from weerbaar.web.advisories.models import AdvisoryRecord

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "advisories"


def test_it_walks_a_ciso_from_upload_to_an_improvement_action(
    page: Page, demo: Any, signed_in: Any, problems: Any
) -> None:
    signed_in(page, demo.ciso)
    page.goto(demo.url("advisories:list"))
    files = sorted(str(p) for p in EXAMPLES.glob("*.json"))
    page.get_by_label("CSAF-bestanden").set_input_files(files)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("6 adviezen geïmporteerd, 0 bijgewerkt.")).to_be_visible()
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("NCSC-2026-0412")
    expect(first).to_contain_text("Uitkeringen Participatiewet")
    first.get_by_role("link", name="NCSC-2026-0412").click()
    expect(page.get_by_text("Internetaansluiting en firewall gemeentehuis")).to_be_visible()
    page.get_by_role("button", name="Verbeteractie openen").click()
    expect(page.get_by_text("Verbeteractie voor NCSC-2026-0412 opgenomen")).to_be_visible()
    assert not problems.errors and not problems.csp


@pytest.mark.parametrize("key", ["list", "detail", "investigated"])
def test_advisory_pages_have_no_serious_accessibility_violations(
    key: str, page: Page, demo: Any, signed_in: Any, axe: Any, problems: Any
) -> None:
    advisories_demo.load(demo.record.organisation, EXAMPLES, demo.ciso)
    record = AdvisoryRecord.objects.get(tracking_id="NCSC-2026-0431")
    investigated = AdvisoryRecord.objects.get(tracking_id="NCSC-2026-0437")
    paths = {
        "list": demo.url("advisories:list"),
        "detail": demo.url("advisories:detail", advisory_id=record.pk),
        "investigated": demo.url("advisories:detail", advisory_id=investigated.pk),
    }
    signed_in(page, demo.ciso)
    response = page.goto(paths[key])
    assert response is not None and response.status == 200
    serious = [str(v) for v in axe(page) if v.blocking]
    assert not serious, f"axe-core on {key}:\n" + "\n".join(serious)
    assert not problems.csp and not problems.errors
