"""Documents and the budget job, as the user waits for them (or does not).

``python bench/documents.py [--large MUNICIPALITIES] [--database URL]``
prints the table for docs/performance.md. In a fresh database it loads the
sample municipality with the demo's accountability data and exercises, and,
when a copy lies in ``../shared/reference/`` (or ``WEERBAAR_BIO2_FILE``), the
published BIO2 catalogue, and times:

- the budget job (what ``weerbaar-web worker`` runs for
  :attr:`JobKind.BUDGET`) for 5, 10 and 15 candidate measures on the sample
  (:func:`budget.with_measures` adds measures up to the number), in one
  process as the worker runs it;
- the statement of applicability PDF for every control of the catalogue;
- the council report as PDF and as Word, and two role briefings as PDF
  (the burgemeester's, and the CISO's with the single points of failure),
  with the budget job done. Cold: the map's analysis cache emptied before
  the request (the first PDF of the process also loads WeasyPrint and its
  fonts: the statement of applicability's); warm: the same request again;
- the same documents on the generator's large map (by default 300
  municipalities, some 21,500 nodes; 0 skips it), where the budget job is
  queued and the report does not wait for it.

The size of each file and, for a PDF, its pages (``pdfinfo``, when
poppler-utils is installed) are given with the times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
REFERENCE = Path(
    os.environ.get("WEERBAAR_BIO2_FILE")
    or ROOT.parent / "shared" / "reference" / "bio2-overheidsmaatregelen.md"
)


def timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def budget_job(measures: int) -> dict[str, Any]:
    """Seconds of the budget job's work for ``measures`` candidates on the sample."""
    from budget import SAMPLE, with_measures

    from weerbaar.model import load_map
    from weerbaar.web.analyses.budget import compute

    m = with_measures(load_map(SAMPLE), measures)
    steps: list[tuple[int, int]] = []
    result, seconds = timed(lambda: compute(m, {}, lambda d, t: steps.append((d, t))))
    return {
        "measures": len(m.measures),
        "seconds": seconds,
        "simulations": result["simulations"],
        "frontier": len(result["frontier"]),
    }


#: A measured document: name, status, cold and warm seconds, bytes, PDF pages (0: not a PDF).
Row = tuple[str, int, float, float, int, int]


def pages(content: bytes) -> int:
    """The pages of a PDF by ``pdfinfo``; 0 for another file or without poppler-utils."""
    if not content.startswith(b"%PDF") or not shutil.which("pdfinfo"):
        return 0
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, check=True).stdout
    return next(int(x.split()[1]) for x in info.decode().splitlines() if x.startswith("Pages:"))


def _measure(client: Any, name: str, url: str) -> Row:
    """``url`` cold (the analysis cache emptied) and warm (asked again)."""
    from weerbaar.web.analyses import cache

    cache.clear()
    response, cold = timed(lambda: client.get(url))
    _again, warm = timed(lambda: client.get(url))
    content = response.content
    return (name, response.status_code, cold, warm, len(content), pages(content))


def _documents(client: Any, record: Any, year: int) -> list[Row]:
    from django.urls import reverse

    m = {"map_id": record.pk}
    urls = [
        ("council report PDF", reverse("accountability:report_pdf", kwargs=m) + f"?jaar={year}"),
        ("council report Word", reverse("accountability:report_docx", kwargs=m) + f"?jaar={year}"),
    ] + [
        (
            f"role briefing PDF ({role})",
            reverse("accountability:briefing_pdf", kwargs={**m, "role": role}) + f"?jaar={year}",
        )
        for role in ("burgemeester", "ciso")
    ]
    return [_measure(client, name, url) for name, url in urls]


def documents_case(large: int = 300, database: str = "") -> dict[str, Any]:
    from pages import _setup

    _setup(database)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from weerbaar.accountability.formats import read_catalogue
    from weerbaar.model import load_map, to_data
    from weerbaar.web.accountability import demo as accountability_demo
    from weerbaar.web.accountability.models import CatalogueRecord
    from weerbaar.web.accounts.models import Membership, Organisation, Role
    from weerbaar.web.exercises import demo as exercises_demo
    from weerbaar.web.maps import service

    out: dict[str, Any] = {"budget": [budget_job(n) for n in (5, 10, 15)]}
    today = date.today()
    org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="voorbeeld")
    user = get_user_model().objects.create_user("ciso-bench")
    Membership.objects.create(user=user, organisation=org, role=Role.CISO)
    sample = load_map(ROOT / "examples" / "gemeente-voorbeeld.yaml")
    record = service.create_map(org, to_data(sample), user, "bench")
    extra = read_catalogue(REFERENCE.read_bytes(), REFERENCE.name) if REFERENCE.exists() else None
    exercises_demo.load(record, ROOT / "examples")
    _loaded, out["demo_load_s"] = timed(
        lambda: accountability_demo.load(record, user, extra, today)
    )
    client = Client()
    client.force_login(user)
    rows = []
    for cat in CatalogueRecord.objects.filter(organisation=org):
        url = reverse(
            "accountability:statement_pdf",
            kwargs={"map_id": record.pk, "catalogue_id": cat.pk, "year": today.year},
        )
        name = f"statement of applicability PDF ({cat.controls.count()} controls, {cat.name})"
        rows.append(_measure(client, name, url))
    rows += _documents(client, record, today.year)
    out["sample"] = rows
    if large:
        from weerbaar.scale.generate import generate_map

        big = generate_map(large, 1)
        region = Organisation.objects.create(name="Regio", slug="regio")
        Membership.objects.create(user=user, organisation=region, role=Role.CISO)
        big_record = service.create_map(region, to_data(big), user, "generated")
        out["large_nodes"] = len(big.nodes)
        out["large"] = _documents(client, big_record, today.year)
    return out


def render(result: dict[str, Any]) -> str:
    lines = [
        "| budget job (sample) | simulations | frontier points | seconds |",
        "|---|---:|---:|---:|",
    ]
    for b in result["budget"]:
        lines.append(
            f"| {b['measures']} measures | {b['simulations']} | {b['frontier']} "
            f"| {b['seconds']:.1f} |"
        )
    lines += [
        "",
        "| document | status | cold (s) | warm (s) | size | pages |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, label in (("sample", "sample"), ("large", f"{result.get('large_nodes', 0):,} nodes")):
        for name, status, cold, warm, size, count in result.get(key, []):
            lines.append(
                f"| {name}, {label} | {status} | {cold:.2f} | {warm:.2f} | {size / 1e3:.0f} kB "
                f"| {count or '—'} |"
            )
    return "\n".join(lines)


def section(results: list[dict[str, Any]]) -> str:
    """The page's section (bench/run.py)."""
    lines = [
        "## Accountability documents and the budget job",
        "",
        "`python bench/documents.py --large 300` (part of `make bench`): the budget job's work",
        "(`weerbaar-web worker`, job kind `budget`) for 5, 10 and 15 candidate measures on the",
        "sample, in the worker (two processes above 200 simulations); the statement of",
        "applicability, the council report and two role briefings (the burgemeester's, and the",
        "CISO's, which names the single points of failure) as the pages hand them out, cold (the",
        "map's analysis cache emptied first) and warm, with their size and pages, on the sample",
        "and on the generator's large map. Budgets of issue 12: the statement of applicability ≤",
        "10 s, the council report PDF and Word ≤ 15 s, the frontier for 15 measures ≤ 30 s. No",
        "page waits for the budget: it is a background job, and one exact job per map version",
        "answers every amount.",
        "",
    ]
    for r in results:
        lines.append(f"error: {r['error']}" if "error" in r else render(r))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=300, help="municipalities; 0 skips")
    parser.add_argument("--database", default="", help="DATABASE_URL (default: a fresh SQLite)")
    args = parser.parse_args()
    print(render(documents_case(args.large, args.database)))


if __name__ == "__main__":
    main()
