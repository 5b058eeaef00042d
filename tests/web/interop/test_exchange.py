"""Downloads, imports and pulls on the exchange page (weerbaar.web.interop.views)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pymisp import MISPEvent
from rest_framework.authtoken.models import Token
from stix2validator import ValidationOptions, validate_string

from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Role
from weerbaar.web.interop.taxii.collections import ALL, collection_id
from weerbaar.web.sharing.models import Disclosure, ItemKind, SharedItem


def add_indicator(shared: dict[str, Any]) -> SharedItem:
    return SharedItem.objects.create(
        owner=shared["org_a"],
        author=shared["author"],
        kind=ItemKind.INDICATOR,
        title="C2-adres",
        tlp=TLP.GREEN.value,
        community=shared["regio"],
        payload={"observables": [{"kind": "ipv4-addr", "value": "192.0.2.7"}]},
    )


def test_it_downloads_a_bundle_the_validator_accepts(shared: dict[str, Any], login: Any) -> None:
    add_indicator(shared)
    page = login(shared["viewers"]["community"])
    response = page.get(f"/uitwisselen/{collection_id('vr-test')}/stix.json")
    text = response.content.decode()
    assert validate_string(text, ValidationOptions(version="2.1")).is_valid
    titles = {o.get("abstract") or o.get("name") for o in json.loads(text)["objects"]}
    assert "C2-adres" in titles and "Les onder TLP:GREEN" in titles
    assert "Les onder TLP:AMBER" not in titles and "Les onder TLP:RED" not in titles
    assert Disclosure.objects.filter(channel="export").exists()


def test_it_downloads_a_misp_feed_pymisp_loads(shared: dict[str, Any], login: Any) -> None:
    add_indicator(shared)
    response = login(shared["viewers"]["community"]).get(
        f"/uitwisselen/{collection_id('vr-test')}/misp-feed.zip"
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("weerbaar-feed/manifest.json"))
    infos = set()
    for key in manifest:
        event = MISPEvent()
        event.load(archive.read(f"weerbaar-feed/{key}.json"))
        infos.add(event.info)
    assert "C2-adres" in infos and "Les onder TLP:AMBER+STRICT" not in infos


def test_it_hides_another_community_and_refuses_an_unknown_one(
    shared: dict[str, Any], login: Any
) -> None:
    outsider = login(shared["viewers"]["outsider"])
    assert outsider.get(f"/uitwisselen/{collection_id('vr-test')}/stix.json").status_code == 404
    assert outsider.get(f"/uitwisselen/{collection_id('nope')}/misp-feed.zip").status_code == 404
    everything = outsider.get(f"/uitwisselen/{collection_id(ALL)}/stix.json").content.decode()
    assert "Les onder TLP:CLEAR" in everything and "Les onder TLP:GREEN" not in everything


def exported_bundle(shared: dict[str, Any], login: Any) -> bytes:
    add_indicator(shared)
    url = f"/uitwisselen/{collection_id('vr-test')}/stix.json"
    content: bytes = login(shared["viewers"]["community"]).get(url).content
    return content


def test_it_imports_a_bundle_for_the_organisation(shared: dict[str, Any], login: Any) -> None:
    data = exported_bundle(shared, login)
    page = login(shared["viewers"]["community"])
    form = {
        "i-gemeente-c-file": SimpleUploadedFile("regio.json", data),
        "i-gemeente-c-community": shared["regio"].pk,
    }
    response = page.post("/uitwisselen/gemeente-c/importeren/", form)
    assert response.status_code == 302
    held = SharedItem.objects.filter(owner=shared["org_c"])
    assert {i.title for i in held} >= {"C2-adres", "Les onder TLP:GREEN", "Les onder TLP:CLEAR"}
    indicator = held.get(title="C2-adres")
    assert indicator.payload["observables"] == [{"kind": "ipv4-addr", "value": "192.0.2.7"}]
    assert indicator.payload["source"]["organisation"] == "Gemeente A"
    again = page.post(
        "/uitwisselen/gemeente-c/importeren/",
        {**form, "i-gemeente-c-file": SimpleUploadedFile("regio.json", data)},
    )
    assert (
        again.status_code == 302
        and SharedItem.objects.filter(owner=shared["org_c"]).count() == held.count()
    )


def test_it_imports_nothing_from_a_file_with_one_bad_object(
    shared: dict[str, Any], login: Any
) -> None:
    doc = json.loads(exported_bundle(shared, login))
    doc["objects"].append(
        {
            "type": "malware",
            "spec_version": "2.1",
            "id": "malware--3f9c9e5e-b3b8-4e4f-8a2f-2a1f7f2a9f1a",
            "created": "2026-01-01T00:00:00.000Z",
            "modified": "2026-01-01T00:00:00.000Z",
            "name": "Qakbot",
            "is_family": True,
        }
    )
    page = login(shared["viewers"]["community"])
    response = page.post(
        "/uitwisselen/gemeente-c/importeren/",
        {
            "i-gemeente-c-file": SimpleUploadedFile("regio.json", json.dumps(doc).encode()),
            "i-gemeente-c-community": shared["regio"].pk,
        },
    )
    assert response.status_code == 400
    assert "type &#x27;malware&#x27; has no shared item it can become" in response.content.decode()
    assert not SharedItem.objects.filter(owner=shared["org_c"]).exists()


def test_it_refuses_green_without_a_community(shared: dict[str, Any], login: Any) -> None:
    data = exported_bundle(shared, login)
    response = login(shared["viewers"]["community"]).post(
        "/uitwisselen/gemeente-c/importeren/",
        {"i-gemeente-c-file": SimpleUploadedFile("r.json", data)},
    )
    assert response.status_code == 400 and "choose one" in response.content.decode()
    assert not SharedItem.objects.filter(owner=shared["org_c"]).exists()


def test_it_lets_only_sharing_roles_of_the_own_organisation_import(
    shared: dict[str, Any], login: Any
) -> None:
    upload = {"i-gemeente-a-file": SimpleUploadedFile("x.json", b"{}")}
    bestuurder = login(shared["users"][Role.BESTUURDER])
    assert bestuurder.post("/uitwisselen/gemeente-a/importeren/", upload).status_code == 403
    outsider = login(shared["viewers"]["outsider"])
    assert outsider.post("/uitwisselen/gemeente-a/importeren/", upload).status_code == 404
    assert outsider.post("/uitwisselen/gemeente-a/ophalen/", {}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_it_pulls_a_remote_taxii_collection(
    shared: dict[str, Any], login: Any, live_server: Any, settings: Any
) -> None:
    settings.FEEDS_ALLOW_PRIVATE = True
    add_indicator(shared)
    remote = Token.objects.get_or_create(user=shared["viewers"]["community"])[0].key
    url = f"{live_server.url}/taxii2/api/collections/{collection_id('vr-test')}/"
    page = login(shared["viewers"]["community"])
    response = page.post(
        "/uitwisselen/gemeente-c/ophalen/",
        {
            "p-gemeente-c-url": url,
            "p-gemeente-c-token": remote,
            "p-gemeente-c-community": shared["regio"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SharedItem.objects.filter(owner=shared["org_c"], title="C2-adres").exists()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_pull_from_the_own_network_by_default(
    shared: dict[str, Any], login: Any, live_server: Any
) -> None:
    url = f"{live_server.url}/taxii2/api/collections/{collection_id('vr-test')}/"
    response = login(shared["viewers"]["community"]).post(
        "/uitwisselen/gemeente-c/ophalen/", {"p-gemeente-c-url": url, "p-gemeente-c-token": "x"}
    )
    assert response.status_code == 400 and "non-public address" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_it_pulls_from_the_command_line(
    shared: dict[str, Any], live_server: Any, settings: Any, monkeypatch: Any
) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.FEEDS_ALLOW_PRIVATE = True
    add_indicator(shared)
    url = f"{live_server.url}/taxii2/api/collections/{collection_id('vr-test')}/"
    monkeypatch.setenv(
        "WEERBAAR_TAXII_TOKEN",
        Token.objects.get_or_create(user=shared["viewers"]["community"])[0].key,
    )
    with pytest.raises(CommandError, match="choose one") as refused:
        call_command("pulltaxii", organisation="gemeente-c", url=url)
    assert refused.value.returncode == 2
    assert not SharedItem.objects.filter(owner=shared["org_c"]).exists()
    call_command("pulltaxii", organisation="gemeente-c", url=url, community="vr-test")
    assert SharedItem.objects.filter(owner=shared["org_c"], title="C2-adres").exists()


def test_it_shows_the_exchange_page(shared: dict[str, Any], login: Any) -> None:
    from django.test import Client

    page = login(shared["author"]).get("/uitwisselen/").content.decode()
    assert "/taxii2/" in page and "Veiligheidsregio Test" in page
    assert 'action="/uitwisselen/gemeente-a/importeren/"' in page
    assert (
        'action="/uitwisselen/gemeente-a/importeren/"'
        not in login(shared["users"][Role.BESTUURDER]).get("/uitwisselen/").content.decode()
    )
    assert Client().get("/uitwisselen/").status_code == 302
