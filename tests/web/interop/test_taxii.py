"""The TAXII 2.1 server, driven by taxii2-client against a live server."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import requests
from rest_framework.authtoken.models import Token
from sharing_data import expected
from taxii2client.common import TokenAuth
from taxii2client.v21 import ApiRoot, Server, as_pages

from weerbaar.sharing.tlp import TLP
from weerbaar.web.interop.taxii.collections import ALL, collection_id
from weerbaar.web.sharing.models import Disclosure, ItemKind, SharedItem

pytestmark = pytest.mark.django_db(transaction=True)


def token(user: Any) -> TokenAuth:
    return TokenAuth(Token.objects.get_or_create(user=user)[0].key)


def more_lessons(shared: dict[str, Any], n: int) -> set[str]:
    made = {
        SharedItem.objects.create(
            owner=shared["org_a"],
            author=shared["author"],
            kind=ItemKind.LESSON,
            title=f"Les {i}",
            body="Oefen vaker.",
            tlp=TLP.GREEN.value,
            community=shared["regio"],
        )
        for i in range(n)
    }
    return {f"note--{item.stix_id}" for item in made}


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def note_ids(objects: list[dict[str, Any]]) -> dict[str, str]:
    return {o["id"]: o["abstract"] for o in objects if o["type"] == "note"}


def test_it_pages_through_a_community_collection(shared: dict[str, Any], live_server: Any) -> None:
    lessons = more_lessons(shared, 23)
    server = Server(f"{live_server.url}/taxii2/", auth=token(shared["viewers"]["community"]))
    (root,) = server.api_roots
    collection = next(c for c in root.collections if c.id == collection_id("vr-test"))
    pages = list(as_pages(collection.get_objects, per_request=10))
    objects = [o for page in pages for o in page.get("objects", [])]
    assert len(pages) >= 3 and not pages[-1]["more"]
    assert len({o["id"] for o in objects}) == len(objects)
    seen = note_ids(objects)
    assert lessons <= set(seen)
    assert {t for t in TLP if f"Les onder {t.label}" in seen.values()} == expected("community")
    assert any(o["type"] == "marking-definition" for o in objects)
    assert Disclosure.objects.filter(channel="feed").count() >= 23


def test_it_shows_each_viewer_exactly_what_its_label_allows(
    shared: dict[str, Any], live_server: Any
) -> None:
    for name, user in shared["viewers"].items():
        root = ApiRoot(f"{live_server.url}/taxii2/api/", auth=token(user))
        everything = next(c for c in root.collections if c.id == collection_id(ALL))
        seen = note_ids(everything.get_objects(limit=1000).get("objects", []))
        labels = {t for t in TLP if f"Les onder {t.label}" in seen.values()}
        assert labels == expected(name), name
        names = {c.title for c in root.collections}
        if name in ("community", "author", "outsider", "named"):
            assert ("Veiligheidsregio Test" in names) == (name in ("community", "author")), name


def test_it_filters_by_type_id_and_added_after(shared: dict[str, Any], live_server: Any) -> None:
    more_lessons(shared, 3)
    root = ApiRoot(f"{live_server.url}/taxii2/api/", auth=token(shared["author"]))
    coll = next(c for c in root.collections if c.id == collection_id("vr-test"))
    notes = coll.get_objects(type="note")["objects"]
    assert {o["type"] for o in notes} == {"note"}
    one = notes[0]["id"]
    assert [o["id"] for o in coll.get_objects(id=one)["objects"]] == [one]
    assert coll.get_object(one)["objects"][0]["id"] == one
    (version,) = coll.object_versions(one)["versions"]
    assert when(version) == when(notes[0]["modified"])
    manifest = coll.get_manifest(limit=2)
    assert manifest["more"] and len(manifest["objects"]) == 2
    last = manifest["objects"][-1]["date_added"]
    later = coll.get_objects(added_after=last)["objects"]
    assert all(o["id"] != manifest["objects"][0]["id"] for o in later)
    assert coll.get_objects(spec_version="2.0").get("objects", []) == []


def test_it_answers_errors_as_taxii_messages(
    shared: dict[str, Any], client: Any, live_server: Any
) -> None:
    url = f"/taxii2/api/collections/{collection_id('vr-test')}/objects/"
    taxii = "application/taxii+json;version=2.1"
    anonymous = client.get(url, HTTP_ACCEPT=taxii)
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == taxii
    key = Token.objects.get_or_create(user=shared["viewers"]["outsider"])[0].key
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    # A community the caller is not in answers like one that does not exist.
    assert client.get(url, HTTP_ACCEPT=taxii, **auth).status_code == 404
    assert client.get("/taxii2/api/collections/nope/", HTTP_ACCEPT=taxii, **auth).status_code == 404
    assert client.get("/taxii2/", HTTP_ACCEPT="text/html", **auth).status_code == 406
    assert client.post("/taxii2/api/collections/", HTTP_ACCEPT=taxii, **auth).status_code == 405
    bad = client.get(url.replace("vr-test", "x"), {"limit": "zero"}, HTTP_ACCEPT=taxii, **auth)
    assert bad.json()["http_status"] in ("400", "404")
    with pytest.raises(requests.HTTPError, match="401"):
        Server(f"{live_server.url}/taxii2/", auth=TokenAuth("wrong")).refresh()
