"""MISP feeds: the files a MISP instance pulls, and reading such a feed.

A feed is a folder (or the same files under a URL) of

- ``manifest.json``: for each event uuid, the event's summary (``info``,
  ``Orgc``, ``Tag``, ``date``, ``timestamp``…), which a MISP instance reads
  to decide what to fetch;
- ``<uuid>.json``: one file per event, ``{"Event": {...}}``;
- ``hashes.csv``: ``md5 of a value,event uuid`` per line, for MISP's
  feed correlation without downloading events.

These are the files PyMISP's ``to_feed(with_meta=True)`` describes and the
feed generator of the MISP project writes; a MISP instance adds such a feed
as "MISP Feed" with its URL.

Reading a feed trusts nothing in it: the manifest is read under the size
limit, every key must be a uuid (it becomes a file name: ``../`` must not),
the number of events is capped, each event file is read under the limit,
and the whole feed is mapped before anything is returned.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from weerbaar.interop.fetch import fetch
from weerbaar.interop.hostile import DEFAULT_LIMITS, Limits, load_json, read_limited
from weerbaar.interop.misp import event
from weerbaar.interop.mispimport import read_events
from weerbaar.interop.records import Item, Party, refuse
from weerbaar.sharing.tlp import TLP


def feed_event(item: Item) -> tuple[str, dict[str, Any], dict[str, Any], list[str]]:
    """``(uuid, event file, manifest entry, value hashes)`` of one item."""
    ev = event(item)
    out = ev.to_feed(with_meta=True, with_distribution=True)
    body = out["Event"]
    manifest = body.pop("_manifest")
    hashes = body.pop("_hashes")
    return str(ev.uuid), out, manifest[str(ev.uuid)], hashes


def feed_files(items: Iterable[Item]) -> dict[str, bytes]:
    """Every file of the feed of ``items``: name → content."""
    files: dict[str, bytes] = {}
    manifest: dict[str, Any] = {}
    lines: list[str] = []
    for item in items:
        key, body, entry, hashes = feed_event(item)
        files[f"{key}.json"] = json.dumps(body, ensure_ascii=False).encode("utf-8")
        manifest[key] = entry
        lines += [f"{h},{key}" for h in hashes]
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    files["hashes.csv"] = ("\n".join(lines) + "\n" if lines else "").encode("ascii")
    return files


def read_misp_json(
    data: bytes | str,
    source: str,
    *,
    default_owner: Party,
    default_tlp: TLP | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Item]:
    """The items of a MISP JSON file: one event, ``{"response": [...]}`` or a list of events."""
    doc = load_json(data, source, limits)
    if isinstance(doc, dict) and isinstance(doc.get("response"), list):
        doc = doc["response"]
    events = doc if isinstance(doc, list) else [doc]
    if not all(isinstance(e, dict) for e in events) or not events:
        raise refuse(source, ["not MISP JSON: expected an event or a list of events"])
    if len(events) > limits.max_events:
        raise refuse(source, [f"{len(events):,} events; at most {limits.max_events:,} are read"])
    places = [f"events[{n}]" if len(events) > 1 else "event" for n in range(len(events))]
    return read_events(
        zip(places, events, strict=True),
        source,
        default_owner=default_owner,
        default_tlp=default_tlp,
    )


def read_feed(
    location: str | Path,
    *,
    default_owner: Party,
    default_tlp: TLP | None = None,
    limits: Limits = DEFAULT_LIMITS,
    headers: dict[str, str] | None = None,
    allow_private: bool = False,
) -> list[Item]:
    """The items of a MISP feed in a folder or under an ``http(s)://`` URL.

    Raises
    ------
    ImportRefused
        When the manifest, any event file or any event cannot be read or
        kept; then nothing is returned.
    """
    text = str(location)
    read: Callable[[str], bytes]
    if text.startswith(("http://", "https://")):
        base = text if text.endswith("/") else text + "/"

        def read(name: str) -> bytes:
            return fetch(
                base + name, limits.max_bytes, headers=headers, allow_private=allow_private
            )

    else:
        folder = Path(location)

        def read(name: str) -> bytes:
            path = folder / name
            if not path.is_file():
                raise refuse(str(path), ["not found"])
            with path.open("rb") as stream:
                return read_limited(stream, str(path), limits.max_bytes)

    manifest = load_json(read("manifest.json"), f"{text}/manifest.json", limits)
    if not isinstance(manifest, dict):
        raise refuse(f"{text}/manifest.json", ["not a MISP feed manifest: expected an object"])
    if len(manifest) > limits.max_events:
        raise refuse(
            f"{text}/manifest.json",
            [f"{len(manifest):,} events; at most {limits.max_events:,} are read"],
        )
    bad = [key for key in manifest if not _is_uuid(key)]
    if bad:
        raise refuse(f"{text}/manifest.json", [f"{key!r} is not an event uuid" for key in bad[:20]])
    events = [
        (f"{key}.json", load_json(read(f"{key}.json"), f"{text}/{key}.json", limits))
        for key in manifest
    ]
    return read_events(events, text, default_owner=default_owner, default_tlp=default_tlp)


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False
