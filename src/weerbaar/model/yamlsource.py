"""Read YAML and remember the line of every key and list item.

PyYAML's composer keeps a mark on every node; walking the node tree ourselves
(instead of ``yaml.safe_load``) lets us keep those marks, reject duplicate keys
(which ``safe_load`` silently lets the last one win) and report every problem
as ``file:line``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from weerbaar.model.errors import MapError, Problem

Path_ = tuple[str | int, ...]


def read_text(path: Path | str) -> str:
    """Read a map file as UTF-8 text, or raise a located :class:`MapError`."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise MapError([Problem(source, 0, f"cannot read file: {exc.strerror}")]) from None
    if b"\x00" in raw:
        raise MapError([Problem(source, 1, "not a text file (binary data)")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MapError([Problem(source, line, "not UTF-8 text")]) from None


def load_yaml(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text`` and return ``(data, lines)``.

    ``lines`` maps each path of keys and indices to its 1-based line.

    Examples
    --------
    >>> data, lines = load_yaml("a:\\n  - 1\\n  - x: 2\\n", "m.yaml")
    >>> data
    {'a': [1, {'x': 2}]}
    >>> lines[("a", 1, "x")]
    3
    """
    try:
        # libyaml's composer, where installed, keeps the same marks and is faster.
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            # The file ended inside something left open (a bracket, a quote):
            # where it was opened says more than the end of the file does.
            mark = exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = exc.problem or exc.context or "invalid YAML"
        raise MapError([Problem(source, line, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise MapError([Problem(source, 1, f"YAML error: {exc}")]) from None
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    if root is None:
        raise MapError([Problem(source, 1, "the file is empty")])
    constructor = yaml.SafeLoader("")
    data = _build(root, (), lines, problems, source, constructor)
    if problems:
        raise MapError(problems)
    return data, lines


def _build(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    problems: list[Problem],
    source: str,
    constructor: yaml.SafeLoader,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, {}, problems, source, constructor)
            if not isinstance(key, str | int | float | bool) or key is None:
                problems.append(Problem(source, key_node.start_mark.line + 1, "a key must be text"))
                continue
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                problems.append(
                    Problem(source, key_node.start_mark.line + 1, f"duplicate key {key!r}")
                )
                continue
            result[key] = _build(value_node, (*path, key), lines, problems, source, constructor)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, i), lines, problems, source, constructor)
            for i, item in enumerate(node.value)
        ]
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problems.append(Problem(source, node.start_mark.line + 1, f"bad value: {exc}"))
        return None
