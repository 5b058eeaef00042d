"""Imports read every file and feed as hostile input (weerbaar.interop.hostile, .fetch)."""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator

import pytest

from interop_items import DORP
from weerbaar.interop.fetch import fetch
from weerbaar.interop.hostile import Limits, load_json, read_limited
from weerbaar.interop.mispfeed import read_misp_json
from weerbaar.interop.records import ImportRefused
from weerbaar.interop.stiximport import read_bundle


def test_it_refuses_a_document_over_the_size_limit_before_parsing() -> None:
    with pytest.raises(ImportRefused, match=r"x\.json: larger than 10 bytes; not read"):
        load_json(b'{"a": "0123456789"}', "x.json", Limits(max_bytes=10))


def test_it_reads_a_stream_no_further_than_one_chunk_past_the_limit() -> None:
    class Endless(io.RawIOBase):
        reads = 0

        def read(self, size: int = -1) -> bytes:
            self.reads += 1
            return b"x" * size

    stream = Endless()
    with pytest.raises(ImportRefused, match="larger than 100,000 bytes"):
        read_limited(stream, "upload", 100_000)
    assert stream.reads <= 2


def test_it_refuses_json_nested_too_deep() -> None:
    with pytest.raises(ImportRefused, match="nested more than 40 levels deep"):
        load_json(b"[" * 41 + b"]" * 41, "x.json")
    with pytest.raises(ImportRefused, match="nested more than 40 levels deep"):
        load_json(b"[" * 100_000 + b"]" * 100_000, "x.json")


def test_it_refuses_duplicate_keys_and_non_json_numbers() -> None:
    with pytest.raises(ImportRefused, match="key 'type' appears twice"):
        load_json(b'{"type": "bundle", "type": "x"}', "x.json")
    with pytest.raises(ImportRefused, match="NaN is not JSON"):
        load_json(b'{"a": NaN}', "x.json")


def test_it_refuses_xml_as_not_json_so_no_entity_is_ever_expanded() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><l>&b;</l>'
    with pytest.raises(ImportRefused, match=r"bomb\.xml:1: not JSON"):
        read_bundle(bomb, "bomb.xml", default_owner=DORP)
    with pytest.raises(ImportRefused, match="not JSON"):
        read_misp_json(bomb, "bomb.xml", default_owner=DORP)


def test_it_refuses_text_that_is_not_utf8() -> None:
    with pytest.raises(ImportRefused, match="not UTF-8"):
        load_json(b'{"a": "\xff"}', "x.json")


def test_it_refuses_a_bundle_with_too_many_objects() -> None:
    doc = {
        "type": "bundle",
        "id": "bundle--5f0c3b9e-8f3c-4f0e-9a52-3d6c7b1e2a10",
        "objects": [{}] * 11,
    }
    with pytest.raises(ImportRefused, match="11 objects; at most 10 are read"):
        read_bundle(json.dumps(doc), "b.json", default_owner=DORP, limits=Limits(max_objects=10))


def test_it_refuses_a_file_of_too_many_events() -> None:
    with pytest.raises(ImportRefused, match="3 events; at most 2 are read"):
        read_misp_json(
            json.dumps([{"Event": {}}] * 3),
            "m.json",
            default_owner=DORP,
            limits=Limits(max_events=2),
        )


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/big":
            self.send_response(200)
            self.end_headers()  # no Content-Length: only the read limit stops it
            self.wfile.write(b"x" * 300_000)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data")
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_it_stops_reading_a_response_at_the_limit(server: str) -> None:
    with pytest.raises(ImportRefused, match="larger than 100,000 bytes"):
        fetch(f"{server}/big", 100_000, allow_private=True)


def test_it_follows_no_redirect(server: str) -> None:
    with pytest.raises(ImportRefused, match="answered 302"):
        fetch(f"{server}/moved", 100_000, allow_private=True)


def test_it_says_what_the_server_answered(server: str) -> None:
    with pytest.raises(ImportRefused, match="answered 404"):
        fetch(f"{server}/missing", 100_000, allow_private=True)


def test_it_fetches_only_http(server: str) -> None:
    with pytest.raises(ImportRefused, match="only http:// and https://"):
        fetch("file:///etc/passwd", 100_000, allow_private=True)


class EndlessTaxii(http.server.BaseHTTPRequestHandler):
    """A TAXII server whose collection says "more" forever."""

    def do_GET(self) -> None:
        if "/objects/" in self.path:
            body: dict[str, object] = {"more": True, "next": "again", "objects": [{"type": "x"}]}
        else:
            body = {"id": "x", "title": "x", "can_read": True, "can_write": False}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/taxii+json;version=2.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_it_stops_a_collection_that_never_ends() -> None:
    from weerbaar.interop.taxiipull import pull

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EndlessTaxii)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(ImportRefused, match="more than 10 objects"):
            pull(
                f"http://127.0.0.1:{httpd.server_port}/api/collections/x/",
                token="t",
                default_owner=DORP,
                limits=Limits(max_objects=10),
                allow_private=True,
            )
    finally:
        httpd.shutdown()
        httpd.server_close()
