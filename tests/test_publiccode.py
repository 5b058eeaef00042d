"""Checks that the public-sector metadata and the licence agree with each other.

Public code catalogues (developer.overheid.nl, Developers Italia) read
``publiccode.yml``; a wrong licence or a missing mandatory key silently drops
the project from them, so these cheap checks guard the release.
"""

import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# Mandatory top-level keys of the publiccode.yml core standard, version 0.4.
MANDATORY_TOP_LEVEL_KEYS = (
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "categories",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
)
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}


@pytest.fixture(scope="module")
def publiccode() -> dict[str, Any]:
    with (ROOT / "publiccode.yml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict)
    return data


def test_it_declares_every_mandatory_top_level_key(publiccode: dict[str, Any]) -> None:
    missing = [key for key in MANDATORY_TOP_LEVEL_KEYS if key not in publiccode]
    assert missing == []
    # Quoted on purpose: an unquoted 0.4 would parse as a float.
    assert publiccode["publiccodeYmlVersion"] == "0.4"


def test_it_uses_only_values_the_standard_allows(publiccode: dict[str, Any]) -> None:
    assert publiccode["developmentStatus"] in DEVELOPMENT_STATUSES
    assert publiccode["softwareType"] in SOFTWARE_TYPES
    assert publiccode["maintenance"]["type"] in MAINTENANCE_TYPES
    assert publiccode["localisation"]["localisationReady"] in {True, False}


def test_it_names_contacts_when_maintained_by_the_community(publiccode: dict[str, Any]) -> None:
    maintenance = publiccode["maintenance"]
    if maintenance["type"] in {"internal", "community"}:
        assert maintenance["contacts"]
        assert all(contact.get("name") for contact in maintenance["contacts"])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_describes_the_software_within_the_standard_lengths(
    publiccode: dict[str, Any], language: str
) -> None:
    description = publiccode["description"][language]
    assert 0 < len(description["shortDescription"]) <= 150
    assert 150 <= len(description["longDescription"]) <= 10_000
    assert description["features"]
    assert language in publiccode["localisation"]["availableLanguages"]


def test_it_declares_the_same_licence_as_pyproject(publiccode: dict[str, Any]) -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    assert project["license"] == "EUPL-1.2"
    assert publiccode["legal"]["license"] == project["license"]


def test_it_ships_the_complete_eupl_1_2_text() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    # The appendix of compatible licences is part of the licence; a truncated
    # copy would lose it first.
    assert "‘Compatible Licences’ according to Article 5 EUPL are:" in text
    assert text.rstrip().endswith("require the production of a\nnew EUPL version.")
