"""A hostile crawl: every URL pattern and API route, with ids that are not the caller's.

Two municipalities (Alfa, Beta), users in every role, a partner of each and a
supplier shared by both. Every URL pattern of the site is found from the URL
configuration (a new page joins the crawl without being listed here) and
requested with every method:

- by people of Alfa with Beta's map and ids: always 404, never a Beta name;
- by a chain partner with ids hidden from it: exactly the answer for an id
  that does not exist, never a hidden name (on the pages it may open at all);
- by anyone: never a 500, and nothing stored (versions are counted).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from weerbaar.model import parse_map, to_data
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.maps import service
from weerbaar.web.maps.models import MapVersion, ObjectKind, Share

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")

MAP = """\
weerbaar: 1
name: Gemeente {T}
horizon: 5d
parties:
  - {{id: gemeente, name: Gemeente {T}, kind: gemeente}}
  - {{id: isp, name: {T}-geheim Internet, kind: telecomaanbieder}}
  - {{id: hoster, name: {T}-eigen Hosting, kind: leverancier}}
nodes:
  - {{id: power, kind: infrastructure, name: {T}-geheim Stroom}}
  - {{id: internet, kind: service, name: {T}-geheim Lijn, party: isp, requires: [power]}}
  - {{id: hosting, kind: service, name: {T}-eigen Hosting, party: hoster, requires: [power]}}
  - id: suite
    kind: system
    name: {T}-eigen Suite
    party: hoster
    requires: [hosting, internet]
  - id: uitkeringen
    kind: process
    name: {T}-geheim Uitkeringen
    party: gemeente
    vital: true
    mtpd: 1d
    impact: {{per_day: {{costs: 100000}}}}
    requires: [suite]
scenarios:
  - id: storing
    name: {T}-geheim Storing
    likelihood: C
    failures: [{{node: power, duration: 1d}}]
measures:
  - id: reserve
    name: {T}-geheim Reserve
    cost: 1000
    changes: [{{add_node: {{id: spare, kind: service}}}}]
"""

#: Ids that exist in both maps, by URL keyword; the partners' party is "hoster".
HIDDEN = {
    "node_id": ["power", "internet", "uitkeringen"],
    "nodeId": ["power", "internet", "uitkeringen"],
    "party_id": ["isp", "gemeente"],
    "scenario_id": ["storing"],
    "scenarioId": ["storing"],
    "measure_id": ["reserve"],
}
VISIBLE = {"node_id": "suite", "nodeId": "suite", "party_id": "hoster"}
MISSING = "bestaat-niet"


def patterns(resolver: Any = None, prefix: str = "") -> Iterator[str]:
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            yield from patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and not str(p.pattern).startswith("^"):
            yield prefix + str(p.pattern)


def fill(pattern: str, values: dict[str, Any]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), pattern)


def keywords(pattern: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", pattern)


def person(name: str, org: Organisation, role: Role) -> Any:
    user = get_user_model().objects.create_user(username=name, password="x" * 16)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def town(db: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    supplier = Organisation.objects.create(name="Gedeelde Leverancier", slug="gedeeld")
    out["supplier"] = person("gedeeld", supplier, Role.KETENPARTNER)
    for t in ("Alfa", "Beta"):
        org = Organisation.objects.create(name=f"Gemeente {t}", slug=t.lower())
        record = service.create_map(org, to_data(parse_map(MAP.format(T=t))), None, "test")
        partner = Organisation.objects.create(name=f"Partner {t}", slug=f"partner-{t.lower()}")
        Share.objects.create(riskmap=record, organisation=partner, party_id="hoster")
        Share.objects.create(riskmap=record, organisation=supplier, party_id="hoster")
        users = {
            role: person(f"{t}-{role.value}", org, role)
            for role in Role
            if role != Role.KETENPARTNER
        }
        users[Role.KETENPARTNER] = person(f"{t}-partner", partner, Role.KETENPARTNER)
        out[t] = {"map": record, "users": users}
    # A change to something hidden from the partners, by someone they never deal with.
    alfa = out["Alfa"]["map"]
    data = copy.deepcopy(alfa.current().data)
    data["measures"][0]["cost"] = 2000
    service.save(
        alfa,
        data,
        author=out["Alfa"]["users"][Role.CISO],
        summary="Maatregel reserve gewijzigd",
        kind=ObjectKind.MEASURE,
        object_id="reserve",
    )
    # Something of Beta's in every kind of object: a job and a second version.
    client = Client()
    client.force_login(out["Beta"]["users"][Role.CISO])
    response = client.post(
        fill("kaarten/<map_id>/taken/criticaliteit/", {"map_id": out["Beta"]["map"].pk})
    )
    match = re.search(r"/taken/(\d+)/", response.get("Location", ""))
    assert match, response
    out["job_id"] = int(match.group(1))
    out["accountability"] = _assessed(out["Beta"]["map"])
    out["exercise"] = _exercised(out["Beta"]["map"], out["Beta"]["users"][Role.BESTUURDER])
    out["incident"] = _incident(out["Beta"]["map"])
    out["advisory"] = _advised(out["Beta"]["map"])
    return out


def _incident(record: Any) -> dict[str, int]:
    """Beta's incident with a failed node and a contact: their ids."""
    from weerbaar.web.incidents.store import open_incident

    _version, m = service.current(record)
    from weerbaar.web.incidents.models import Contact

    incident = open_incident(record, m, title="Beta-geheim incident", nodes=["power"])
    contact = Contact.objects.create(incident=incident, role="Beta-geheim woordvoerder")
    return {
        "incident_id": incident.pk,
        "row_id": incident.affected.get().pk,
        "contact_id": contact.pk,
    }


def _advised(record: Any) -> dict[str, int]:
    """Beta's imported advisory: its id."""
    import json

    from advisory_docs import document
    from weerbaar.web.advisories import store

    doc = document(document__title="Beta-geheim advies")
    ((advisory, data),) = store.read_uploads([("beta.json", json.dumps(doc).encode())])
    store.save(record.organisation, [(advisory, data)], None)
    return {"advisory_id": record.organisation.advisories.get().pk}


def _exercised(record: Any, player: Any) -> dict[str, int]:
    """Beta's exercise with a participant: their ids."""
    from weerbaar.web.analyses.exercises import draft
    from weerbaar.web.exercises.models import ExerciseRecord, Participant
    from weerbaar.web.exercises.store import script_data

    version, m = service.current(record)
    ex = draft(
        m, "storing", title="Beta-geheim", duration=2.0, seed=1, language="nl", version_label="v"
    )
    exercise = ExerciseRecord.objects.create(
        riskmap=record, map_version=version.number, title=ex.title, scenario_id="storing",
        script=script_data(ex),
    )  # fmt: skip
    part = Participant.objects.create(exercise=exercise, user=player, role="it")
    first = exercise.script["injects"][0]["id"]
    return {"exercise_id": exercise.pk, "participant_id": part.pk, "kind": "bericht",
            "item_id": first}  # fmt: skip


def _assessed(record: Any) -> dict[str, int]:
    """Beta's catalogue, assessment with evidence and improvement action: their ids."""
    from django.core.files.base import ContentFile

    from weerbaar.accountability.bio2 import parse_bio2
    from weerbaar.web.accountability import store
    from weerbaar.web.accountability.models import ActionRecord, AssessmentRecord, Evidence

    text = "versie 1 van 1 mei 2026\n## 5.01.01\nBeta-geheim beleid.\n"
    cat, _d, _n = store.save_catalogue(
        record.organisation, parse_bio2(text, "beta.md"), None, "niet-deels-volledig"
    )
    a = AssessmentRecord.objects.create(
        riskmap=record, catalogue=cat, year=2026, control_id="5.01.01", owner="Beta-geheim"
    )
    e = Evidence.objects.create(
        assessment=a,
        file=ContentFile(b"%PDF-1.4", name="b.pdf"),
        name="Beta-geheim.pdf",
        size=8,
        content_type="application/pdf",
    )
    action = ActionRecord.objects.create(riskmap=record, title="Beta-geheim", source="control")
    return {
        "catalogue_id": cat.pk,
        "catalogueId": cat.pk,
        "year": 2026,
        "role": "burgemeester",
        "control_id": "5.01.01",
        "evidence_id": e.pk,
        "action_id": action.pk,
    }


def client_for(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    token, _ = Token.objects.get_or_create(user=user)
    # The API authenticates by token (session auth would refuse without CSRF).
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def request(client: Client, method: str, url: str) -> Any:
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code != 500, f"{method.upper()} {url}: 500"
    return response


def text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def map_patterns() -> list[str]:
    return [p for p in patterns() if {"map_id", "mapId"} & set(keywords(p))]


def test_it_crawls_every_map_pattern() -> None:
    # A guard on the crawl itself: the URL configuration is really walked.
    found = map_patterns()
    assert len(found) > 40
    assert any(p.startswith("api/") for p in found)


def test_it_answers_for_another_municipality_as_for_nothing(town: dict[str, Any]) -> None:
    beta = town["Beta"]["map"].pk
    values = {
        "number": 1,
        "job_id": town["job_id"],
        "jobId": town["job_id"],
        **town["accountability"],
        **town["exercise"],
        **town["incident"],
        "incidentId": town["incident"]["incident_id"],
        **town["advisory"],
        **{k: v[0] for k, v in HIDDEN.items()},
    }
    nothing = MapVersion.objects.order_by("-riskmap_id").first().riskmap_id + 100  # type: ignore[union-attr]
    before = MapVersion.objects.count()
    alfa = town["Alfa"]["users"]
    for user in (alfa[Role.BEHEERDER], alfa[Role.BESTUURDER], alfa[Role.KETENPARTNER]):
        client = client_for(user)
        for pattern in map_patterns():
            url = fill(pattern, {**values, "map_id": beta, "mapId": beta})
            absent = fill(pattern, {**values, "map_id": nothing, "mapId": nothing})
            for method in METHODS:
                response = request(client, method, url)
                expected = request(client, method, absent).status_code
                # 404, or 405 where the method is wrong whatever the map.
                assert response.status_code == expected in (404, 405), f"{method.upper()} {url}"
                assert "Beta" not in text(response), f"{user} {method.upper()} {url}"
    assert MapVersion.objects.count() == before


@pytest.mark.parametrize("who", ["Alfa-partner", "gedeeld"])
def test_it_answers_a_hidden_id_exactly_as_a_missing_one(town: dict[str, Any], who: str) -> None:
    record = town["Alfa"]["map"]
    user = get_user_model().objects.get(username=who)
    client = client_for(user)
    base = {"map_id": record.pk, "mapId": record.pk, "number": 1, "job_id": town["job_id"]}
    before = MapVersion.objects.count()
    for pattern in map_patterns():
        ids = [k for k in keywords(pattern) if k in HIDDEN]
        if not ids:
            continue
        key = ids[0]
        for method in METHODS:
            missing = request(client, method, fill(pattern, {**base, key: MISSING}))
            for hidden in HIDDEN[key]:
                url = fill(pattern, {**base, key: hidden})
                response = request(client, method, url)
                assert response.status_code == missing.status_code, f"{method.upper()} {url}"
                assert "geheim" not in text(response), f"{method.upper()} {url}"
    assert MapVersion.objects.count() == before


@pytest.mark.parametrize("who", ["Alfa-partner", "gedeeld"])
def test_it_shows_a_partner_nothing_hidden_on_any_page(town: dict[str, Any], who: str) -> None:
    record = town["Alfa"]["map"]
    client = client_for(get_user_model().objects.get(username=who))
    values = {"map_id": record.pk, "mapId": record.pk, "number": 1, "job_id": town["job_id"]}
    values.update(VISIBLE)
    opened = 0
    for pattern in map_patterns():
        if not set(keywords(pattern)) <= set(values) or pattern.endswith(".xlsx"):
            continue
        response = request(client, "get", fill(pattern, values))
        if response.status_code == 200:
            opened += 1
            body = text(response)
            for secret in ("geheim", "Alfa-ciso", "reserve"):
                assert secret not in body, f"{secret} on {fill(pattern, values)}"
    assert opened >= 5  # the partner's own pages were really read


def _version_fields(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every ``(key, value)`` of a JSON document whose key speaks of a version."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _version_fields(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _version_fields(v, key)
    elif "version" in key.lower():
        yield key, value


@pytest.mark.parametrize("who", ["Alfa-partner", "gedeeld"])
def test_it_tells_a_partner_no_version_number_anywhere(town: dict[str, Any], who: str) -> None:
    record = town["Alfa"]["map"]
    # Changes the partners cannot see, up to a number that stands out.
    data = copy.deepcopy(record.current().data)
    while record.current().number < 17:
        data["measures"][0]["cost"] += 1
        service.save(record, data, author=None, summary="elders", kind=ObjectKind.MEASURE)
    number = record.current().number
    spoken = re.compile(rf"\b(versie|version|v)\s*{number}\b", re.IGNORECASE)
    client = client_for(get_user_model().objects.get(username=who))
    values = {"map_id": record.pk, "mapId": record.pk, "number": 1, "job_id": town["job_id"]}
    values.update(VISIBLE)
    before = MapVersion.objects.count()
    opened: set[str] = set()
    for pattern in map_patterns():
        if not set(keywords(pattern)) <= set(values) or pattern.endswith(".xlsx"):
            continue
        url = fill(pattern, values)
        api = pattern.startswith("api/")
        # Pages only read (a form's POST could really save); the API is tried
        # with every method and the number as If-Match, which must not match.
        for method in METHODS if api else ("get",):
            if api and method != "get":
                response = getattr(client, method)(
                    url, data="{}", content_type="application/json", HTTP_IF_MATCH=f'"{number}"'
                )
            else:
                response = request(client, method, url)
            assert response.status_code != 500, url
            where = f"{method.upper()} {url}"
            tag = response.get("ETag")
            assert tag is None or re.fullmatch(r'"v[0-9a-f]{32}"', tag), f"{where}: ETag {tag}"
            body = text(response)
            assert not spoken.search(body), f"{where}: {spoken.search(body)}"
            if response.get("Content-Type", "").endswith("json") and body:
                for key, value in _version_fields(json.loads(body)):
                    assert value in (None, ""), f"{where}: {key} = {value!r}"
            if response.status_code == 200:
                opened.add(pattern)
    assert MapVersion.objects.count() == before
    # The partner's own API routes and pages were really read.
    assert {"api/v1/maps/<int:mapId>", "api/v1/maps/<int:mapId>/nodes/<str:nodeId>"} <= opened
    assert len(opened) >= 8, sorted(opened)
