"""STIX export of 10,000 objects, and TAXII paging through 100,000 with flat memory.

``python bench/interop.py [--objects 10000] [--taxii 100000] [--database URL]``

1. **STIX export**: shared items of every kind (a region's mix) whose bundle
   holds ``--objects`` STIX objects, built with ``stix2`` and serialized
   (:func:`weerbaar.interop.stix.bundle`), then validated with
   ``stix2-validator``. Budget: the export within 5 s.
2. **TAXII paging**: a community collection of ``--taxii`` objects in a
   fresh database (SQLite in a temporary folder, or ``--database``), read
   page by page (``limit=1000``) through the TAXII objects endpoint as a
   client does, following ``next``, with ``tracemalloc`` tracing every
   allocation. Memory must not grow with the collection: the figures are the
   peak while reading the first tenth of the pages and the peak while
   reading the rest.

The stored STIX objects of the TAXII collection are written straight into
the table (a copy of one built note per item, with its own id): building
100,000 objects with ``stix2`` is the export's work, measured in part 1,
and would make the paging bench take minutes. The rows are current, so the
server's sync finds nothing to build, exactly as in steady use.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from weerbaar.interop.records import Dependency, Item, Kind, Observable, ObservableKind, Party
from weerbaar.sharing.tlp import TLP

#: The mix of a region's shared items, and how many STIX objects each kind makes.
MIX = [
    (Kind.INCIDENT, 2, 1),
    (Kind.INDICATOR, 2, 1),
    (Kind.LESSON, 2, 1),
    (Kind.DEPENDENCY_FACT, 2, 2),
    (Kind.ADVISORY_IMPACT, 1, 1),
    (Kind.EXERCISE_REPORT, 1, 1),
]


def region_items(objects: int) -> list[Item]:
    """Items of the mix whose bundle holds about ``objects`` objects (identities included)."""
    owners = [
        Party(uuid.uuid5(uuid.NAMESPACE_DNS, f"gemeente-{n}.nl"), f"Gemeente {n}")
        for n in range(25)
    ]
    when = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    items: list[Item] = []
    # TLP marking definitions, the owners' identities, Weerbaar's and its extension.
    count = 3 + len(owners) + 2
    n = 0
    while count < objects:
        for kind, weight, made in MIX:
            for _ in range(weight):
                if count >= objects:
                    break
                n += 1
                items.append(
                    Item(
                        uuid.uuid5(uuid.NAMESPACE_URL, f"item/{n}"),
                        kind,
                        f"{kind.value} {n}",
                        [TLP.CLEAR, TLP.GREEN, TLP.AMBER][n % 3],
                        owners[n % len(owners)],
                        when,
                        when + timedelta(minutes=n),
                        body="Beschrijving van wat er gebeurde en wat we ervan leerden.",
                        community="Veiligheidsregio Voorbeeld",
                        observables=(
                            Observable(ObservableKind.IPV4, f"198.51.{n // 250 % 250}.{n % 250}"),
                            Observable(ObservableKind.DOMAIN, f"c2-{n}.example"),
                        )
                        if kind is Kind.INDICATOR
                        else (),
                        dependency=Dependency("Centric", "software", ("Uitkeringen verstrekken",))
                        if kind is Kind.DEPENDENCY_FACT
                        else None,
                        cves=("CVE-2026-12345",) if kind is Kind.ADVISORY_IMPACT else (),
                    )
                )
                count += made
    return items


def stix_case(objects: int) -> dict[str, Any]:
    from stix2validator import ValidationOptions, validate_string

    from weerbaar.interop.stix import bundle

    items = region_items(objects)
    bundle(items[:6]).serialize()  # loads the pattern grammar: start-up, not export
    start = time.perf_counter()
    made = bundle(items)
    text = made.serialize()
    export = time.perf_counter() - start
    start = time.perf_counter()
    result = validate_string(text, ValidationOptions(version="2.1"))
    validate = time.perf_counter() - start
    return {
        "items": len(items),
        "objects": len(made.objects),
        "bytes": len(text.encode()),
        "export_s": export,
        "valid": result.is_valid,
        "validate_s": validate,
    }


def _django(database: str) -> None:
    tmp = tempfile.mkdtemp(prefix="weerbaar-taxii-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weerbaar.web.settings")
    os.environ["WEERBAAR_DATA_DIR"] = tmp
    os.environ["WEERBAAR_HTTPS"] = "false"
    if database:
        os.environ["DATABASE_URL"] = database
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _fill(total: int) -> tuple[Any, str]:
    """A community of two municipalities, ``total`` GREEN lessons of one, stored objects."""
    import json

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from weerbaar.interop.stix import objects_of
    from weerbaar.web.accounts.models import Membership, Organisation, Role
    from weerbaar.web.interop.items import item_of
    from weerbaar.web.interop.models import StixObject
    from weerbaar.web.interop.objects import sync
    from weerbaar.web.interop.taxii.collections import collection_id
    from weerbaar.web.sharing.models import Community, CommunityMembership, ItemKind, SharedItem

    a = Organisation.objects.create(name="Gemeente A", slug="bench-a")
    c = Organisation.objects.create(name="Gemeente C", slug="bench-c")
    regio = Community.objects.create(
        name="Veiligheidsregio Bench", slug="vr-bench", kind="veiligheidsregio"
    )
    for org in (a, c):
        CommunityMembership.objects.create(community=regio, organisation=org)
    reader = get_user_model().objects.create_user(username="bench-c", password="x" * 16)
    Membership.objects.create(user=reader, organisation=c, role=Role.CISO)
    token = Token.objects.create(user=reader).key
    batch = 5000
    for start in range(0, total, batch):
        SharedItem.objects.bulk_create(
            SharedItem(owner=a, kind=ItemKind.LESSON, title=f"Les {n}", body="Oefen vaker.",
                       tlp=TLP.GREEN.value, community=regio)
            for n in range(start, min(total, start + batch))
        )  # fmt: skip
    first = SharedItem.objects.select_related("owner", "community").order_by("pk").first()
    assert first is not None
    template = json.loads(objects_of(item_of(first), {})[0].serialize())
    now = timezone.now()
    rows = SharedItem.objects.order_by("pk").values_list("pk", "stix_id", "modified")
    chunk: list[StixObject] = []
    for n, (pk, stix_id, modified) in enumerate(rows.iterator(chunk_size=batch)):
        oid = f"note--{stix_id}"
        chunk.append(
            StixObject(item_id=pk, stix_id=oid, stix_type="note", version=modified,
                       added=now + timedelta(microseconds=n), data={**template, "id": oid})
        )  # fmt: skip
        if len(chunk) == batch:
            StixObject.objects.bulk_create(chunk)
            chunk = []
    StixObject.objects.bulk_create(chunk)
    sync(SharedItem.objects.all())  # identities and markings; nothing else is stale
    return collection_id("vr-bench"), token


def taxii_case(total: int, database: str = "", limit: int = 1000) -> dict[str, Any]:
    _django(database)
    from django.test import Client

    start = time.perf_counter()
    coll, token = _fill(total)
    fill_s = time.perf_counter() - start
    client = Client(
        HTTP_HOST="localhost",
        HTTP_AUTHORIZATION=f"Token {token}",
        HTTP_ACCEPT="application/taxii+json;version=2.1",
    )
    url = f"/taxii2/api/collections/{coll}/objects/"
    # One request first: the first one imports the libraries (stix2 compiles
    # grammars), which is start-up, not paging.
    assert client.get(url, {"limit": 1}).status_code == 200
    params: dict[str, Any] = {"limit": limit}
    pages, objects, times, peaks = 0, 0, [], []
    tracemalloc.start()
    while True:
        tracemalloc.reset_peak()
        t = time.perf_counter()
        response = client.get(url, params)
        times.append(time.perf_counter() - t)
        assert response.status_code == 200, response.content[:300]
        envelope = response.json()
        objects += len(envelope.get("objects", []))
        pages += 1
        peaks.append(tracemalloc.get_traced_memory()[1])
        del response
        if not envelope.get("more"):
            break
        params = {"limit": limit, "next": envelope["next"]}
    tracemalloc.stop()
    tenth = max(1, pages // 10)
    return {
        "database": "PostgreSQL" if database.startswith("postgres") else "SQLite",
        "collection": objects,
        "pages": pages,
        "fill_s": fill_s,
        "read_s": sum(times),
        "page_p50_ms": sorted(times)[len(times) // 2] * 1000,
        "page_max_ms": max(times) * 1000,
        "peak_first_mib": max(peaks[:tenth]) / 2**20,
        "peak_rest_mib": max(peaks[tenth:] or peaks) / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--taxii", type=int, default=100_000)
    parser.add_argument("--database", default=os.environ.get("WEERBAAR_BENCH_PG", ""))
    args = parser.parse_args()
    stix = stix_case(args.objects)
    print(
        f"STIX export: {stix['items']:,} items, {stix['objects']:,} objects, "
        f"{stix['bytes'] / 2**20:.1f} MiB in {stix['export_s']:.2f} s; "
        f"stix2-validator: valid={stix['valid']} in {stix['validate_s']:.1f} s"
    )
    taxii = taxii_case(args.taxii, args.database)
    print(
        f"TAXII ({taxii['database']}): {taxii['collection']:,} objects in {taxii['pages']} pages, "
        f"{taxii['read_s']:.1f} s (page p50 {taxii['page_p50_ms']:.0f} ms, "
        f"max {taxii['page_max_ms']:.0f} ms); traced peak first tenth "
        f"{taxii['peak_first_mib']:.1f} MiB, rest {taxii['peak_rest_mib']:.1f} MiB; "
        f"filling the database took {taxii['fill_s']:.0f} s"
    )
    sys.exit(0 if stix["valid"] else 1)


if __name__ == "__main__":
    main()
