"""One shape for the command line: a module per command, no import cycle, README in step."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from weerbaar.cli import main
from weerbaar.commands import MODULES

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("name", MODULES)
def test_it_imports_each_command_module_on_its_own(name: str) -> None:
    # A fresh interpreter: an import cycle through weerbaar.cli shows only there.
    code = (
        f"import sys, weerbaar.commands.{name} as m; "
        "assert m.COMMANDS, 'no COMMANDS'; "
        "assert 'weerbaar.cli' not in sys.modules, 'imports weerbaar.cli'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", MODULES)
def test_it_keeps_each_command_in_the_module_of_its_name(name: str) -> None:
    module = importlib.import_module(f"weerbaar.commands.{name}")
    assert [c.name for c in module.COMMANDS] == [name.replace("_", "-")]


def test_it_registers_every_command_module_and_nothing_else() -> None:
    package = Path(importlib.import_module("weerbaar.commands").__file__ or "").parent
    modules = {p.stem for p in package.glob("*.py")} - {"__init__", "common", "helptext"}
    assert modules == set(MODULES)
    assert set(main.commands) == {name.replace("_", "-") for name in MODULES}


def test_it_lists_in_the_readme_exactly_the_commands_of_help() -> None:
    ctx = click.Context(main)
    helped = [
        (name, main.commands[name].get_short_help_str(limit=1000))
        for name in main.list_commands(ctx)
    ]
    text = README.read_text(encoding="utf-8")
    table = text.split("| command | what it does |\n| --- | --- |\n", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", table, re.M)
    assert rows == helped


def test_it_does_not_load_the_engine_for_help() -> None:
    # Commands import the engine (scipy) when they run, not when listed.
    code = (
        "import sys; from weerbaar.cli import main; "
        "main(['--help'], standalone_mode=False); "
        "bad = [m for m in sys.modules if m.startswith(('scipy', 'weerbaar.engine'))]; "
        "sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
