"""Where advisories come from: files, folders, and a CSAF provider over HTTP.

A provider publishes ``provider-metadata.json``, which lists its
distributions: ROLIE feeds (``rolie.feeds[].url``, JSON with
``feed.entry[].content.src`` naming each document) or a directory. Every
download has a size limit and a timeout, only ``http``/``https`` are
followed, and a set of documents is read as a whole: when one of them has a
problem, every problem is reported and no advisory is returned, so that a
malformed or hostile document changes nothing.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from weerbaar.advisories.csaf import MAX_BYTES, Advisory, AdvisoryError, parse_document

#: The most documents read from one folder or provider.
MAX_DOCUMENTS = 10_000
#: Seconds to wait for a provider's answer.
TIMEOUT = 10.0
#: The largest provider-metadata.json or feed read.
MAX_INDEX_BYTES = 20 * 1024 * 1024
PROVIDER_METADATA = "provider-metadata.json"

#: How a provider's files are downloaded: ``(url, limit) -> body``, raising
#: AdvisoryError. The web app passes one that refuses non-public addresses
#: (:mod:`weerbaar.web.advisories.provider`).
Fetcher = Callable[[str, int], bytes]


def _document_files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(
            p for p in path.rglob("*.json") if p.is_file() and p.name != PROVIDER_METADATA
        )
    else:
        yield path


def read_paths(paths: Iterable[str | Path]) -> list[Advisory]:
    """Advisories from files and folders (``*.json`` below a folder), or raise
    :class:`AdvisoryError` with every problem; ``http(s)://`` addresses and
    files named ``provider-metadata.json`` are read as a provider."""
    out: list[Advisory] = []
    problems: list[str] = []
    for given in paths:
        text = str(given)
        try:
            if text.startswith(("http://", "https://")):
                out += read_provider(text)
                continue
            path = Path(text)
            if path.name == PROVIDER_METADATA and path.is_file():
                out += read_provider_metadata(_read_file(path, MAX_INDEX_BYTES), text)
                continue
            if not path.exists():
                problems.append(f"{text}: no such file or folder")
                continue
            files = list(_document_files(path))
            if len(out) + len(files) > MAX_DOCUMENTS:
                problems.append(f"{text}: more than {MAX_DOCUMENTS} documents")
                continue
            for f in files:
                try:
                    out.append(parse_document(_read_file(f, MAX_BYTES), str(f)))
                except AdvisoryError as exc:
                    problems += exc.problems
        except AdvisoryError as exc:
            problems += exc.problems
    if problems:
        raise AdvisoryError(problems)
    return out


def _read_file(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise AdvisoryError([f"{path}: cannot be read ({exc.strerror})"]) from None
    if len(raw) > limit:
        raise AdvisoryError([f"{path}: larger than {limit // (1024 * 1024)} MiB"])
    return raw


def fetch(url: str, limit: int) -> bytes:
    """The body at ``url``, at most ``limit`` bytes, or a located AdvisoryError."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise AdvisoryError([f"{url}: only http and https addresses are followed"])
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            raw: bytes = answer.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise AdvisoryError([f"{url}: the provider answered {exc.code} {exc.reason}"]) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise AdvisoryError([f"{url}: not reachable ({reason})"]) from None
    if len(raw) > limit:
        raise AdvisoryError([f"{url}: larger than {limit // (1024 * 1024)} MiB"])
    return raw


def _json(raw: bytes, source: str) -> object:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise AdvisoryError([f"{source}: not JSON ({exc})"]) from None


def metadata_url(url: str) -> str:
    """The address of a provider's ``provider-metadata.json``: ``url`` itself when it
    names a JSON file, else below it (``/.well-known/csaf/provider-metadata.json``)."""
    if url.endswith(".json"):
        return url
    return urljoin(url.rstrip("/") + "/", ".well-known/csaf/" + PROVIDER_METADATA)


def read_provider(url: str, get: Fetcher | None = None) -> list[Advisory]:
    """Every advisory a provider's feeds list, from its ``provider-metadata.json``.

    ``url`` is that file's address, or the provider's address below which it
    lies (``/.well-known/csaf/provider-metadata.json``). ``get`` downloads
    (:func:`fetch` when not given).
    """
    get = get or fetch
    url = metadata_url(url)
    return read_provider_metadata(get(url, MAX_INDEX_BYTES), url, get)


def read_provider_metadata(raw: bytes, source: str, get: Fetcher | None = None) -> list[Advisory]:
    """The advisories of the ROLIE feeds a provider-metadata.json lists."""
    get = get or fetch
    meta = _json(raw, source)
    distributions = meta.get("distributions") if isinstance(meta, dict) else None
    if not isinstance(distributions, list):
        raise AdvisoryError([f"{source}: $.distributions: a list of distributions is missing"])
    feeds = []
    for i, d in enumerate(distributions):
        rolie = d.get("rolie") if isinstance(d, dict) else None
        for j, feed in enumerate(rolie.get("feeds", []) if isinstance(rolie, dict) else []):
            url = feed.get("url") if isinstance(feed, dict) else None
            if not isinstance(url, str):
                path = f"$.distributions[{i}].rolie.feeds[{j}].url"
                raise AdvisoryError([f"{source}: {path}: the feed has no url"])
            feeds.append(urljoin(source, url))
    if not feeds:
        raise AdvisoryError([f"{source}: $.distributions: no ROLIE feed to read"])
    urls: list[str] = []
    for feed_url in feeds:
        urls += _feed_documents(get(feed_url, MAX_INDEX_BYTES), feed_url)
    if len(urls) > MAX_DOCUMENTS:
        raise AdvisoryError([f"{source}: the feeds list more than {MAX_DOCUMENTS} documents"])
    out, problems = [], []
    for doc_url in dict.fromkeys(urls):
        try:
            out.append(parse_document(get(doc_url, MAX_BYTES), doc_url))
        except AdvisoryError as exc:
            problems += exc.problems
    if problems:
        raise AdvisoryError(problems)
    return out


def _feed_documents(raw: bytes, source: str) -> list[str]:
    data = _json(raw, source)
    feed = data.get("feed") if isinstance(data, dict) else None
    entries = feed.get("entry", []) if isinstance(feed, dict) else None
    if not isinstance(entries, list):
        raise AdvisoryError([f"{source}: $.feed.entry: a ROLIE feed lists its entries there"])
    out = []
    for i, entry in enumerate(entries):
        content = entry.get("content") if isinstance(entry, dict) else None
        src = content.get("src") if isinstance(content, dict) else None
        if not isinstance(src, str):
            raise AdvisoryError([f"{source}: $.feed.entry[{i}].content.src: missing"])
        out.append(urljoin(source, src))
    return out
