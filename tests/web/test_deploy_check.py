"""`weerbaar-web check --deploy` is clean with the production settings of docs/security.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The production block of docs/security.md, as environment variables.
PRODUCTION = {
    "WEERBAAR_SECRET_KEY": "k7Qz1v-9sLx2Rr4mWc8Pq0aTn6yHj3Ub5Ed-Fg7Ki9Lo1Mp2Nq3Rs4Tu5Vw6Xy7Za8",
    "WEERBAAR_ALLOWED_HOSTS": "weerbaar.gemeente.example",
    "WEERBAAR_HTTPS": "true",
    "WEERBAAR_SSL_REDIRECT": "true",
    "WEERBAAR_TRUSTED_PROXIES": "1",
}


def check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("WEERBAAR_") and key != "DATABASE_URL"
    }
    env.update(PRODUCTION, WEERBAAR_DATA_DIR=str(tmp_path), **extra)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "weerbaar.web.manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_with_the_documented_production_settings(
    tmp_path: Path,
) -> None:
    result = check(tmp_path)
    assert result.returncode == 0, result.stderr


def test_it_is_documented_as_tested() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    for key, value in PRODUCTION.items():
        if key != "WEERBAAR_SECRET_KEY":
            assert f"{key}={value}" in docs


@pytest.mark.parametrize(
    ("setting", "warning"),
    [("WEERBAAR_SSL_REDIRECT", "security.W008"), ("WEERBAAR_HTTPS", "security.W004")],
)
def test_it_fails_the_deploy_check_without_https(
    tmp_path: Path, setting: str, warning: str
) -> None:
    result = check(tmp_path, **{setting: "false"})
    assert result.returncode != 0
    assert warning in result.stderr
