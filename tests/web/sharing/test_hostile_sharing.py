"""Hostile: every sharing URL × every TLP label × every viewer, nothing above its label leaks.

The viewers are every role of the sharer's organisation, a person named in
a RED item, a member of an organisation named in an AMBER item, a member of
the community of a GREEN item, the municipality's map partner and an
outsider (sharing_data). Every URL pattern under ``delen/`` (found from the
URL configuration, so a new page joins by itself) is requested with every
method for each of A's items: who may not see an item gets exactly the
answer for an id that does not exist, and no page — lists, search, counts,
communities, regional insight, error messages — shows its title or text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from sharing_data import expected

from weerbaar.sharing.tlp import TLP
from weerbaar.web.sharing.models import Disclosure, Relabel, SharedItem

pytestmark = pytest.mark.django_db

METHODS = ("get", "post")
VIEWERS = [
    "author",
    "beheerder",
    "adviseur-oov",
    "crisiscoordinator",
    "bestuurder",
    "named",
    "recipient-org",
    "community",
    "map-partner",
    "outsider",
]


def patterns(resolver: Any = None, prefix: str = "") -> Iterator[str]:
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            yield from patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and not str(p.pattern).startswith("^"):
            yield prefix + str(p.pattern)


def sharing_patterns() -> list[str]:
    return [p for p in patterns() if p.startswith("delen/")]


def fill(pattern: str, values: dict[str, Any]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), pattern)


def secrets(tlp: TLP) -> tuple[str, str]:
    return (f"Les onder {tlp.label}", f"Geheim {tlp.value}")


def call(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    response = getattr(client, method)(url, data or {})
    assert response.status_code != 500, f"{method.upper()} {url}"
    return response


def test_it_finds_the_sharing_pages() -> None:
    found = sharing_patterns()
    assert len(found) >= 9
    assert any("<uuid:item_id>" in p for p in found)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_answers_an_item_above_the_viewer_as_a_missing_one(
    viewer: str, shared: dict[str, Any]
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(shared["viewers"][viewer])
    allowed = expected(viewer)
    relabels = Relabel.objects.count()
    labels = {i.pk: i.tlp for i in SharedItem.objects.all()}
    base = {"slug": shared["regio"].slug, "membership_id": 0}
    checked = 0
    for pattern in sharing_patterns():
        if "item_id" not in pattern:
            continue
        for method in METHODS:
            missing = call(client, method, fill(pattern, {**base, "item_id": uuid.uuid4()}))
            for tlp, item in shared["items"].items():
                url = fill(pattern, {**base, "item_id": item.stix_id})
                # A hostile POST: a lower label, confirmed, for everyone.
                response = call(client, method, url, {"tlp": "clear", "confirm": "on"})
                body = response.content.decode()
                if tlp in allowed:
                    assert response.status_code != 404, f"{viewer} {method} {url}"
                    continue
                checked += 1
                assert response.status_code == missing.status_code == 404, f"{viewer} {url}"
                for secret in secrets(tlp):
                    assert secret not in body, f"{viewer} {method.upper()} {url}"
    assert checked > 0 or allowed == expected("author")
    # Only the owner's people could lower anything, and only what they see.
    changed = {i.pk for i in SharedItem.objects.all() if i.tlp != labels[i.pk]}
    if viewer not in ("author", "beheerder", "adviseur-oov", "crisiscoordinator"):
        assert changed == set() and Relabel.objects.count() == relabels


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_shows_nothing_above_the_label_on_any_page(viewer: str, shared: dict[str, Any]) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(shared["viewers"][viewer])
    allowed = expected(viewer)
    hidden = [s for tlp in TLP if tlp not in allowed for s in secrets(tlp)]
    pages = [
        reverse("sharing:inbox"),
        reverse("sharing:inbox") + "?van=ons",
        reverse("sharing:inbox") + "?q=Geheim",
        reverse("sharing:inbox") + "?q=Les+onder",
        reverse("sharing:inbox") + "?van=ons&q=Geheim",
        reverse("sharing:communities"),
        reverse("sharing:new"),
        *(
            reverse(name, kwargs={"slug": c.slug})
            for c in (shared["regio"], shared["other"], shared["grn"])
            for name in ("sharing:community", "sharing:insight")
        ),
    ]
    for url in pages:
        body = call(client, "get", url).content.decode()
        for secret in hidden:
            assert secret not in body, f"{viewer}: {secret} on {url}"


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_counts_only_what_the_viewer_may_see(viewer: str, shared: dict[str, Any]) -> None:
    client = Client()
    client.force_login(shared["viewers"][viewer])
    own = viewer in ("author", "beheerder", "adviseur-oov", "crisiscoordinator", "bestuurder")
    url = reverse("sharing:inbox") + ("?van=ons" if own else "")
    body = client.get(url).content.decode()
    n = len(expected(viewer))
    assert re.search(rf"data-wb-count>{n} items?<", body), (viewer, n)


def test_it_answers_a_community_of_others_as_a_missing_one(shared: dict[str, Any]) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(shared["viewers"]["outsider"])
    for name in ("sharing:community", "sharing:insight"):
        theirs = call(client, "get", reverse(name, kwargs={"slug": shared["regio"].slug}))
        nothing = call(client, "get", reverse(name, kwargs={"slug": "bestaat-niet"}))
        assert theirs.status_code == nothing.status_code == 404
        assert "Veiligheidsregio Test" not in theirs.content.decode()


@pytest.mark.parametrize("viewer", ["community", "bestuurder", "outsider"])
def test_it_lets_nobody_set_another_organisations_policy(
    viewer: str, shared: dict[str, Any]
) -> None:
    membership = shared["regio"].memberships.get(organisation=shared["org_a"])
    client = Client(raise_request_exception=False)
    client.force_login(shared["viewers"][viewer])
    url = reverse(
        "sharing:policy", kwargs={"slug": shared["regio"].slug, "membership_id": membership.pk}
    )
    response = call(
        client,
        "post",
        url,
        {f"m{membership.pk}-detail": "nodes", f"m{membership.pk}-map_tlp": "clear"},
    )
    assert response.status_code in (403, 404)
    membership.refresh_from_db()
    assert membership.detail == "nothing"


def test_it_logs_no_disclosure_of_what_was_not_shown(shared: dict[str, Any]) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(shared["viewers"]["outsider"])
    for item in shared["items"].values():
        client.get(reverse("sharing:detail", kwargs={"item_id": item.stix_id}))
    logged = set(Disclosure.objects.values_list("tlp", flat=True))
    assert logged == {TLP.CLEAR.value}
