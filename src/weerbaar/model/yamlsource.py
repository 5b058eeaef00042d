"""Read YAML and remember the line of every key and list item.

The data is built straight from libyaml's parse events rather than from
PyYAML's node tree: the composer makes two Python objects (a node and its
marks) per value and resolves each scalar's type in Python, which made it
the slowest part of loading a large map (about 10 s of the 13 s of a map of
300 municipalities). Building from events keeps everything the node tree
gave us:

- the line of every key and list item (``file:line`` in every problem);
- duplicate keys refused (``yaml.safe_load`` lets the last one win);
- PyYAML's own rules for what a plain scalar means (``yes``, ``1_000``,
  ``~``), resolved through PyYAML's resolver and safe constructor, so a file
  means exactly what it meant before; ``!!python/object`` stays refused;

and it counts while it reads: aliases count as the nodes they repeat, and a
file past :meth:`~weerbaar.model.limits.Limits.yaml_nodes` or nested deeper
than :data:`MAX_DEPTH` is refused before it costs more than its own size
(a 490-byte "billion laughs" file in a few milliseconds).

The lines cost a third of the parse (a tuple of keys per value of a large
map), and a valid map never looks at them: they are only read to place a
problem. So :func:`load_yaml` parses without them and returns a
:class:`Lines` that parses the text again, keeping the lines, the first time
one is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from weerbaar.i18n import _, number
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.limits import DEFAULT_LIMITS, Limits

Path_ = tuple[str | int, ...]

#: Deepest nesting of lists and mappings; a map needs about ten levels.
MAX_DEPTH = 200

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_Parser: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed
_RESOLVER = yaml.resolver.Resolver()
# A plain scalar whose first character starts no implicit type is text;
# PyYAML's resolver keys its rules the same way.
_TYPED_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)
_CONSTRUCTOR = yaml.SafeLoader("")
_SKIP = object()  # the value of a refused key


def read_text(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a map file as UTF-8 text, or raise a located :class:`MapError`."""
    source = str(path)
    try:
        size = Path(path).stat().st_size
        if size > limits.max_bytes:
            raise MapError([Problem(source, 0, _too_large(size, limits.max_bytes))])
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise MapError(
            [Problem(source, 0, _("cannot read file: {reason}").format(reason=exc.strerror))]
        ) from None
    if b"\x00" in raw:
        raise MapError([Problem(source, 1, _("not a text file (binary data)"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MapError([Problem(source, line, _("not UTF-8 text"))]) from None


def _too_large(size: int, limit: int) -> str:
    return _("the file is {size} bytes; at most {limit} bytes are accepted").format(
        size=number(size), limit=number(limit)
    )


def load_yaml(
    text: str, source: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, Mapping[Path_, int]]:
    """Parse ``text`` and return ``(data, lines)``.

    ``lines`` maps each path of keys and indices to its 1-based line; it is a
    :class:`Lines`, filled on first use.

    Examples
    --------
    >>> data, lines = load_yaml("a:\\n  - 1\\n  - x: 2\\n", "m.yaml")
    >>> data
    {'a': [1, {'x': 2}]}
    >>> lines[("a", 1, "x")]
    3
    >>> load_yaml("a: &x [*y]", "m.yaml")
    Traceback (most recent call last):
    ...
    weerbaar.model.errors.MapError: m.yaml:1: YAML syntax error: found undefined alias 'y'
    """
    if len(text) > limits.max_bytes:
        raise MapError([Problem(source, 0, _too_large(len(text), limits.max_bytes))])
    builder = _build(text, source, limits, keep_lines=False)
    return builder.root, Lines(text, source, limits)


class Lines(Mapping[Path_, int]):
    """The line of each path of keys in ``text``, found when first asked for.

    The text is parsed again with the lines kept; it parsed once already, so
    it parses the same way again.
    """

    def __init__(self, text: str, source: str, limits: Limits) -> None:
        self._text: str | None = text
        self._source = source
        self._limits = limits
        self._lines: dict[Path_, int] = {}

    def _found(self) -> dict[Path_, int]:
        if self._text is not None:
            self._lines = _build(self._text, self._source, self._limits, keep_lines=True).lines
            self._text = None  # the text is not needed any more
        return self._lines

    def __getitem__(self, path: Path_) -> int:
        return self._found()[path]

    def __contains__(self, path: object) -> bool:
        return path in self._found()

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())

    def __reduce__(self) -> tuple[Any, ...]:
        # A pickle (a map sent to a worker process) carries the lines found.
        return (dict, (self._found(),))


def _build(text: str, source: str, limits: Limits, *, keep_lines: bool) -> _Builder:
    """Parse ``text`` into a builder's ``root`` (and its ``lines`` when kept)."""
    builder = _Builder(source, limits.yaml_nodes(len(text)), keep_lines=keep_lines)
    parser = _Parser(text)
    try:
        data = builder.run(parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            # The file ended inside something left open (a bracket, a quote):
            # where it was opened says more than the end of the file does.
            mark = exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = exc.problem or exc.context or "invalid YAML"
        raise MapError(
            [Problem(source, line, _("YAML syntax error: {what}").format(what=what))]
        ) from None
    except yaml.YAMLError as exc:
        raise MapError([Problem(source, 1, _("YAML error: {what}").format(what=exc))]) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    if builder.problems:
        raise MapError(builder.problems)
    builder.root = data
    return builder


class _Frame:
    """A list or mapping being filled, and where its items go."""

    __slots__ = ("anchor", "key", "key_line", "line", "path", "start", "value")

    def __init__(
        self, value: Any, path: Path_ | None, anchor: str | None, start: int, line: int
    ) -> None:
        self.value = value
        self.line = line
        self.path = path  # None for a mapping used as a key: its lines are not kept
        self.anchor = anchor
        self.start = start  # nodes counted when it began, to size its anchor
        self.key: Any = None  # a mapping's key waiting for its value
        self.key_line = 0


class _Builder:
    def __init__(self, source: str, max_nodes: int, *, keep_lines: bool = True) -> None:
        self.source = source
        self.keep_lines = keep_lines
        self.max_nodes = max_nodes
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # value and number of nodes
        self.count = 0
        self.scalars: dict[tuple[str, str], Any] = {}
        self.plain: dict[str, Any] = {}  # plain scalars seen, by their text
        self.root: Any = None

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.source, line, message))

    def run(self, parser: Any) -> Any:
        stack: list[_Frame] = []
        lines = self.lines
        keep_lines = self.keep_lines
        documents = 0
        get_event = parser.get_event
        scalar_event = ev.ScalarEvent
        max_nodes = self.max_nodes
        plain = self.plain
        # The innermost open mapping, or None: most events are its keys and
        # values, so it is kept at hand rather than looked up on the stack.
        top: dict[Any, Any] | None = None
        frame = _Frame(None, None, None, 0, 0)  # stack[-1] while top is not None
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                # The hot path (most events are plain text keys and values),
                # inlined: the general path is attach() and scalar().
                value = event.value
                if event.tag is not None or (
                    event.implicit[0] and (not value or value[0] in _TYPED_FIRST)
                ):
                    value = (
                        plain[value]
                        if value in plain and event.tag is None
                        else (self.scalar(event))
                    )
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                self.count += 1
                if self.count > max_nodes:
                    self.grow(0, event)
                if top is not None:
                    key = frame.key
                    if key is None:
                        if type(value) is str and value not in top:
                            frame.key = value
                            if keep_lines:
                                frame.key_line = event.start_mark.line + 1
                            continue
                    elif key is not _SKIP:
                        top[key] = value
                        frame.key = None
                        if keep_lines and frame.path is not None:
                            lines[(*frame.path, key)] = frame.key_line
                        continue
                self.attach(stack, value, event.start_mark.line + 1)
                continue
            elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                self.grow(1, event)
                if len(stack) >= MAX_DEPTH:
                    raise self.refuse(
                        event,
                        _("the file is nested more than {depth} levels deep").format(
                            depth=MAX_DEPTH
                        ),
                    )
                self.check_tag(event, _MAP if kind is ev.MappingStartEvent else _SEQ)
                path = self.child_path(stack[-1]) if stack else (() if keep_lines else None)
                line = event.start_mark.line + 1
                if path is not None:
                    lines[path] = line
                container: Any = {} if kind is ev.MappingStartEvent else []
                frame = _Frame(container, path, event.anchor, self.count - 1, line)
                stack.append(frame)
                top = container if kind is ev.MappingStartEvent else None
                continue
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                done = stack.pop()
                value = done.value
                size = self.count - done.start
                if done.anchor is not None:
                    self.anchors[done.anchor] = (value, size)
                self.attach(stack, value, done.line)
                if stack:
                    frame = stack[-1]
                    top = frame.value if type(frame.value) is dict else None
                else:
                    top = None
                continue
            elif kind is ev.AliasEvent:
                if event.anchor not in self.anchors:
                    raise yaml.composer.ComposerError(
                        None,
                        None,
                        f"found undefined alias {event.anchor!r}",
                        event.start_mark,
                    )
                value, size = self.anchors[event.anchor]
                self.grow(size, event)
                self.attach(stack, value, event.start_mark.line + 1)
                continue
            elif kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        None,
                        "but found another document",
                        event.start_mark,
                    )
                continue
            elif kind is ev.StreamEndEvent:
                break
            # Otherwise the start of the stream or the end of the document.
        if documents == 0 or self.root is None:
            raise MapError([Problem(self.source, 1, _("the file is empty"))])
        return self.root

    def attach(self, stack: list[_Frame], value: Any, line: int) -> None:
        """Put a finished value (starting at ``line``) into the list or mapping around it."""
        lines = self.lines
        if not stack:
            self.root = value
            if self.keep_lines:
                lines.setdefault((), line)
            return
        frame = stack[-1]
        parent = frame.value
        if type(parent) is list:
            if frame.path is not None:
                lines[(*frame.path, len(parent))] = line
            parent.append(value)
            return
        if frame.key is None:  # the value is a key
            if not isinstance(value, str | int | float | bool) or value is _SKIP:
                self.problem(line, _("a key must be text"))
                frame.key = _SKIP
            else:
                key = value if isinstance(value, str) else str(value)
                if key in parent:
                    self.problem(line, _("duplicate key {key!r}").format(key=key))
                    frame.key = _SKIP
                else:
                    frame.key = key
            frame.key_line = line
            return
        key, frame.key = frame.key, None
        if key is _SKIP:
            return
        parent[key] = value
        if frame.path is not None:
            lines[(*frame.path, key)] = frame.key_line

    def child_path(self, frame: _Frame) -> Path_ | None:
        if frame.path is None:
            return None
        if type(frame.value) is list:
            return (*frame.path, len(frame.value))
        if frame.key is None or frame.key is _SKIP:
            return None  # a key, or the value of a refused key
        return (*frame.path, frame.key)

    def grow(self, size: int, event: Any) -> None:
        self.count += size
        if self.count > self.max_nodes:
            raise self.refuse(
                event,
                _(
                    "the file expands to more than {limit} values (aliases counted as "
                    "what they repeat); it is refused as too much work for its size"
                ).format(limit=number(self.max_nodes)),
            )

    def refuse(self, event: Any, message: str) -> MapError:
        return MapError([Problem(self.source, event.start_mark.line + 1, message)])

    def check_tag(self, event: Any, plain: str) -> None:
        if event.tag not in (None, "!", plain):
            self.problem(
                event.start_mark.line + 1,
                _("bad value: the tag {tag!r} is not allowed").format(tag=event.tag),
            )

    def scalar(self, event: Any) -> Any:
        value: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            plain = event.implicit[0]
            if not plain or (value and value[0] not in _TYPED_FIRST):
                return value
            tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _STR:
            if event.tag is None:
                self.plain[value] = value
            return value
        key = (tag, value)
        if key in self.scalars:
            return self.scalars[key]
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        constructor = _CONSTRUCTOR.yaml_constructors.get(tag)
        try:
            if constructor is None:
                _CONSTRUCTOR.construct_undefined(node)
            result = constructor(_CONSTRUCTOR, node)
        except yaml.YAMLError as exc:
            self.problem(event.start_mark.line + 1, _("bad value: {what}").format(what=str(exc)))
            return None
        if result is None or isinstance(result, bool | int | float | str):
            self.scalars[key] = result  # immutable: safe to share
            if event.tag is None and event.implicit[0]:
                self.plain[value] = result
        return result
