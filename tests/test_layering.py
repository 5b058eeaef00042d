"""The engine and the model are pure Python + numpy/scipy: no Django, no web."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "weerbaar"
PURE = [
    "engine",
    "model",
    "scoring",
    "scale",
    "accountability",
    "exercise",
    "interop",
    "sharing",
    "advisories",
    "incident",
    "aid",
]
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
        "weerbaar.exercise.generate, weerbaar.exercise.retime, weerbaar.exercise.sheet, "
        "weerbaar.interop.stix, weerbaar.interop.stiximport, weerbaar.interop.mispfeed, "
        "weerbaar.interop.taxiipull, "
        "weerbaar.sharing.disclosure, weerbaar.sharing.threshold, weerbaar.sharing.detail, "
        "weerbaar.advisories, weerbaar.aid, "
        "weerbaar.incident.forecast, weerbaar.incident.advice, weerbaar.incident.deadlines; "
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


#: The only web package that may call the computation (engine and scale): it
#: chooses exact or bounded-memory algorithms, inline or background work, and
#: caches per map version, so no page or API route can bypass those choices.
SERVICE_LAYER = "web/analyses"
COMPUTATION = ("weerbaar.engine", "weerbaar.scale")


def computation_imports(root: Path) -> set[str]:
    """``file: module`` for every web module outside the service layer that imports
    the engine or ``scale``."""
    return {
        f"{path.relative_to(root)}: {name}"
        for path in sorted((root / "web").rglob("*.py"))
        if not path.relative_to(root).as_posix().startswith(SERVICE_LAYER + "/")
        for name in imported_modules(path)
        if any(name == c or name.startswith(c + ".") for c in COMPUTATION)
    }


def test_it_lets_only_the_service_layer_call_the_engine_from_the_web() -> None:
    assert not computation_imports(SRC)


def test_it_finds_the_engine_imported_outside_the_service_layer(tmp_path: Path) -> None:
    page = tmp_path / "web" / "insight" / "views.py"
    page.parent.mkdir(parents=True)
    page.write_text("from weerbaar.engine import structural\n")
    allowed = tmp_path / "web" / "analyses" / "runs.py"
    allowed.parent.mkdir(parents=True)
    allowed.write_text("from weerbaar.engine import simulate\n")
    assert computation_imports(tmp_path) == {"web/insight/views.py: weerbaar.engine"}
