"""Work limits on input: hostile files are refused fast, before they cost memory.

Every hostile file is made here; none is committed.
"""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from weerbaar.model import MapError, parse_map
from weerbaar.model.excel import import_xlsx
from weerbaar.model.limits import DEFAULT_LIMITS, Limits, depth
from weerbaar.model.yamlsource import MAX_DEPTH, load_yaml


def billion_laughs(levels: int) -> str:
    """Ten times as many values per level: ``levels`` = 9 expands to 10^9."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 10)}]")
    return "\n".join(lines) + "\n"


def refusal(text: str, limits: Limits = DEFAULT_LIMITS) -> str:
    with pytest.raises(MapError) as info:
        load_yaml(text, "lol.yaml", limits)
    (problem,) = info.value.problems
    return str(problem)


@pytest.mark.parametrize("levels", [7, 9])
def test_it_refuses_nested_aliases_fast_and_without_memory(levels: int) -> None:
    text = billion_laughs(levels)
    assert len(text) < 600
    tracemalloc.start()
    start = time.perf_counter()
    message = refusal(text)
    elapsed = time.perf_counter() - start
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1 and peak < 5_000_000
    assert message.startswith("lol.yaml:")
    assert "expands to more than 100,000 values" in message


def test_it_allows_ordinary_anchors() -> None:
    data, _lines = load_yaml("a: &x {tolerance: 4h}\nb: *x\nc: *x\n", "m.yaml")
    assert data["b"] == data["c"] == {"tolerance": "4h"}


def test_it_scales_the_limit_with_the_file() -> None:
    limits = Limits(yaml_nodes_per_byte=2, min_yaml_nodes=10)
    text = "[" + ", ".join(["1"] * 40) + "]"
    assert load_yaml(text, "m.yaml", limits)[0] == [1] * 40
    text = billion_laughs(3)
    assert f"more than {2 * len(text):,} values" in refusal(text, limits)


def test_it_refuses_deep_nesting() -> None:
    text = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert f"nested more than {MAX_DEPTH} levels deep" in refusal(text)


def test_it_refuses_a_file_past_the_size_limit() -> None:
    assert "at most 10 bytes" in refusal("weerbaar: 1\n", Limits(max_bytes=10))


@pytest.mark.parametrize(
    "text",
    [
        "weerbaar: !!python/object/apply:os.system [echo hi]\n",
        "weerbaar: !!python/object:os.system {}\n",
        "weerbaar: !!python/name:os.system ''\n",
    ],
)
def test_it_refuses_python_objects(text: str) -> None:
    with pytest.raises(MapError, match="tag"):
        parse_map(text, "m.yaml")


def test_it_refuses_a_recursive_alias() -> None:
    assert "undefined alias" in refusal("a: &a [*a]\n")


# -- workbooks -----------------------------------------------------------------


def zip_bomb(path: Path, inflated: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * inflated + b"</sst>")


def test_it_refuses_a_workbook_that_inflates_too_far(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    zip_bomb(path, 2_000_000)
    assert path.stat().st_size < 10_000
    with pytest.raises(MapError) as info:
        import_xlsx(path, Limits(max_xlsx_inflated_bytes=1_000_000))
    (problem,) = info.value.problems
    assert "inflates to 2,000," in str(problem) and "xl/sharedStrings.xml" in str(problem)


def test_it_reads_the_sizes_from_the_central_directory_before_inflating(tmp_path: Path) -> None:
    # A part that says it inflates to a gigabyte: refused from the directory
    # alone, in well under a second, without inflating anything.
    path = tmp_path / "giga.xlsx"
    zip_bomb(path, 1000)
    raw = bytearray(path.read_bytes())
    entry = raw.rindex(b"PK\x01\x02")  # the central directory entry of the last part
    raw[entry + 24 : entry + 28] = struct.pack("<I", 2**30)
    path.write_bytes(bytes(raw))
    start = time.perf_counter()
    with pytest.raises(MapError, match="inflates to 1,073,74"):
        import_xlsx(path)
    assert time.perf_counter() - start < 1


def test_it_refuses_a_workbook_with_too_many_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "kaart"
    for row in range(20):
        ws.append([f"c{row}-{col}" for col in range(10)])
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "cellen.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(MapError, match="more than 100 cells"):
        import_xlsx(path, Limits(max_xlsx_cells=100))


def test_it_measures_depth_without_recursion() -> None:
    assert depth(1) == 0
    assert depth([]) == 1
    assert depth({"a": [1, {"b": []}]}) == 4
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    assert depth(deep) == 100_001
