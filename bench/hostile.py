"""Hostile uploads through the web app's import page, as an editor sends them.

``python bench/hostile.py`` prints, per file, the upload's size, the answer,
the wall time of the request, how much the process's peak memory (RSS) grew,
and the most memory the request itself held at once (tracemalloc, a second
request).
Each case runs in a fresh process (peak memory only ever grows), on a fresh
SQLite database, with the web app's default limits (docs/security.md).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
import zipfile
from pathlib import Path

CASES = ("laughs-7", "laughs-9", "inflate-1g")


def billion_laughs(levels: int) -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 10)}]")
    return ("\n".join(lines) + "\n").encode()


def inflating_workbook(path: Path, inflated: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            part.write(b"<sst>")
            for _ in range(inflated >> 20):
                part.write(chunk)
            part.write(b"</sst>")


def run_case(case: str, folder: Path) -> None:
    os.environ.update(
        WEERBAAR_DATA_DIR=str(folder),
        WEERBAAR_HTTPS="false",
        WEERBAAR_ALLOWED_HOSTS="testserver",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weerbaar.web.settings")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    import logging

    from django.conf import settings

    # No collectstatic for a measurement; and a refusal is the expected answer.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from weerbaar.model import load_map, to_data
    from weerbaar.web.accounts.models import Membership, Organisation, Role
    from weerbaar.web.maps import service

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(name="Gemeente", slug="gemeente")
    sample = Path(__file__).resolve().parents[1] / "examples" / "gemeente-voorbeeld.yaml"
    record = service.create_map(org, to_data(load_map(sample)), None, "bench")
    user = get_user_model().objects.create_user("ciso", password="x" * 16)
    Membership.objects.create(user=user, organisation=org, role=Role.CISO)
    if case.startswith("laughs"):
        name, body = "lol.yaml", billion_laughs(int(case.split("-")[1]))
    else:
        path = folder / "bom.xlsx"
        inflating_workbook(path, 1 << 30)
        name, body = path.name, path.read_bytes()
    client = Client()
    client.force_login(user)
    url = reverse("maps:import", kwargs={"map_id": record.pk})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile(name, body)})
    wall = time.perf_counter() - start
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    # Again under tracemalloc: what the request itself allocated at its peak.
    tracemalloc.start()
    client.post(url, {"file": SimpleUploadedFile(name, body)})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    html = response.content.decode()
    item = html.split('class="utrecht-unordered-list__item">', 1)[-1].split("</li>", 1)[0]
    said = re.sub(r"<[^>]+>", "", item).strip()
    print(
        f"| {case} | {len(body):,} B | {response.status_code} | {wall:.2f} s "
        f"| {grown / 1024:.1f} MB | {peak / 2**20:.1f} MB | {said[:120]} |"
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        with tempfile.TemporaryDirectory() as folder:
            run_case(sys.argv[2], Path(folder))
        return
    print("| upload | size | answer | request | process peak growth | request's peak | message |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for case in CASES:
        subprocess.run([sys.executable, __file__, "--case", case], check=True)


if __name__ == "__main__":
    main()
