"""Matching CSAF advisories to a generated map with a product on every system.

``python bench/advisories.py [MUNICIPALITIES [ADVISORIES]]`` prints the
figures; ``bench/run.py`` runs :func:`advisories_case` per size in a fresh
process and adds :func:`render`'s section to docs/performance.md.

Every system of the generated map gets one product out of a catalogue of
400 (vendor, product) pairs, named the three ways a map may name it (a CPE,
a package URL, or vendor/product/version) and a version out of eight. Each
generated advisory names three products of the catalogue: an affected
version range (``vers:``), a fixed version and, for every third advisory,
a not-affected version, with a CVSS 3.1 vector, as NCSC documents do. Timed:
reading the documents from JSON (validation and CVSS included), building
the product index, and matching and ranking them all (with the vital
processes hanging on the affected nodes).
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import replace
from typing import Any

SEED = 2026
CATALOGUE = 400
VERSIONS = ("1.0", "1.2", "2.0", "2.1.3", "3.0", "3.4.1", "4.0", "4.2")
VECTORS = (
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N",
)


def with_products(m: Any) -> Any:
    """The map with one product on every system."""
    from weerbaar.model import NodeKind, Product

    rng = random.Random(SEED)
    nodes = []
    for n in m.nodes:
        if n.kind is NodeKind.SYSTEM:
            k, version = rng.randrange(CATALOGUE), rng.choice(VERSIONS)
            vendor, product = f"vendor{k % 97}", f"product_{k}"
            way = k % 3
            if way == 0:
                p = Product(cpe=f"cpe:2.3:a:{vendor}:{product}:{version}:*:*:*:*:*:*:*")
            elif way == 1:
                p = Product(purl=f"pkg:generic/{vendor}/{product}@{version}")
            else:
                p = Product(vendor=vendor.title(), product=product, version=version)
            n = replace(n, products=(p,))
        nodes.append(n)
    return replace(m, nodes=tuple(nodes))


def documents(count: int) -> list[bytes]:
    """``count`` CSAF documents as JSON bytes."""
    rng = random.Random(SEED + count)
    out = []
    for i in range(count):
        branches, affected, fixed, not_affected = [], [], [], []
        for j in range(3):
            k = rng.randrange(CATALOGUE)
            low, high = sorted(rng.sample(range(len(VERSIONS)), 2))
            pid = f"P{j}"
            versions = [
                {
                    "category": "product_version_range",
                    "name": f"vers:generic/>={VERSIONS[low]}|<{VERSIONS[high]}",
                    "product": {"name": f"product {k} affected", "product_id": pid + "a"},
                },
                {
                    "category": "product_version",
                    "name": VERSIONS[high],
                    "product": {"name": f"product {k} fixed", "product_id": pid + "f"},
                },
            ]
            affected.append(pid + "a")
            fixed.append(pid + "f")
            if i % 3 == 0 and low > 0:
                versions.append(
                    {
                        "category": "product_version",
                        "name": VERSIONS[0],
                        "product": {"name": f"product {k} old", "product_id": pid + "n"},
                    }
                )
                not_affected.append(pid + "n")
            branches.append(
                {
                    "category": "vendor",
                    "name": f"Vendor{k % 97}",
                    "branches": [
                        {"category": "product_name", "name": f"Product {k}", "branches": versions}
                    ],
                }
            )
        doc = {
            "document": {
                "category": "csaf_security_advisory",
                "csaf_version": "2.0",
                "title": f"Advisory {i}",
                "aggregate_severity": {"text": rng.choice(("Urgent", "Normal", "Normal"))},
                "publisher": {"category": "coordinator", "name": "Bench", "namespace": "https://x"},
                "tracking": {
                    "id": f"BENCH-{i:05d}",
                    "version": "1",
                    "status": "final",
                    "initial_release_date": "2026-01-01T00:00:00Z",
                    "current_release_date": "2026-01-01T00:00:00Z",
                },
            },
            "product_tree": {"branches": branches},
            "vulnerabilities": [
                {
                    "cve": f"CVE-2026-{10000 + i}",
                    "product_status": {
                        "known_affected": affected,
                        "fixed": fixed,
                        **({"known_not_affected": not_affected} if not_affected else {}),
                    },
                    "scores": [
                        {"products": affected, "cvss_v3": {"vectorString": rng.choice(VECTORS)}}
                    ],
                }
            ],
        }
        out.append(json.dumps(doc).encode())
    return out


def advisories_case(municipalities: int, advisories: int) -> dict[str, Any]:
    """Seconds to read, index, match and rank ``advisories`` against the map."""
    from weerbaar.advisories import ProductIndex, parse_document, rank
    from weerbaar.scale.generate import generate_map

    m = with_products(generate_map(municipalities, SEED))
    raw = documents(advisories)
    t0 = time.perf_counter()
    parsed = [parse_document(r, f"bench-{i}.json") for i, r in enumerate(raw)]
    t1 = time.perf_counter()
    index = ProductIndex(m)
    t2 = time.perf_counter()
    ranked = rank(m, parsed, index=index)
    t3 = time.perf_counter()
    return {
        "municipalities": municipalities,
        "nodes": len(m.nodes),
        "products": len(index),
        "advisories": advisories,
        "matched": len(ranked),
        "affected": sum(len(r.affected) for r in ranked),
        "read_s": t1 - t0,
        "index_s": t2 - t1,
        "match_s": t3 - t2,
    }


def render(results: list[dict[str, Any]]) -> str:
    """The section of docs/performance.md."""
    lines = [
        "## Advisories",
        "",
        "`python bench/advisories.py 280 2000` (part of `make bench`): CSAF advisories matched",
        "to a generated map with a product on every system (a CPE, a purl or vendor/product/",
        "version, out of 400 products), three products per advisory with an affected range, a",
        "fixed and sometimes a not-affected version. Budget of the issue: 2,000 advisories",
        "against the 20,000-node map within 5 s. *read* is parsing and validating the JSON",
        "with CVSS scoring; *match* is matching, the closure of the affected nodes and the",
        "ranking.",
        "",
        "| nodes | products | advisories | matched | affected nodes | read (s) | index (s) "
        "| match + rank (s) | total (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r.get('municipalities')} municipalities | error: {r['error']} |")
            continue
        total = r["read_s"] + r["index_s"] + r["match_s"]
        lines.append(
            f"| {r['nodes']:,} | {r['products']:,} | {r['advisories']:,} | {r['matched']:,} "
            f"| {r['affected']:,} | {r['read_s']:.2f} | {r['index_s']:.2f} "
            f"| {r['match_s']:.2f} | {total:.2f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 280
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    print(render([advisories_case(k, n)]))
