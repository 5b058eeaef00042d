"""The demo's exchange: the IBD's example MISP event, imported into the region."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from weerbaar.web.interop import demo
from weerbaar.web.sharing.models import Community, CommunityKind, CommunityMembership, SharedItem

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_it_imports_the_ibd_event_once_into_the_region(world: dict[str, Any]) -> None:
    org = world["org_a"]
    assert "in no community" in demo.load(org, None, EXAMPLES)
    region = Community.objects.create(
        name="Regio", slug="regio", kind=CommunityKind.VEILIGHEIDSREGIO
    )
    CommunityMembership.objects.create(community=region, organisation=org)
    assert "1 added, 0 updated" in demo.load(org, None, EXAMPLES)
    assert "0 added, 1 updated" in demo.load(org, None, EXAMPLES)
    (item,) = SharedItem.objects.filter(owner=org)
    assert (item.kind, item.tlp, item.community) == ("indicator", "green", region)
    assert item.payload["source"]["organisation"] == "IBD (voorbeeld)"
    assert {o["kind"] for o in item.payload["observables"]} == {
        "domain-name",
        "url",
        "ipv4-addr",
        "sha256",
    }
