"""Reproducible installs: ranges in pyproject.toml, exact versions in the lock file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements" / "lock.txt"


def requirements() -> list[str]:
    """Every dependency as written, extras included."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"].values()
    return [*project["dependencies"], *(r for e in extras for r in e)]


def pins() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"([A-Za-z0-9_.\-\[\]]+)==([^ ;]+)", line):
            name = canonicalize_name(m.group(1).split("[")[0])
            found.setdefault(name, []).append(m.group(2))
    return found


def test_it_pins_every_dependency_within_its_range() -> None:
    locked = pins()
    wrong = []
    for r in map(Requirement, requirements()):
        versions = locked.get(canonicalize_name(r.name), [])
        if not versions or not all(r.specifier.contains(v) for v in versions):
            wrong.append(f"{r}: locked {versions or 'nowhere'}")
    assert not wrong, "run `make lock`"


def test_it_bounds_every_dependency_and_says_why() -> None:
    text = PYPROJECT.read_text(encoding="utf-8")
    for r in requirements():
        line = re.search(rf'^\s*"{re.escape(r)}",\s*#\s*\S.*$', text, re.M)
        assert line, f"{r}: one dependency per line, with a comment saying why it is there"
        bounds = {s.operator for s in Requirement(r).specifier}
        assert ">=" in bounds and "<" in bounds, f"{r}: give a lower and an upper bound"
