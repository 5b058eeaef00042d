"""Regional insight and visible_items: the demo region and a generated region of 280 members.

``python bench/sharing.py [--members 280] [--cascade 25] [--items 20] [--database URL]``

1. **Core**: the dependency facts of every municipality of the generator's
   national map (``generate_map(280, seed)``,
   :func:`weerbaar.sharing.regional.facts_by_municipality`) and their supplier
   concentration at k = 3. Budget (issue 14): the concentration view over the
   280-municipality map within 2 s.
2. **Demo region**: ``loaddemo`` in a fresh database, then, for Voorbeeld's
   CISO, the page *Regionaal inzicht* of Veiligheidsregio Oost first (the
   figures computed and published as a snapshot) and again (the snapshot
   served), and ``visible_items``: its count and the first page of *Gedeeld
   met mij*.
3. **Large region**: ``--members`` generated municipalities (one map each,
   stored as a member keeps it: ``generate_map(1, seed)``), all sharing
   supplier facts with one community at mixed labels, ``--cascade`` of them
   their nodes as well, and each sharing ``--items`` items at every label;
   then the same page (first time: every member's facts computed from its
   stored map; again: the snapshot served; after k members changed: a new
   snapshot from the facts cached per map version) and ``visible_items`` for
   one member's CISO.

Times are wall-clock on whatever else the machine runs; the load average is
printed with them.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def core_case(members: int) -> dict[str, Any]:
    from weerbaar.scale.generate import generate_map
    from weerbaar.sharing.regional import concentration, facts_by_municipality
    from weerbaar.sharing.tlp import TLP

    m = generate_map(members, 1)
    start = time.perf_counter()
    facts = facts_by_municipality(m)
    labels = {k: (TLP.GREEN if n % 2 else TLP.AMBER) for n, k in enumerate(sorted(facts))}
    found = concentration(facts, labels, 3)
    return {
        "nodes": len(m.nodes),
        "members": len(facts),
        "suppliers": len(found.suppliers),
        "concentration_s": time.perf_counter() - start,
    }


def _django(database: str) -> None:
    tmp = tempfile.mkdtemp(prefix="weerbaar-sharing-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weerbaar.web.settings")
    os.environ["WEERBAAR_DATA_DIR"] = tmp
    os.environ["WEERBAAR_HTTPS"] = "false"
    if database:
        os.environ["DATABASE_URL"] = database
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    # As the web tests: static URLs without collectstatic's manifest.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()

    call_command("migrate", verbosity=0, interactive=False)


def _timed_page(user: Any, url: str) -> tuple[float, float]:
    """The page's time the first time and again, for ``user`` (status 200 asserted)."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return times[0], times[1]


def _visible(user: Any) -> tuple[int, float]:
    from weerbaar.web.sharing.visibility import visible_items

    start = time.perf_counter()
    items = visible_items(user)
    count = items.count()
    list(items.order_by("-modified", "-pk")[:50])
    return count, time.perf_counter() - start


def demo_case() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse

    call_command(
        "loaddemo", "--map", str(ROOT / "examples" / "gemeente-voorbeeld.yaml"),
        stdout=io.StringIO(),
    )  # fmt: skip
    ciso = get_user_model().objects.get(username="ciso")
    first, again = _timed_page(ciso, reverse("sharing:insight", kwargs={"slug": "vr-oost"}))
    count, visible_s = _visible(ciso)
    return {"first_s": first, "again_s": again, "visible": count, "visible_s": visible_s}


def _region(members: int, cascade: int, items: int) -> Any:
    """The large community: members with stored generated maps and shared items."""
    from django.contrib.auth import get_user_model

    from weerbaar.model import to_data
    from weerbaar.sharing.tlp import TLP
    from weerbaar.web.accounts.models import Membership, Organisation, Role
    from weerbaar.web.analyses.sharing import neighbour_map
    from weerbaar.web.maps import service
    from weerbaar.web.sharing.models import (
        Community,
        CommunityKind,
        CommunityMembership,
        ItemKind,
        SharedItem,
    )

    region = Community.objects.create(
        name="Alle gemeenten (bench)", slug="bench-land", kind=CommunityKind.IBD, k=3
    )
    orgs = []
    labels = [TLP.GREEN, TLP.AMBER, TLP.CLEAR]
    for n in range(members):
        org = Organisation.objects.create(name=f"Gemeente B{n:03d}", slug=f"bench-{n:03d}")
        record = service.create_map(org, to_data(neighbour_map(org.name, 100 + n)), None, "bench")
        CommunityMembership.objects.create(
            community=region,
            organisation=org,
            detail="nodes" if n < cascade else "suppliers",
            riskmap=record,
            map_tlp=labels[n % 3].value,
        )
        orgs.append(org)
    viewer = get_user_model().objects.create_user(username="bench-ciso", password="x" * 16)
    Membership.objects.create(user=viewer, organisation=orgs[0], role=Role.CISO)
    rows = []
    for n, org in enumerate(orgs):
        for i in range(items):
            tlp = [TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED][i % 5]
            value = f"198.51.100.{(n + i) % 200}"
            rows.append(
                SharedItem(
                    owner=org,
                    kind=ItemKind.INDICATOR,
                    title=f"Indicator {n}-{i}",
                    tlp=tlp.value,
                    community=region if tlp in (TLP.CLEAR, TLP.GREEN, TLP.AMBER) else None,
                    payload={
                        "value": value,
                        "observables": [{"kind": "ipv4-addr", "value": value}],
                    },
                )
            )
    SharedItem.objects.bulk_create(rows, batch_size=2000)
    # AMBER items name the viewer's organisation now and then, RED items nobody here.
    amber = SharedItem.objects.filter(tlp=TLP.AMBER.value).order_by("pk")
    for item in amber[: len(rows) // 20]:
        item.recipient_organisations.add(orgs[0] if item.owner_id != orgs[0].pk else orgs[1])
    return region, viewer


def large_case(members: int, cascade: int, items: int) -> dict[str, Any]:
    from django.urls import reverse

    start = time.perf_counter()
    region, viewer = _region(members, cascade, items)
    fill = time.perf_counter() - start
    url = reverse("sharing:insight", kwargs={"slug": region.slug})
    first, again = _timed_page(viewer, url)
    # k members change their label: a new snapshot, from facts cached per map version.
    for membership in region.memberships.order_by("pk")[: region.k]:
        membership.map_tlp = "green" if membership.map_tlp != "green" else "amber"
        membership.save()
    refreshed, _again = _timed_page(viewer, url)
    count, visible_s = _visible(viewer)
    return {
        "fill_s": fill,
        "first_s": first,
        "again_s": again,
        "refreshed_s": refreshed,
        "visible": count,
        "visible_s": visible_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=280)
    parser.add_argument("--cascade", type=int, default=25)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--database", default=os.environ.get("WEERBAAR_BENCH_PG", ""))
    args = parser.parse_args()
    core = core_case(args.members)
    print(
        f"Core: {core['members']} municipalities ({core['nodes']:,} nodes), "
        f"{core['suppliers']} suppliers at k=3: facts and concentration "
        f"{core['concentration_s']:.2f} s (budget 2 s)"
    )
    _django(args.database)
    demo = demo_case()
    print(
        f"Demo region (Veiligheidsregio Oost): insight page {demo['first_s']:.2f} s first, "
        f"{demo['again_s']:.3f} s again; visible_items for the CISO: {demo['visible']} items, "
        f"count and first page {demo['visible_s'] * 1000:.0f} ms"
    )
    large = large_case(args.members, args.cascade, args.items)
    print(
        f"Large region ({args.members} members, {args.cascade} sharing nodes, "
        f"{args.members * args.items:,} items): insight page {large['first_s']:.2f} s first, "
        f"{large['again_s']:.3f} s again, {large['refreshed_s']:.2f} s for a new snapshot "
        f"after k changes; visible_items for one member's CISO: "
        f"{large['visible']:,} items, count and first page {large['visible_s'] * 1000:.0f} ms "
        f"(filling took {large['fill_s']:.0f} s)"
    )
    print(f"Load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
