"""The engine and the model are pure Python + numpy/scipy: no Django, no web."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "weerbaar"
PURE = ["engine", "model", "scoring", "scale", "accountability", "exercise"]
FORBIDDEN = ("django", "weerbaar.web", "weerbaar.cli", "weerbaar.report", "click", "rich")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PURE)
def test_it_keeps_pure_packages_free_of_web_and_cli_imports(package: str) -> None:
    files = sorted((SRC / package).rglob("*.py"))
    assert files, f"no modules found in {package}"
    offending = {
        f"{path.relative_to(SRC)}: {name}"
        for path in files
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    }
    assert not offending


def test_it_imports_the_engine_without_loading_django() -> None:
    code = (
        "import sys, weerbaar.engine, weerbaar.model, weerbaar.scoring, weerbaar.scale, "
        "weerbaar.accountability.budget, weerbaar.accountability.actions, "
        "weerbaar.exercise.generate, weerbaar.exercise.retime, weerbaar.exercise.sheet; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'click', 'rich')]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_it_finds_a_forbidden_import_when_there_is_one(tmp_path: Path) -> None:
    # The scan itself must be able to fail.
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport numpy\n")
    assert "django.db" in imported_modules(bad)
