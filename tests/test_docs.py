"""The documentation, tested: every example runs, every cited rule is stated.

Every fenced block in README.md and docs/*.md has a language. ``sh`` blocks
run line by line as a user would type them, in one scratch directory per
document (so a file one line writes, the next can read), with the files a
user would bring (``gemeente-a.yaml`` …) made by :func:`user_files`; only the
sizes of generated maps and sample counts shrink, to keep the suite fast.
``python`` blocks are executed, ``yaml`` blocks load as map files (nodes the
excerpt names but does not show may be missing) or, starting with
``weerbaar-oefening:``, as complete exercise files; ``text`` (output, layout)
and configuration for other programs (``nginx``) are shown, not run.
"""

from __future__ import annotations

import doctest
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner
from django.core.management import get_commands
from openpyxl import Workbook

from weerbaar.cli import main
from weerbaar.engine import simulate
from weerbaar.exercise.fileformat import parse_exercise
from weerbaar.i18n import language
from weerbaar.model import MapError, parse_map

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LANGUAGES = {"sh", "python", "yaml", "text", "nginx"}
#: Shell lines that are not ``weerbaar``: ``make`` and ``weerbaar-web`` are
#: checked to exist, activating the virtual environment needs nothing here.
NOT_RUN = {"source"}
SETTING = re.compile(r"[A-Z][A-Z0-9_]*=")
#: Sizes the examples use, and the most this test runs (same code path).
SHRINK = {"--municipalities": 2, "--samples": 1000}


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence
    lang: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    start: int | None = None
    for i, line in enumerate(lines):
        if not line.startswith("```"):
            continue
        if start is None:
            start = i
        else:
            lang = lines[start][3:].strip()
            found.append(Block(path, start + 1, lang, "\n".join(lines[start + 1 : i])))
            start = None
    assert start is None, f"{path}:{start}: unclosed code block"
    return found


def shell_lines(block: Block) -> list[tuple[int, list[str]]]:
    """Each command of a ``sh`` block as words, with its line; ``\\`` joins lines."""
    out: list[tuple[int, list[str]]] = []
    pending = ""
    for i, line in enumerate(block.text.split("\n")):
        stripped = line.split(" #")[0].rstrip() if " #" in line else line.rstrip()
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        words = shlex.split(pending + stripped, comments=True)
        pending = ""
        if words:
            out.append((block.line + 1 + i, words))
    return out


def shrink(args: list[str]) -> list[str]:
    out = list(args)
    for i, word in enumerate(out[:-1]):
        if word in SHRINK:
            out[i + 1] = str(min(int(out[i + 1]), SHRINK[word]))
    return out


def user_files(directory: Path) -> None:
    """The files a user would bring to the examples that name their own.

    Municipal maps: three small municipalities that share the regional power
    grid (one party, one node id: shared in a merge) with the same scenario.
    Catalogues: two versions of the example catalogue and a list of one's
    own controls in Excel.
    """
    template = (ROOT / "tests" / "docs_municipality.yaml").read_text(encoding="utf-8")
    for name in ("gemeente-a", "gemeente-b", "gemeente-c", "a", "b"):
        label = name.removeprefix("gemeente-").upper()
        (directory / f"{name}.yaml").write_text(template.replace("{NAME}", label), "utf-8")
    catalogue = (ROOT / "examples" / "voorbeeldcatalogus.md").read_text(encoding="utf-8")
    for name in ("bio2-v1.3.md", "bio2-v1.4.md"):
        (directory / name).write_text(catalogue, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "tekst"])
    sheet.append(["N-1", "Back-ups worden maandelijks teruggezet om ze te testen."])
    book.save(directory / "eigen-normen.xlsx")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    user_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_it_gives_every_code_block_a_known_language() -> None:
    unknown = [b.where for path in DOCS for b in blocks(path) if b.lang not in LANGUAGES]
    assert not unknown, f"label these blocks with one of {sorted(LANGUAGES)}"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_it_runs_every_example_of(path: Path, scratch: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    runner = CliRunner()
    with language("en"):
        for block in blocks(path):
            if block.lang == "sh":
                for line, words in shell_lines(block):
                    where = f"{block.path.relative_to(ROOT)}:{line}"
                    if words[0] == "make":
                        targets = re.findall(r"^([a-z-]+):", makefile, re.M)
                        assert set(words[1:]) <= set(targets), f"{where}: no such make target"
                        continue
                    if words[0] == "weerbaar-web":
                        assert words[1] in get_commands(), f"{where}: no such command"
                        continue
                    if words[0] in NOT_RUN or all(SETTING.match(w) for w in words):
                        continue
                    assert words[0] == "weerbaar", f"{where}: {words[0]} is not runnable here"
                    args, output = shrink(words[1:]), None
                    if ">" in args:
                        args, output = args[: args.index(">")], args[args.index(">") + 1]
                    result = runner.invoke(main, args, catch_exceptions=False)
                    assert result.exit_code == 0, f"{where}: {result.output}"
                    if output:
                        (scratch / output).write_text(result.stdout, encoding="utf-8")
            elif block.lang == "python":
                code = compile(block.text, block.where, "exec")
                exec(code, {"__name__": "docs"})
            elif block.lang == "yaml" and block.text.startswith("weerbaar-oefening:"):
                parse_exercise(block.text, block.where)
            elif block.lang == "yaml":
                _check_map_excerpt(block)


def _check_map_excerpt(block: Block) -> None:
    """A map excerpt is valid but for the nodes it names without showing them.

    References are checked after every key and value, so the only problems
    left to allow are nodes that the excerpt leaves out.
    """
    text = block.text if block.text.startswith("weerbaar:") else "weerbaar: 1\n" + block.text
    try:
        parse_map(text, block.where)
    except MapError as exc:
        other = [str(p) for p in exc.problems if not re.fullmatch(r"unknown node '.+'", p.message)]
        assert not other, "\n".join(other)


def test_it_shows_the_monte_carlo_figures_the_readme_gives(scratch: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    figures = re.search(r"impact score is p5 ([\d.]+), median ([\d.]+), p95\s+([\d.]+)", text)
    assert figures, "README no longer quotes the Monte Carlo figures"
    args = "montecarlo examples/gemeente-voorbeeld.yaml --scenario ransomware-gemeente"
    result = CliRunner().invoke(main, [*args.split(), "--samples", "1000", "--seed", "1"])
    p5, p50, p95 = figures.groups()
    assert f"p5 {p5}, median {p50}, p95 {p95}" in result.output


# The rules of the cascade semantics, numbered in docs/engine.md.

CITATION = re.compile(r"\b[Rr]ules? (\d+)((?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*[–-]\s*)\d+)*)")


def cited_rules(text: str) -> set[int]:
    """Every rule number a text cites: "rule 2", "rules 3 and 4", "rules 1–4".

    Examples
    --------
    >>> sorted(cited_rules("by rule 2; rules 3 and 4; Rules 1–3, not rule 6"))
    [1, 2, 3, 4, 6]
    """
    numbers: set[int] = set()
    for first, rest in CITATION.findall(text):
        found = [int(first), *map(int, re.findall(r"\d+", rest))]
        if re.search(r"[–-]", rest) and len(found) == 2:
            found = list(range(found[0], found[1] + 1))
        numbers.update(found)
    return numbers


def stated_rules() -> dict[int, str]:
    engine = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    section = engine.split("\n## The rules\n", 1)[1].split("\n## ", 1)[0]
    return {int(n): title for n, title in re.findall(r"^(\d+)\. \*\*(.+?)\*\*", section, re.M)}


def test_it_states_every_rule_the_code_cites() -> None:
    rules = stated_rules()
    assert sorted(rules) == list(range(1, len(rules) + 1))
    sources = [
        p
        for folder in ("src", "tests", "bench")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "test_docs.py"
    ]
    citing = {
        f"{p.relative_to(ROOT)}: rule {n}"
        for p in sources
        for n in cited_rules(p.read_text(encoding="utf-8"))
        if n not in rules
    }
    assert not citing, "cited but not stated in docs/engine.md"
    assert cited_rules("".join(p.read_text(encoding="utf-8") for p in sources)) == set(rules)


# Generated prose of docs/performance.md.


@pytest.fixture(scope="module")
def prose() -> object:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import prose

        return prose
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_it_keeps_the_generated_prose_of_the_performance_page(prose: object) -> None:
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    for section in ("how_section", "method_section"):
        assert getattr(prose, section)() in page, f"docs/performance.md: rerun bench for {section}"


def test_it_describes_the_order_of_an_instant_as_the_engine_runs_it(prose: object) -> None:
    # C needs one of A and B and is in a cycle with D; A comes back at the
    # very instant B fails. Dropping first keeps C up; spreading first would
    # put C and D down for an instant and leave them in a false deadlock.
    m = parse_map(
        dedent(
            """
        weerbaar: 1
        nodes:
          - {id: a}
          - {id: b}
          - {id: c, requires: [{any: [a, b]}, d]}
          - {id: d, requires: [c]}
        scenarios:
          - {id: s, failures: [{node: a, at: 0, duration: 5}, {node: b, at: 5, duration: 5}]}
        """
        )
    )
    result = simulate(m, "s")
    engine_drops_first = "c" not in result.down
    how = prose.how_section()
    sentence = how[how.index("the two passes of an instant") :].split(")", 1)[0]
    prose_drops_first = sentence.index("dropping") < sentence.index("spreading")
    assert prose_drops_first == engine_drops_first
    engine_md = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    steps = engine_md[engine_md.index("At each event time the engine") :]
    assert (steps.index("removes") < steps.index("adds")) == engine_drops_first


def test_it_can_fail_on_a_missing_rule() -> None:
    assert 7 in cited_rules("see rule 7") and 7 not in stated_rules()


def test_it_keeps_the_performance_sections_that_make_bench_does_not_write() -> None:
    # bench/interop.py, sharing.py and pages.py write their sections by hand
    # (minutes each); `make bench` rewriting the page must keep them.
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import run  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert doctest.testmod(run).failed == 0
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    kept = run.keep_other_sections(page, "# Performance\n")
    assert [h for h, _ in run.sections(kept)] == ["", *[h for h, _ in run.sections(page)][1:]]
