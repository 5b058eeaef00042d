"""A CSAF provider's provider-metadata.json and ROLIE feed, served by a local HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from advisory_docs import document
from weerbaar.advisories import AdvisoryError, read_paths, read_provider


class Provider:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        files = self.files

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def publish(self, documents: dict[str, object]) -> None:
        meta = {"distributions": [{"rolie": {"feeds": [{"url": "/feed/white.json"}]}}]}
        entries = [{"id": name, "content": {"src": f"/docs/{name}"}} for name in documents]
        self.files["/.well-known/csaf/provider-metadata.json"] = json.dumps(meta).encode()
        self.files["/feed/white.json"] = json.dumps({"feed": {"entry": entries}}).encode()
        for name, doc in documents.items():
            self.files[f"/docs/{name}"] = json.dumps(doc).encode()


@pytest.fixture
def provider() -> Iterator[Provider]:
    p = Provider()
    thread = threading.Thread(target=p.server.serve_forever, daemon=True)
    thread.start()
    yield p
    p.server.shutdown()
    p.server.server_close()


def test_it_reads_every_document_the_feed_lists(provider: Provider) -> None:
    second = document(document__tracking__id="NCSC-2099-0002")
    provider.publish({"a.json": document(), "b.json": second})
    found = read_provider(provider.url)
    assert sorted(a.id for a in found) == ["NCSC-2099-0001", "NCSC-2099-0002"]
    assert found[0].source.startswith(provider.url + "/docs/")
    again = read_paths([provider.url + "/.well-known/csaf/provider-metadata.json"])
    assert len(again) == 2


def test_one_bad_document_in_the_feed_gives_nothing_and_says_where(provider: Provider) -> None:
    provider.publish({"a.json": document(), "b.json": document(document__title=None)})
    with pytest.raises(AdvisoryError) as caught:
        read_provider(provider.url)
    assert caught.value.problems == [
        f"{provider.url}/docs/b.json: $.document.title: required key is missing"
    ]


def test_it_names_a_missing_document_and_an_unreachable_provider(provider: Provider) -> None:
    provider.publish({"a.json": document()})
    del provider.files["/docs/a.json"]
    with pytest.raises(AdvisoryError, match="answered 404"):
        read_provider(provider.url)
    with pytest.raises(AdvisoryError, match="not reachable"):
        read_provider("http://127.0.0.1:9/")


def test_it_refuses_a_feed_without_entries(provider: Provider) -> None:
    provider.publish({})
    provider.files["/feed/white.json"] = b'{"feed": {"entry": "nee"}}'
    with pytest.raises(AdvisoryError, match=r"\$\.feed\.entry"):
        read_provider(provider.url)
