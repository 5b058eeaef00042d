"""Reading files and feeds from elsewhere as hostile input.

Every MISP or STIX document Weerbaar reads comes from another organisation,
a feed on the internet or an upload, so it is read under limits decided
*before* any parser runs:

- **size**: a document longer than :attr:`Limits.max_bytes` is refused
  unread (a stream is read at most one byte past the limit);
- **depth**: JSON nested deeper than :attr:`Limits.max_depth` is refused
  (the C decoder recurses once per level; validators and mappers do too);
- **count**: a feed with more than :attr:`Limits.max_events` events, or a
  bundle with more than :attr:`Limits.max_objects` objects, is refused;
- **no entity expansion**: only JSON is accepted. MISP and STIX 2.1 are
  JSON formats; there is no XML parser on any import path, so no DTD, no
  external entity and no "billion laughs" can be expressed at all;
- **strict JSON**: ``NaN``/``Infinity`` and duplicate keys are refused
  rather than resolved silently (the last duplicate winning would let a
  document say two things to two readers).

Examples
--------
>>> load_json(b'{"a": [1, 2]}', "x.json", Limits())
{'a': [1, 2]}
>>> load_json(b'[[[[1]]]]', "x.json", Limits(max_depth=3))
Traceback (most recent call last):
...
weerbaar.interop.records.ImportRefused: x.json: JSON nested more than 3 levels deep
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from weerbaar.interop.records import ImportRefused, refuse
from weerbaar.model.errors import Problem
from weerbaar.model.limits import depth


@dataclass(frozen=True)
class Limits:
    """How much one import may read; the defaults suit a municipality's exchange."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 40
    max_objects: int = 50_000
    max_events: int = 10_000


DEFAULT_LIMITS = Limits()


def read_limited(stream: IO[bytes] | Iterable[bytes], source: str, max_bytes: int) -> bytes:
    """The bytes of ``stream``, or :class:`ImportRefused` once they pass ``max_bytes``.

    Reads at most ``max_bytes + 1`` bytes, so a huge or endless stream costs
    no more memory than an acceptable one.
    """
    chunks: list[bytes] = []
    total = 0
    parts: Iterable[bytes] = (
        iter(lambda: stream.read(64 * 1024), b"") if hasattr(stream, "read") else stream
    )
    for chunk in parts:
        total += len(chunk)
        if total > max_bytes:
            raise too_large(source, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(source: str, max_bytes: int) -> ImportRefused:
    return refuse(source, [f"larger than {max_bytes:,} bytes; not read"])


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def load_json(data: bytes | str, source: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse ``data`` as strict JSON under ``limits``; :class:`ImportRefused` when it is not.

    The size is checked before parsing, the depth right after (and a
    ``RecursionError`` of the decoder, which gives up near Python's own
    recursion limit, is reported as too deep).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > limits.max_bytes:
        raise too_large(source, limits.max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse(source, ["not UTF-8 text"]) from None
    too_deep = refuse(source, [f"JSON nested more than {limits.max_depth} levels deep"])
    try:
        value = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        raise ImportRefused([Problem(source, exc.lineno, f"not JSON: {exc.msg}")]) from None
    except ValueError as exc:
        raise refuse(source, [f"not strict JSON: {exc}"]) from None
    if depth(value) > limits.max_depth:
        raise too_deep
    return value
