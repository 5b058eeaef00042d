"""A strict format and work limits on what an editor uploads or types.

The web import and the measure form's "changes" box go through the same
loader as ``weerbaar check``: a misspelled key is refused with its line and
the nearest valid key, and hostile files (nested aliases, a workbook that
inflates to a gigabyte) are refused before they cost time or memory.
Hostile files are made here, never committed.
"""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from htmlform import form_data

from weerbaar.model import dump_yaml, from_data
from weerbaar.model.limits import Limits
from weerbaar.web.accounts.models import Role

pytestmark = pytest.mark.django_db


def url(world: dict[str, Any], name: str) -> str:
    return reverse(f"maps:{name}", kwargs={"map_id": world["map_a"].pk})


def snapshot(world: dict[str, Any]) -> tuple[int, Any]:
    record = world["map_a"]
    return record.versions.count(), record.current().data


def post_file(world: dict[str, Any], login: Any, name: str, content: bytes) -> Any:
    client = login(world["users"][Role.CISO])
    return client.post(url(world, "import"), {"file": SimpleUploadedFile(name, content)})


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 10)}]")
    return "\n".join(lines) + "\n"


def test_it_refuses_an_import_with_a_misspelled_key_and_changes_nothing(
    world: dict[str, Any], login: Any
) -> None:
    before = snapshot(world)
    text = dump_yaml(from_data(world["map_a"].current().data))
    assert "\n  requires:" in text
    line = text[: text.index("\n  requires:") + 1].count("\n") + 1
    text = text.replace("\n  requires:", "\n  requries:", 1)
    response = post_file(world, login, "kaart.yaml", text.encode())
    html = response.content.decode()
    assert response.status_code == 400
    assert f"kaart.yaml:{line}" in html
    assert "onbekende sleutel &#x27;requries&#x27; — bedoelt u &#x27;requires&#x27;?" in html
    assert snapshot(world) == before


def test_it_refuses_nested_aliases_quickly(world: dict[str, Any], login: Any) -> None:
    before = snapshot(world)
    text = billion_laughs()
    assert len(text) < 600
    start = time.perf_counter()
    response = post_file(world, login, "lol.yaml", text.encode())
    assert time.perf_counter() - start < 1
    assert response.status_code == 400
    assert "te veel werk voor zijn omvang" in response.content.decode()
    assert "meer dan 100.000 waarden" in response.content.decode()  # Dutch grouping
    assert snapshot(world) == before


def test_it_refuses_a_workbook_that_inflates_past_the_setting(
    world: dict[str, Any], login: Any, settings: Any
) -> None:
    settings.MAP_LIMITS = Limits(max_bytes=10**7, max_xlsx_inflated_bytes=10**6)
    before = snapshot(world)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * 2 * 10**6 + b"</sst>")
    response = post_file(world, login, "groot.xlsx", buffer.getvalue())
    html = response.content.decode()
    assert response.status_code == 400
    assert "pakt uit tot" in html and "xl/sharedStrings.xml" in html
    assert snapshot(world) == before


def test_it_refuses_nested_aliases_in_the_changes_box(world: dict[str, Any], login: Any) -> None:
    client = login(world["users"][Role.CISO])
    address = url(world, "measure_add")
    data = form_data(client.get(address).content.decode(), "base")
    data |= {"id": "lol", "name": "Lol", "cost": "0", "changes": billion_laughs()}
    start = time.perf_counter()
    html = client.post(address, data).content.decode()
    assert time.perf_counter() - start < 1
    assert "te veel werk voor zijn omvang" in html
