"""Import and export of the map as YAML and as an Excel workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from weerbaar.model import dump_yaml, from_data, parse_map
from weerbaar.model.excel import export_xlsx, import_xlsx
from weerbaar.model.limits import Limits
from weerbaar.web.accounts.models import Role
from weerbaar.web.jobs.models import JobKind

pytestmark = pytest.mark.django_db


def url(world: dict[str, Any], name: str) -> str:
    return reverse(f"maps:{name}", kwargs={"map_id": world["map_a"].pk})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def snapshot(world: dict[str, Any]) -> tuple[int, Any]:
    record = world["map_a"]
    return record.versions.count(), record.current().data


def test_it_exports_the_map_as_yaml(world: dict[str, Any], login: Any) -> None:
    response = login(world["users"][Role.BESTUURDER]).get(url(world, "export_yaml"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="gemeente-a.yaml"'
    text = b"".join(response.streaming_content).decode()
    assert parse_map(text) == from_data(world["map_a"].current().data)
    assert text == dump_yaml(from_data(world["map_a"].current().data))


def test_it_has_the_worker_make_the_workbook_of_a_large_map(
    world: dict[str, Any], login: Any, tmp_path: Path, settings: Any
) -> None:
    settings.INLINE_NODE_LIMIT = 3
    client = login(world["users"][Role.BESTUURDER])
    queued = client.get(url(world, "export_xlsx"))
    assert queued.status_code == 202
    job = queued.context["job"]
    assert job.kind == JobKind.EXPORT_XLSX
    call_command("worker", "--once", stdout=io.StringIO())
    done = client.get(url(world, "export_xlsx"))
    assert done.status_code == 200
    assert done["Content-Disposition"] == 'attachment; filename="gemeente-a.xlsx"'
    path = tmp_path / "export.xlsx"
    path.write_bytes(done.content)
    assert import_xlsx(path) == from_data(world["map_a"].current().data)
    job_page = client.get(
        reverse("jobs:job", kwargs={"map_id": world["map_a"].pk, "job_id": job.pk})
    )
    assert url(world, "export_xlsx") in job_page.content.decode()


def test_it_exports_the_map_as_a_workbook(
    world: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    response = login(world["users"][Role.CISO]).get(url(world, "export_xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="gemeente-a.xlsx"'
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    assert import_xlsx(path) == from_data(world["map_a"].current().data)


def test_it_imports_a_yaml_file_as_a_new_version(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    text = dump_yaml(from_data(world["map_a"].current().data)).replace("name: Stroom", "name: Net")
    response = client.post(url(world, "import"), {"file": upload("kaart.yaml", text.encode())})
    assert response.status_code == 302
    latest = world["map_a"].current()
    assert latest.number == 2 and latest.summary == "Geïmporteerd uit kaart.yaml"
    assert latest.author == world["users"][Role.CISO]
    assert from_data(latest.data).node("power").name == "Net"


def test_it_imports_a_workbook(world: dict[str, Any], login: Any, tmp_path: Path) -> None:
    m = parse_map(dump_yaml(from_data(world["map_a"].current().data)).replace("5d", "9d", 1))
    path = tmp_path / "BIA.xlsx"
    export_xlsx(m, path)
    client = login(world["users"][Role.CISO])
    response = client.post(url(world, "import"), {"file": upload("BIA.xlsx", path.read_bytes())})
    assert response.status_code == 302
    assert from_data(world["map_a"].current().data).horizon == 9 * 24


def test_it_imports_nothing_from_a_yaml_file_with_problems(
    world: dict[str, Any], login: Any
) -> None:
    before = snapshot(world)
    text = "weerbaar: 1\nnodes:\n  - id: a\n    requires: [nergens]\n  - id: a\n"
    client = login(world["users"][Role.CISO])
    response = client.post(url(world, "import"), {"file": upload("fout.yaml", text.encode())})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er is niets geïmporteerd." in html
    assert "fout.yaml:4" in html and "onbekend knooppunt &#x27;nergens&#x27;" in html
    assert "fout.yaml:5" in html and "komt twee keer voor" in html
    assert "/tmp" not in html  # the temporary folder is nobody's business
    assert snapshot(world) == before


def test_it_imports_nothing_from_a_workbook_with_problems(
    world: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    path = tmp_path / "BIA.xlsx"
    export_xlsx(from_data(world["map_a"].current().data), path)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["knooppunten"]["B3"] = "onzin"  # not a kind of node
    buffer = io.BytesIO()
    wb.save(buffer)
    before = snapshot(world)
    client = login(world["users"][Role.CISO])
    response = client.post(url(world, "import"), {"file": upload("BIA.xlsx", buffer.getvalue())})
    html = response.content.decode()
    assert response.status_code == 400
    assert "BIA.xlsx[knooppunten]:3" in html
    assert snapshot(world) == before


def test_it_checks_the_impact_criteria_as_the_cli_does(world: dict[str, Any], login: Any) -> None:
    before = snapshot(world)
    data = world["map_a"].current().data
    data["nodes"][4]["impact"]["per_day"] = {"onbekend": 5}
    text = yaml.safe_dump(data, sort_keys=False)
    client = login(world["users"][Role.CISO])
    response = client.post(url(world, "import"), {"file": upload("kaart.yml", text.encode())})
    assert response.status_code == 400
    assert "&#x27;onbekend&#x27; is geen criterium" in response.content.decode()
    assert snapshot(world) == before


def test_it_refuses_a_file_that_is_too_large_or_of_another_kind(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.MAP_LIMITS = Limits(max_bytes=100)
    before = snapshot(world)
    client = login(world["users"][Role.CISO])
    response = client.post(url(world, "import"), {"file": upload("groot.yaml", b"#" * 101)})
    assert response.status_code == 400 and "mag hoogstens" in response.content.decode()
    response = client.post(url(world, "import"), {"file": upload("kaart.pdf", b"%PDF")})
    assert response.status_code == 400 and "Kies een .yaml" in response.content.decode()
    response = client.post(url(world, "import"), {"file": upload("bin.yaml", b"\x00\x01")})
    assert response.status_code == 400 and "geen tekstbestand" in response.content.decode()
    assert snapshot(world) == before


def test_it_lets_only_editors_import(world: dict[str, Any], login: Any) -> None:
    before = snapshot(world)
    text = dump_yaml(from_data(world["map_a"].current().data)).encode()
    for role in (Role.BESTUURDER, Role.KETENPARTNER):
        client = login(world["users"][role])
        response = client.post(url(world, "import"), {"file": upload("kaart.yaml", text)})
        assert response.status_code == 403
    page = login(world["users"][Role.BESTUURDER]).get(url(world, "transfer")).content.decode()
    assert url(world, "import") not in page
    assert snapshot(world) == before


def test_it_keeps_the_whole_map_from_a_partner(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.KETENPARTNER])
    for name in ("transfer", "export_yaml", "export_xlsx"):
        assert client.get(url(world, name)).status_code == 403


def test_it_answers_404_to_another_municipality(world: dict[str, Any], login: Any) -> None:
    before = snapshot(world)
    client = login(world["user_b"])
    for name in ("transfer", "export_yaml", "export_xlsx"):
        assert client.get(url(world, name)).status_code == 404
    text = dump_yaml(from_data(world["map_a"].current().data)).encode()
    response = client.post(url(world, "import"), {"file": upload("kaart.yaml", text)})
    assert response.status_code == 404
    assert snapshot(world) == before
