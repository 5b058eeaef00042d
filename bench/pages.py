"""The web pages of the generator's large map: time and size of every answer.

``python bench/pages.py [MUNICIPALITIES] [--database URL]`` loads the
generator's map (300 municipalities: some 21,500 nodes, as
``tests/web/test_large_map.py``) into a fresh SQLite database (or the
PostgreSQL one named), signs in as the CISO of its organisation and requests
every map URL of the access matrix (``tests/web/mapurls.py``) with Django's
test client, twice: cold (nothing cached) and warm. It prints one row per URL
with the status, both times and the size of the body (streamed bodies read to
the end), the largest first, for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _setup(database: str) -> None:
    os.environ["WEERBAAR_DATA_DIR"] = tempfile.mkdtemp(prefix="weerbaar-pages-")
    os.environ.setdefault("WEERBAAR_HTTPS", "false")
    if database:
        os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weerbaar.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    # As the web tests: static URLs without collectstatic's manifest.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
    if database:
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)


def _urls(record: Any, m: Any, job: Any, incident: Any) -> list[str]:
    from django.urls import reverse

    sys.path.insert(0, str(ROOT / "tests" / "web"))
    from mapurls import MAP_URLS

    ids = {"node_id": m.nodes[5].id, "scenario_id": m.scenarios[0].id, "party_id": m.parties[0].id}
    urls = []
    for entry in MAP_URLS:
        if entry.ok != 200 or entry.hidden or "measure_id" in dict(entry.kwargs):
            continue
        kwargs = {"map_id": record.pk, **dict(entry.kwargs)}
        for key in ids.keys() & kwargs.keys():
            kwargs[key] = ids[key]
        if "job_id" in kwargs:
            kwargs["job_id"] = job.pk
        if "incident_id" in kwargs:
            kwargs["incident_id"] = incident.pk
        urls.append(reverse(entry.name, kwargs=kwargs))
    return urls


def measure(client: Any, url: str) -> tuple[int, float, int]:
    """Status, seconds and body size of one GET, a streamed body read to the end."""
    start = time.perf_counter()
    response = client.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, time.perf_counter() - start, size


def pages_case(municipalities: int = 300, database: str = "") -> tuple[int, list[dict[str, Any]]]:
    _setup(database)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from weerbaar.model import to_data
    from weerbaar.scale.generate import generate_map
    from weerbaar.web.accounts.models import Membership, Organisation, Role
    from weerbaar.web.incidents.store import open_incident
    from weerbaar.web.jobs.models import Job
    from weerbaar.web.maps import service

    m = generate_map(municipalities, 1)
    org = Organisation.objects.create(name="Regio", slug="regio")
    user = get_user_model().objects.create_user("ciso-regio")
    Membership.objects.create(user=user, organisation=org, role=Role.CISO)
    record = service.create_map(org, to_data(m), user, "generated")
    job = Job.objects.create(
        map=record, version_number=1, kind="time_aware_criticality", params={"duration": 1.0}
    )
    incident = open_incident(record, m, title="Storing", nodes=[m.nodes[5].id])
    client = Client()
    client.force_login(user)
    rows = []
    for url in _urls(record, m, job, incident):
        status, cold, size = measure(client, url)
        _status, warm, _size = measure(client, url)
        rows.append({"url": url, "status": status, "cold": cold, "warm": warm, "size": size})
    return len(m.nodes), rows


def render(rows: list[dict[str, Any]], nodes: int) -> str:
    lines = [
        f"| page ({nodes:,} nodes) | status | cold (s) | warm (s) | size |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in sorted(rows, key=lambda r: -r["size"]):
        size = r["size"]
        shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
        lines.append(
            f"| `{r['url']}` | {r['status']} | {r['cold']:.2f} | {r['warm']:.2f} | {shown} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("municipalities", nargs="?", type=int, default=300)
    parser.add_argument("--database", default="", help="DATABASE_URL (default: a fresh SQLite)")
    args = parser.parse_args()
    nodes, rows = pages_case(args.municipalities, args.database)
    print(render(rows, nodes))


if __name__ == "__main__":
    main()
