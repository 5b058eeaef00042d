"""Export the map as YAML and Excel, import it back; a broken file changes nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from weerbaar.model import load_map
from weerbaar.model.excel import import_xlsx
from weerbaar.web.maps import service

pytestmark = pytest.mark.browser

WEBSITE = "Website gemeente Voorbeeld"


def download(page: Page, link: str, folder: Path) -> Path:
    """Click a download link as a user would; the saved file."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def upload(page: Page, path: Path) -> None:
    page.get_by_label("Bestand").set_input_files(path)
    page.get_by_role("button", name="Importeren").click()


def test_it_exports_and_imports_the_map(
    page: Page, demo: Any, signed_in: Any, tmp_path: Path
) -> None:
    signed_in(page, demo.ciso)
    page.goto(demo.url("maps:transfer"))
    _version, stored = service.current(demo.record)
    ids = [n.id for n in stored.nodes]

    yaml_file = download(page, "Kaartbestand (YAML) downloaden", tmp_path)
    assert yaml_file.name == "gemeente-voorbeeld.yaml"
    assert [n.id for n in load_map(yaml_file).nodes] == ids
    excel_file = download(page, "Excel-werkmap downloaden", tmp_path)
    assert excel_file.name == "gemeente-voorbeeld.xlsx"
    assert [n.id for n in import_xlsx(excel_file).nodes] == ids

    # Change the downloaded file, as someone editing it offline would, and import it.
    text = yaml_file.read_text(encoding="utf-8")
    assert text.count(f"name: {WEBSITE}\n") == 1
    yaml_file.write_text(text.replace(WEBSITE, f"{WEBSITE} (vernieuwd)"), encoding="utf-8")
    upload(page, yaml_file)
    expect(page).to_have_url(re.compile(re.escape(demo.url("maps:history")) + "$"))
    expect(page.get_by_role("status").first).to_contain_text("versie 2")
    assert demo.record.versions.count() == 2

    page.goto(demo.url("maps:node", node_id="website-gemeente"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{WEBSITE} (vernieuwd)")


def test_it_refuses_a_broken_file_with_located_errors(
    page: Page, demo: Any, signed_in: Any, tmp_path: Path
) -> None:
    signed_in(page, demo.ciso)
    page.goto(demo.url("maps:transfer"))
    yaml_file = download(page, "Kaartbestand (YAML) downloaden", tmp_path)
    lines = yaml_file.read_text(encoding="utf-8").splitlines(keepends=True)
    # The website's one requirement now names a node that does not exist.
    at = next(i for i, line in enumerate(lines) if line.strip() == f"name: {WEBSITE}")
    wrong = next(i for i in range(at, len(lines)) if "cloudplatform-wolkdienst" in lines[i])
    lines[wrong] = lines[wrong].replace("cloudplatform-wolkdienst", "bestaat-niet")
    broken = tmp_path / "kapot.yaml"
    broken.write_text("".join(lines), encoding="utf-8")
    before = service.current(demo.record)[0]

    upload(page, broken)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Er is niets geïmporteerd.")
    # Located like `weerbaar check` does: file and line, then the problem.
    expect(alert.locator("li")).to_have_count(1)
    expect(alert.locator("li code")).to_have_text(f"kapot.yaml:{wrong + 1}")
    expect(alert.locator("li")).to_contain_text("bestaat-niet")

    after = service.current(demo.record)[0]
    assert (after.pk, after.number) == (before.pk, before.number)
    assert demo.record.versions.count() == 1
    page.goto(demo.url("maps:node", node_id="website-gemeente"))
    expect(page.get_by_role("link", name=re.compile("Cloud"))).to_be_visible()
