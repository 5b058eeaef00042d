"""MISP events and feeds of shared items (weerbaar.interop.misp, .mispfeed, .mispimport)."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymisp import Distribution, MISPEvent

from interop_items import DORP, items
from weerbaar.interop.misp import distribution, event
from weerbaar.interop.mispfeed import feed_files, read_feed, read_misp_json
from weerbaar.interop.records import ImportRefused, Kind
from weerbaar.sharing.tlp import TLP


def write_feed(folder: Path) -> dict[str, bytes]:
    files = feed_files(items())
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return files


def test_it_derives_the_distribution_from_label_and_community() -> None:
    assert distribution(TLP.CLEAR, None) is Distribution.all_communities
    assert distribution(TLP.GREEN, "Veiligheidsregio Testland") is Distribution.this_community_only
    for tlp in (TLP.AMBER, TLP.AMBER_STRICT, TLP.RED):
        assert distribution(tlp, "Veiligheidsregio Testland") is Distribution.your_organisation_only


def test_it_builds_events_pymisp_loads_back() -> None:
    for item in items():
        loaded = MISPEvent()
        loaded.load(event(item).to_json())
        assert loaded.info == item.title
        assert item.tlp.tag in [t.name for t in loaded.tags]
        assert int(loaded.distribution) == distribution(item.tlp, item.community).value
    indicator = next(i for i in items() if i.kind is Kind.INDICATOR)
    loaded = MISPEvent()
    loaded.load(event(indicator).to_json())
    assert {a.type for a in loaded.attributes} == {"ip-dst", "domain", "url"}
    assert [o.name for o in loaded.objects] == ["file"]


def test_it_writes_a_feed_pymisp_and_misp_can_read(tmp_path: Path) -> None:
    files = write_feed(tmp_path)
    manifest = json.loads(files["manifest.json"])
    assert len(manifest) == len(items())
    for key, entry in manifest.items():
        loaded = MISPEvent()
        loaded.load(files[f"{key}.json"])
        assert loaded.uuid == key and loaded.info == entry["info"]
        assert any(t["name"].startswith("tlp:") for t in entry["Tag"])
    lines = files["hashes.csv"].decode().splitlines()
    assert all(len(h) == 32 and k in manifest for h, k in (line.split(",") for line in lines))


def test_it_writes_the_same_feed_every_time() -> None:
    assert feed_files(items()) == feed_files(items())


def test_it_reads_its_own_feed_back_from_a_folder(tmp_path: Path) -> None:
    write_feed(tmp_path)
    again = {i.title: i for i in read_feed(tmp_path, default_owner=DORP)}
    for before in items():
        after = again[before.title]
        assert (
            after.kind,
            after.tlp,
            after.body,
            after.owner,
            after.observables,
            after.dependency,
            after.cves,
        ) == (
            before.kind,
            before.tlp,
            before.body,
            before.owner,
            before.observables,
            before.dependency,
            before.cves,
        )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The folder tmp_path served by http.server on a free local port."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_it_reads_a_feed_over_http(tmp_path: Path, served: str) -> None:
    write_feed(tmp_path)
    found = read_feed(served, default_owner=DORP, allow_private=True)
    assert sorted(i.title for i in found) == sorted(i.title for i in items())


def test_it_refuses_a_feed_on_a_private_address_unless_allowed(tmp_path: Path, served: str) -> None:
    write_feed(tmp_path)
    with pytest.raises(ImportRefused, match="non-public address"):
        read_feed(served, default_owner=DORP)


def test_it_refuses_a_manifest_key_that_is_not_a_uuid(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"../../etc/passwd": {}}))
    with pytest.raises(ImportRefused, match=re.escape("'../../etc/passwd' is not an event uuid")):
        read_feed(tmp_path, default_owner=DORP)


def test_it_refuses_the_whole_feed_for_one_attribute_it_cannot_keep(tmp_path: Path) -> None:
    files = write_feed(tmp_path)
    key = next(iter(json.loads(files["manifest.json"])))
    body = json.loads(files[f"{key}.json"])
    body["Event"].setdefault("Attribute", []).append(
        {"type": "mutex", "category": "Artifacts dropped", "value": "Global\\qak", "to_ids": True}
    )
    (tmp_path / f"{key}.json").write_text(json.dumps(body))
    with pytest.raises(ImportRefused) as refused:
        read_feed(tmp_path, default_owner=DORP)
    n = len(body["Event"]["Attribute"]) - 1
    assert (
        f"{key}.json: Event.Attribute[{n}] (mutex): attribute type 'mutex' cannot be kept"
        in str(refused.value)
    )


def misp_event(**extra: Any) -> dict[str, Any]:
    base = {
        "info": "Phishing-golf",
        "date": "2026-11-30",
        "uuid": "5f0c3b9e-8f3c-4f0e-9a52-3d6c7b1e2a10",
        "Orgc": {"name": "IBD", "uuid": "5f0c3b9e-8f3c-4f0e-9a52-3d6c7b1e2a11"},
        "Attribute": [
            {"type": "domain", "category": "Network activity", "value": "Login-Portaal.example"}
        ],
    }
    return {"Event": base | extra}


def test_it_reads_a_misp_event_made_elsewhere() -> None:
    data = json.dumps(misp_event(Tag=[{"name": "tlp:white"}, {"name": "phishing"}]))
    (item,) = read_misp_json(data, "ibd.json", default_owner=DORP)
    assert (item.kind, item.tlp, item.owner.name, item.tags) == (
        Kind.INDICATOR,
        TLP.CLEAR,
        "IBD",
        ("phishing",),
    )
    assert item.observables[0].value == "login-portaal.example"


def test_it_refuses_an_event_without_label_unless_one_is_chosen() -> None:
    data = json.dumps(misp_event())
    with pytest.raises(ImportRefused, match=re.escape("ibd.json: event: Event: has no tlp:* tag")):
        read_misp_json(data, "ibd.json", default_owner=DORP)
    (item,) = read_misp_json(data, "ibd.json", default_owner=DORP, default_tlp=TLP.AMBER)
    assert item.tlp is TLP.AMBER


def test_it_refuses_an_event_with_two_labels() -> None:
    data = json.dumps(misp_event(Tag=[{"name": "tlp:green"}, {"name": "tlp:red"}]))
    with pytest.raises(ImportRefused, match="more than one TLP label"):
        read_misp_json(data, "ibd.json", default_owner=DORP)


def test_it_refuses_a_bad_value_with_its_place() -> None:
    bad = misp_event(Tag=[{"name": "tlp:green"}])
    bad["Event"]["Attribute"][0]["value"] = "not a domain"
    with pytest.raises(
        ImportRefused, match=r"Event.Attribute\[0\] \(domain\): 'not a domain' is not"
    ):
        read_misp_json(json.dumps(bad), "ibd.json", default_owner=DORP)
