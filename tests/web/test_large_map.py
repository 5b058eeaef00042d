"""The generator's 300-municipality map in the web app: every page and API route answers.

Some 21,500 nodes: larger than the inline limit (simulations queue as jobs,
the API answers 202 with a job resource) and than the exact criticality's
limit (the bounded-memory sweep is used). Every map URL of the access
matrix and every API route is requested once, cold, and must answer within
``BUDGET`` seconds, or queue, with at most ``MAX_BYTES`` (lists come a page
at a time, the graph draws a part) but for the two that are the whole map by
design: its content in the API and its YAML file, which is streamed and
starts within ``FIRST_BYTE`` seconds. The
figures are printed (``-s``); ``bench/pages.py`` measures the same pages for
docs/performance.md. Marked ``large``: some 90 seconds on 2 cores.
"""

from __future__ import annotations

import time
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from mapurls import MAP_URLS
from rest_framework.authtoken.models import Token

from weerbaar.model import to_data
from weerbaar.scale.generate import generate_map
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.graph import views as graph_views
from weerbaar.web.incidents.models import Contact
from weerbaar.web.incidents.store import open_incident
from weerbaar.web.jobs.models import Job, JobStatus
from weerbaar.web.maps import service

pytestmark = [pytest.mark.django_db, pytest.mark.large]

#: Seconds one request may take, cold, on the 2-core CI machine.
BUDGET = 30.0
#: What a request answers: a page, a queued job, or (POST-only URLs) 405.
ANSWERS = {200, 202, 405}
#: Bytes an answer may weigh (the largest page measured is some 250 kB).
MAX_BYTES = 1_000_000
#: Seconds until the first bytes of the streamed YAML file.
FIRST_BYTE = 5.0


@pytest.fixture
def large(db: Any) -> dict[str, Any]:
    m = generate_map(300, 1)
    org = Organisation.objects.create(name="Regio", slug="regio")
    user = get_user_model().objects.create_user("ciso-regio")
    Membership.objects.create(user=user, organisation=org, role=Role.CISO)
    record = service.create_map(org, to_data(m), user, "generated")
    return {"m": m, "record": record, "user": user}


def timed(get: Any, url: str) -> tuple[int, float, int]:
    """Status, seconds and size of an answer; a streamed one read to the end."""
    start = time.perf_counter()
    response = get(url)
    if response.streaming:
        size = sum(len(piece) for piece in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, time.perf_counter() - start, size


def test_it_answers_every_page_and_api_route_of_a_300_municipality_map(
    large: dict[str, Any], client: Any
) -> None:
    m, record = large["m"], large["record"]
    assert len(m.nodes) > 20_000
    client.force_login(large["user"])
    job = Job.objects.create(
        map=record, version_number=1, kind="time_aware_criticality", params={"duration": 1.0}
    )
    node, scenario = m.nodes[5].id, m.scenarios[0].id
    incident = open_incident(record, m, title="Storing", nodes=[node])
    contact = Contact.objects.create(incident=incident, role="Woordvoerder")
    ids = {"node_id": node, "scenario_id": scenario, "party_id": m.parties[0].id}
    pages = []
    for entry in MAP_URLS:
        kwargs = {"map_id": record.pk, **dict(entry.kwargs)}
        for key in ids.keys() & kwargs.keys():
            kwargs[key] = ids[key]
        if "measure_id" in kwargs:
            continue  # the generated map has no measures
        if "job_id" in kwargs:
            kwargs["job_id"] = job.pk
        if "incident_id" in kwargs:
            kwargs["incident_id"] = incident.pk
        if "contact_id" in kwargs:
            kwargs["contact_id"] = contact.pk
        pages.append(reverse(entry.name, kwargs=kwargs))
    # The node search of the incident forms, with a term most nodes match.
    pages.append(reverse("incidents:node_search", kwargs={"map_id": record.pk}) + "?q=e")
    token = Token.objects.create(user=large["user"])
    api = [
        reverse(name, kwargs={"mapId": record.pk, **kwargs})
        for name, kwargs in [
            ("api:map", {}),
            ("api:content", {}),
            ("api:versions", {}),
            ("api:nodes", {}),
            ("api:node", {"nodeId": node}),
            ("api:scenarios", {}),
            ("api:simulation", {"scenarioId": scenario}),
            ("api:criticality", {}),
            ("api:job", {"jobId": job.pk}),
        ]
    ] + [reverse("api:maps")]
    figures = [(url, *timed(client.get, url)) for url in pages]
    figures += [
        (url, *timed(lambda u: client.get(u, HTTP_AUTHORIZATION=f"Token {token.key}"), url))
        for url in api
    ]
    for url, status, seconds, size in figures:
        print(f"{seconds:6.2f} s  {size:>10,} B  {status}  {url}")
    slow = [(url, status, round(s, 1)) for url, status, s, _ in figures if s > BUDGET]
    wrong = [(url, status) for url, status, _, _ in figures if status not in ANSWERS]
    yaml_url = reverse("maps:export_yaml", kwargs={"map_id": record.pk})
    # The answers that are the whole map, by design: its file and its content.
    whole = {yaml_url, reverse("api:content", kwargs={"mapId": record.pk})}
    heavy = [(url, size) for url, _, _, size in figures if size > MAX_BYTES and url not in whole]
    assert not slow and not wrong and not heavy
    # The whole map's file starts at once: it is streamed.
    start = time.perf_counter()
    streamed = client.get(yaml_url)
    assert streamed.streaming and next(iter(streamed.streaming_content)).startswith(b"weerbaar:")
    assert time.perf_counter() - start < FIRST_BYTE
    # The graph draws a part: a node's surroundings, bounded.
    part = client.get(
        reverse("graph:graph_data", kwargs={"map_id": record.pk}), {"node": node}
    ).json()
    assert 1 < len(part["nodes"]) <= graph_views.DRAW_LIMIT and part["total"] == len(m.nodes)
    # The simulation, the criticality, the report and the workbook were queued,
    # not computed in the request.
    queued = Job.objects.filter(map=record, status=JobStatus.QUEUED).exclude(pk=job.pk)
    assert {j.kind for j in queued} >= {"simulate", "criticality", "report", "export_xlsx"}
    for _ in range(queued.count() + 1):
        call_command("worker", "--once", stdout=StringIO())
    done = Job.objects.filter(map=record, kind="criticality", status=JobStatus.DONE).first()
    assert done is not None and len(done.result["nodes"]) == len(m.nodes)
    # Once made, the report is handed out by its own URL.
    report = client.get(reverse("insight:report", kwargs={"map_id": record.pk}))
    assert report.status_code == 200 and report.content.startswith(b"<!DOCTYPE html>")


def test_it_hands_out_the_council_report_and_briefings_of_a_300_municipality_map(
    large: dict[str, Any], client: Any
) -> None:
    """Made within the budget, and a few pages: a council does not read 14,000 names."""
    record = large["record"]
    client.force_login(large["user"])
    m = {"map_id": record.pk}
    urls = [
        reverse("accountability:report", kwargs=m),
        reverse("accountability:report_pdf", kwargs=m),
        reverse("accountability:report_docx", kwargs=m),
        reverse("accountability:briefing_pdf", kwargs={**m, "role": "ciso"}),
    ]
    figures = [(url, *timed(client.get, url)) for url in urls]
    for url, status, seconds, size in figures:
        print(f"{seconds:6.2f} s  {size:>10,} B  {status}  {url}")
    assert all(status == 200 for _, status, _, _ in figures)
    assert all(seconds <= BUDGET for _, _, seconds, _ in figures)
    # Some 40 kB each where the whole list made 6.8 MB of PDF.
    assert all(size <= 200_000 for _, _, _, size in figures)
