"""The exchange page in a browser: no serious axe violation, an import through the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from weerbaar.web.sharing.models import Community, CommunityKind, CommunityMembership, SharedItem

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ibd-phishing.misp.json"


def test_it_imports_a_misp_event_through_an_accessible_page(
    page: Page, demo: Any, signed_in: Any, axe: Any, live_server: Any
) -> None:
    region = Community.objects.create(
        name="Veiligheidsregio Voorbeeld", slug="vr-voorbeeld", kind=CommunityKind.VEILIGHEIDSREGIO
    )
    CommunityMembership.objects.create(community=region, organisation=demo.record.organisation)
    signed_in(page, demo.ciso)
    page.goto(f"{live_server.url}/uitwisselen/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    blocking = [v for v in axe(page) if v.blocking]
    assert not blocking, "\n".join(str(v) for v in blocking)

    page.get_by_label("Bestand (STIX 2.1-bundel of MISP-JSON)").set_input_files(str(EXAMPLE))
    page.locator("#id_i-gemeente-voorbeeld-community").select_option(label=region.name)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("1 items toegevoegd")).to_be_visible()
    assert SharedItem.objects.filter(title__startswith="Phishingcampagne").count() == 1
    blocking = [v for v in axe(page) if v.blocking]
    assert not blocking, "\n".join(str(v) for v in blocking)
