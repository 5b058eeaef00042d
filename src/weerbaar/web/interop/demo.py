"""The demo's exchange: an IBD warning imported from a MISP event file.

``examples/ibd-phishing.misp.json`` is a MISP event as the IBD could send it
(TLP:GREEN, a phishing campaign's domain, URL, address and file hash). The
demo imports it for the IBD into Veiligheidsregio Oost (``weerbaar.web.sharing.demo``),
the way a person would on the exchange page, so the region's TAXII collection,
the downloads, the members' shared items and the region's shared indicators
show an imported indicator next to what the members shared themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from weerbaar.interop.mispfeed import read_misp_json
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.interop.imports import store
from weerbaar.web.interop.items import party_of
from weerbaar.web.sharing.models import Community, CommunityKind

EVENT = "ibd-phishing.misp.json"


def load(organisation: Organisation, user: Any, examples: Path) -> str:
    """Import the IBD's example event for ``organisation`` into its region (or first community)."""
    theirs = Community.objects.filter(memberships__organisation=organisation).order_by("pk")
    # The region first: that is where the IBD's warning is for.
    community = theirs.filter(kind=CommunityKind.VEILIGHEIDSREGIO).first() or theirs.first()
    if community is None:
        return f"{organisation.name} is in no community: the IBD event is not imported.\n"
    path = examples / EVENT
    items = read_misp_json(path.read_bytes(), EVENT, default_owner=party_of(organisation))
    done = store(
        items, organisation=organisation, user=user, community=community, source=EVENT, fmt="misp"
    )
    return (
        f"MISP event {EVENT} imported into {community.name}: "
        f"{done.created} added, {done.updated} updated.\n"
    )
