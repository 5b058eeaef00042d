"""Every map URL in every role: the one gate answers the same everywhere.

- a role with the URL's action gets the page (or 405 on a POST-only URL);
- a role without it gets 403, nothing of the page;
- a chain partner (own party only) is refused whole-map analyses, and an
  object of another party answers as HIDDEN;
- someone of another municipality gets 404, as for a map that does not exist;
- an anonymous visitor is sent to log in.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from mapurls import MAP_URLS, MapUrl

from weerbaar.web.accounts.models import Action, Role
from weerbaar.web.analyses import runs
from weerbaar.web.jobs.models import JobKind

pytestmark = pytest.mark.django_db

#: What a partner gets for an object of another party: exactly what a missing
#: id gets (docs/security.md), so trying ids finds nothing.
HIDDEN = {404}

#: What a chain partner without the whole map may do on a map shared with it.
PARTNER = {Action.VIEW, Action.EDIT_OWN_NODES}


def expected(entry: MapUrl, role: Role) -> set[int]:
    allowed = entry.action in PARTNER if role is Role.KETENPARTNER else role.can(entry.action)
    if not allowed:
        return {403}
    if entry.hidden and role is Role.KETENPARTNER:
        return HIDDEN
    return {entry.ok}


@pytest.fixture
def job_id(world: dict[str, Any]) -> int:
    record = world["map_a"]
    return runs.enqueue(record, record.current(), JobKind.CRITICALITY, {}, None).pk


@pytest.fixture
def incident_id(world: dict[str, Any]) -> int:
    from weerbaar.model import from_data
    from weerbaar.web.incidents.store import open_incident

    record = world["map_a"]
    m = from_data(record.current().data)
    return open_incident(record, m, title="Storing", nodes=["power"]).pk


def ids(entry: MapUrl) -> str:
    return entry.name + "".join(f"[{v}]" for _, v in entry.kwargs if v)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("entry", MAP_URLS, ids=ids)
def test_it_answers_each_role_as_its_rights_say(
    entry: MapUrl, role: Role, world: dict[str, Any], login: Any, job_id: int, incident_id: int
) -> None:
    response = login(world["users"][role]).get(entry.url(world["map_a"].pk, job_id, incident_id))
    assert response.status_code in expected(entry, role)


@pytest.mark.parametrize("entry", MAP_URLS, ids=ids)
def test_it_answers_another_municipality_as_for_nothing(
    entry: MapUrl, world: dict[str, Any], login: Any, job_id: int, incident_id: int
) -> None:
    client = login(world["user_b"])
    assert client.get(entry.url(world["map_a"].pk, job_id, incident_id)).status_code == 404


@pytest.mark.parametrize("entry", MAP_URLS, ids=ids)
def test_it_sends_anonymous_visitors_to_log_in(
    entry: MapUrl, world: dict[str, Any], client: Any, job_id: int, incident_id: int
) -> None:
    response = client.get(entry.url(world["map_a"].pk, job_id, incident_id))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def map_url_names(resolver: Any = None, namespace: str = "") -> set[str]:
    """Every named URL under ``kaarten/<map_id>/``."""
    names: set[str] = set()
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if "<int:map_id>" in str(p.pattern) or resolver is not None:
                names |= map_url_names(p, inner)
        elif isinstance(p, URLPattern) and p.name and resolver is not None:
            names.add(namespace + p.name)
    return names


#: Apps with access tests of their own, for their own roles and objects
#: (tests/web/accountability/test_accountability_access.py,
#: tests/web/exercises/test_exercises.py: players and invited partners;
#: tests/web/advisories/test_advisories_access.py).
OWN_MATRIX = {"accountability", "exercises", "advisories"}


def test_it_lists_every_map_url() -> None:
    names = {n for n in map_url_names() if n.split(":")[0] not in OWN_MATRIX}
    assert names == {e.name for e in MAP_URLS}


#: The sharing pages (``delen/``) in every role, on an AMBER+STRICT item and the
#: community of municipality A (the ``shared`` fixture): name, kwargs, and the
#: answer to a role of A that may share / may not share / to A's map partner.
#: tests/web/sharing/test_hostile_sharing.py requests them for every label and viewer.
SHARING_URLS: list[tuple[str, tuple[str, ...], tuple[int, int, int]]] = [
    ("sharing:inbox", (), (200, 200, 200)),
    ("sharing:new", (), (200, 403, 200)),
    ("sharing:detail", ("item_id",), (200, 200, 404)),
    ("sharing:relabel", ("item_id",), (200, 403, 404)),
    ("sharing:audit", ("item_id",), (200, 403, 404)),
    ("sharing:share_exercise", ("exercise_id",), (404, 404, 404)),
    ("sharing:share_incident", ("incident_id",), (200, 403, 404)),
    ("sharing:share_advisory", ("map_id", "advisory_id"), (200, 403, 404)),
    ("sharing:communities", (), (200, 200, 200)),
    ("sharing:community", ("slug",), (200, 200, 404)),
    ("sharing:policy", ("slug", "membership_id"), (405, 403, 404)),
    ("sharing:insight", ("slug",), (200, 200, 404)),
]


def shared_advisory(shared: dict[str, Any]) -> int:
    import json

    from advisory_docs import document
    from weerbaar.web.advisories import store

    found = store.read_uploads([("a.json", json.dumps(document()).encode())])
    store.save(shared["org_a"], found, None)
    return int(shared["org_a"].advisories.get().pk)


def shared_incident(shared: dict[str, Any]) -> int:
    from weerbaar.model import from_data
    from weerbaar.web.incidents.store import open_incident

    record = shared["map_a"]
    return open_incident(record, from_data(record.current().data), title="Storing", nodes=[]).pk


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("entry", SHARING_URLS, ids=lambda e: e[0])
def test_it_answers_each_role_on_the_sharing_pages(
    entry: tuple[str, tuple[str, ...], tuple[int, int, int]],
    role: Role,
    shared: dict[str, Any],
    login: Any,
) -> None:
    from weerbaar.sharing.tlp import TLP

    name, keys, (sharer, reader, partner) = entry
    values = {
        "incident_id": shared_incident(shared),
        "map_id": shared["map_a"].pk,
        "advisory_id": shared_advisory(shared),
        "item_id": shared["items"][TLP.AMBER_STRICT].stix_id,
        # No exercise exists: the page answers as for any missing one.
        "exercise_id": 999999,
        "slug": shared["regio"].slug,
        "membership_id": shared["regio"].memberships.get(organisation=shared["org_a"]).pk,
    }
    url = reverse(name, kwargs={k: values[k] for k in keys})
    status = login(shared["users"][role]).get(url).status_code
    if role is Role.KETENPARTNER:
        assert status == partner
    else:
        assert status == (sharer if role.can(Action.SHARE) else reader)


def test_it_lists_every_sharing_url() -> None:
    from weerbaar.web.sharing import urls

    assert {f"sharing:{p.name}" for p in urls.urlpatterns} == {e[0] for e in SHARING_URLS}


#: The exchange (``uitwisselen/``) and TAXII 2.1 (``taxii2/``) routes in every role, on the
#: collection of A's community and A's AMBER+STRICT item: name, kwargs, method, and the
#: answer to a role of A that may share / may not share / to A's map partner (not in the
#: community). tests/web/interop/test_hostile.py requests them for every label and viewer.
#: A POST without a form is refused as a bad form (400) once the gate has let it through.
INTEROP_URLS: list[tuple[str, tuple[str, ...], str, tuple[int, int, int]]] = [
    ("interop:exchange", (), "get", (200, 200, 200)),
    ("interop:stix", ("collection_id",), "get", (200, 200, 404)),
    ("interop:misp", ("collection_id",), "get", (200, 200, 404)),
    ("interop:import", ("slug",), "post", (400, 403, 404)),
    ("interop:pull", ("slug",), "post", (400, 403, 404)),
    ("taxii_discovery", (), "get", (200, 200, 200)),
    ("taxii_root", (), "get", (200, 200, 200)),
    ("taxii_collections", (), "get", (200, 200, 200)),
    ("taxii_collection", ("collection_id",), "get", (200, 200, 404)),
    ("taxii_objects", ("collection_id",), "get", (200, 200, 404)),
    ("taxii_object", ("collection_id", "object_id"), "get", (200, 200, 404)),
    ("taxii_versions", ("collection_id", "object_id"), "get", (200, 200, 404)),
    ("taxii_manifest", ("collection_id",), "get", (200, 200, 404)),
]


def interop_url(name: str, keys: tuple[str, ...], shared: dict[str, Any]) -> str:
    from weerbaar.sharing.tlp import TLP
    from weerbaar.web.interop.taxii.collections import collection_id

    item = shared["items"][TLP.AMBER_STRICT]
    values = {
        # A's AMBER+STRICT item is filed in no community: the collection of everything
        # the caller may see holds it, the community's collection answers for the rest.
        "collection_id": collection_id("alles" if "object_id" in keys else shared["regio"].slug),
        "object_id": f"note--{item.stix_id}",
        "slug": shared["org_a"].slug,
    }
    return reverse(name, kwargs={k: values[k] for k in keys})


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("entry", INTEROP_URLS, ids=lambda e: e[0])
def test_it_answers_each_role_on_the_exchange_and_taxii(
    entry: tuple[str, tuple[str, ...], str, tuple[int, int, int]],
    role: Role,
    shared: dict[str, Any],
    login: Any,
) -> None:
    name, keys, method, (sharer, reader, partner) = entry
    client = login(shared["users"][role])
    status = getattr(client, method)(interop_url(name, keys, shared)).status_code
    if role is Role.KETENPARTNER:
        assert status == partner
    else:
        assert status == (sharer if role.can(Action.SHARE) else reader)


@pytest.mark.parametrize("entry", INTEROP_URLS, ids=lambda e: e[0])
def test_it_answers_another_municipality_on_the_exchange_as_for_nothing(
    entry: tuple[str, tuple[str, ...], str, tuple[int, int, int]],
    shared: dict[str, Any],
    login: Any,
) -> None:
    name, keys, method, answers = entry
    client = login(shared["user_b"])
    status = getattr(client, method)(interop_url(name, keys, shared)).status_code
    # B sees the pages everyone sees, never A's community, item or organisation.
    assert status == (404 if keys else answers[0])


@pytest.mark.parametrize("entry", INTEROP_URLS, ids=lambda e: e[0])
def test_it_asks_anonymous_callers_to_log_in_or_authenticate(
    entry: tuple[str, tuple[str, ...], str, tuple[int, int, int]],
    shared: dict[str, Any],
    client: Any,
) -> None:
    name, keys, method, _answers = entry
    response = getattr(client, method)(interop_url(name, keys, shared))
    if name.startswith("taxii"):
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_lists_every_exchange_and_taxii_url() -> None:
    from weerbaar.web.interop import urls
    from weerbaar.web.interop.taxii import urls as taxii_urls

    names = {f"interop:{p.name}" for p in urls.urlpatterns} | {
        str(p.name) for p in taxii_urls.urlpatterns
    }
    assert names == {e[0] for e in INTEROP_URLS}
