"""Every exchange route (TAXII, downloads, imports, pulls) × every viewer: nothing leaks.

The routes are found from the URL configuration (a new one joins without
being listed) and requested with every method by each viewer of the sharing
world (A's people in every role, a named person, a recipient organisation,
a community member, a map partner, an outsider), with the ids of all of A's
items. No answer may hold an item the viewer's label rules forbid, none is
a 500, and an item the viewer may not see answers as one that does not exist.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from sharing_data import expected

from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Role
from weerbaar.web.interop.taxii.collections import ALL, collection_id
from weerbaar.web.sharing.models import SharedItem

PREFIXES = ("uitwisselen/", "taxii2/")
METHODS = ("get", "post", "put", "delete")
MISSING = "note--00000000-0000-4000-8000-000000000000"


def routes(resolver: Any = None, prefix: str = "") -> list[str]:
    found: list[str] = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            found += routes(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            found.append(prefix + str(p.pattern))
    return [r for r in found if r.startswith(PREFIXES)]


def fill(pattern: str, values: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], pattern)


def title(tlp: TLP) -> re.Pattern[str]:
    # "TLP:AMBER" must not match inside "TLP:AMBER+STRICT".
    return re.compile(re.escape(f"Les onder {tlp.label}") + r"(?![+\w])")


def body(response: Any) -> str:
    content = response.content
    if response.get("Content-Type") == "application/zip" and response.status_code == 200:
        archive = zipfile.ZipFile(io.BytesIO(content))
        content = b"".join(archive.read(name) for name in archive.namelist())
    return str(content.decode(errors="replace"))


def client_for(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    return client


def test_it_finds_the_exchange_routes() -> None:
    assert len(routes()) >= 12


def test_it_never_shows_an_item_above_the_viewers_label(shared: dict[str, Any]) -> None:
    items: dict[TLP, SharedItem] = shared["items"]
    collections = [collection_id(s) for s in (ALL, "vr-test", "sector-x")]
    for name, user in shared["viewers"].items():
        client = client_for(user)
        forbidden = [title(t) for t in TLP if t not in expected(name)]
        seen: set[TLP] = set()
        for pattern in routes():
            for coll in collections:
                for tlp, item in items.items():
                    values = {
                        "collection_id": coll,
                        "object_id": f"note--{item.stix_id}",
                        "slug": "gemeente-a",
                    }
                    url = fill(pattern, values)
                    for method in METHODS:
                        response = getattr(client, method)(url)
                        assert response.status_code != 500, f"{name} {method} {url}"
                        text = body(response)
                        leaked = [p.pattern for p in forbidden if p.search(text)]
                        seen |= {t for t in TLP if title(t).search(text)}
                        assert not leaked, f"{name} {method.upper()} {url}: {leaked}"
                        if "<str:object_id>" in pattern and tlp not in expected(name):
                            absent = getattr(client, method)(
                                fill(pattern, {**values, "object_id": MISSING})
                            )
                            assert response.status_code == absent.status_code, f"{name} {url}"
                    if "<str:object_id>" not in pattern:
                        break  # the other items make no other URL
        # The crawl reached every item the viewer may see: it could have found a leak.
        assert seen == expected(name), name


def test_it_answers_403_to_a_role_that_may_not_share_and_404_outside(
    shared: dict[str, Any],
) -> None:
    for route in ("importeren", "ophalen"):
        url = f"/uitwisselen/gemeente-a/{route}/"
        assert client_for(shared["users"][Role.BESTUURDER]).post(url).status_code == 403
        for outsider in ("outsider", "community", "recipient-org", "named"):
            assert client_for(shared["viewers"][outsider]).post(url).status_code == 404
