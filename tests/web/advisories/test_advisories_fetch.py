"""Fetching a CSAF provider from the web: by the worker, public addresses only, all or nothing."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from advisory_docs import document
from test_advisories_provider import Provider
from weerbaar.interop import fetch as interop_fetch
from weerbaar.web.accounts.models import Role
from weerbaar.web.advisories.models import AdvisoryRecord
from weerbaar.web.jobs.models import Job, JobKind, JobStatus
from weerbaar.web.jobs.queue import execute

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider() -> Iterator[Provider]:
    p = Provider()
    thread = threading.Thread(target=p.server.serve_forever, daemon=True)
    thread.start()
    yield p
    p.server.shutdown()
    p.server.server_close()


@pytest.fixture
def local_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test's provider (127.0.0.1) passes as public; every other address is checked."""
    real = interop_fetch.check_url

    def check(url: str, *, allow_private: bool = False) -> None:
        if urlsplit(url).hostname == "127.0.0.1":
            return
        real(url, allow_private=allow_private)

    monkeypatch.setattr(interop_fetch, "check_url", check)


def two() -> dict[str, object]:
    return {
        "a.json": document(),
        "b.json": document(document__tracking__id="NCSC-2099-0002"),
    }


def fetch(client: Any, world: dict[str, Any], url: str) -> Any:
    return client.post(
        reverse("advisories:fetch", kwargs={"map_id": world["map_a"].pk}), {"url": url}
    )


def run_queued() -> Job:
    job = Job.objects.get(kind=JobKind.FETCH_ADVISORIES)
    execute(job.pk)
    job.refresh_from_db()
    return job


def test_it_fetches_a_providers_advisories_in_the_background(
    world: dict[str, Any], login: Any, provider: Provider, local_is_public: None
) -> None:
    provider.publish(two())
    client = login(world["users"][Role.CISO])
    assert fetch(client, world, provider.url).status_code == 302
    assert not AdvisoryRecord.objects.exists()  # queued, not fetched in the request
    job = run_queued()
    assert job.status == JobStatus.DONE, job.error
    assert job.result["advisories"]["new"] == 2
    records = AdvisoryRecord.objects.filter(organisation=world["org_a"])
    assert sorted(r.tracking_id for r in records) == ["NCSC-2099-0001", "NCSC-2099-0002"]
    assert {r.imported_by for r in records} == {world["users"][Role.CISO]}
    page = client.get(reverse("advisories:list", kwargs={"map_id": world["map_a"].pk}))
    assert "2 nieuw, 0 bijgewerkt" in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/.well-known/csaf/provider-metadata.json",
        "http://[::1]/",
        "file:///etc/passwd",
        "gopher://example.org/",
    ],
)
def test_it_refuses_an_address_inside_or_not_http_and_queues_nothing(
    world: dict[str, Any], login: Any, url: str
) -> None:
    response = fetch(login(world["users"][Role.CISO]), world, url)
    assert response.status_code == 400
    assert response.context["provider"].errors["url"]
    assert not Job.objects.exists()


def test_it_refuses_a_provider_that_points_the_server_inside(
    world: dict[str, Any], login: Any, provider: Provider, local_is_public: None
) -> None:
    provider.publish(two())
    meta = {"distributions": [{"rolie": {"feeds": [{"url": "http://169.254.169.254/feed"}]}}]}
    provider.files["/.well-known/csaf/provider-metadata.json"] = json.dumps(meta).encode()
    fetch(login(world["users"][Role.CISO]), world, provider.url)
    job = run_queued()
    assert job.status == JobStatus.FAILED and "169.254.169.254" in job.error
    assert "non-public" in job.error
    assert not AdvisoryRecord.objects.exists()


def test_one_bad_document_stores_none_and_says_where(
    world: dict[str, Any], login: Any, provider: Provider, local_is_public: None
) -> None:
    docs = two()
    docs["c.json"] = document(document__tracking=None)
    provider.publish(docs)
    client = login(world["users"][Role.CISO])
    fetch(client, world, provider.url)
    job = run_queued()
    assert job.status == JobStatus.FAILED
    assert "/docs/c.json: $.document.tracking: required key is missing" in job.error
    assert not AdvisoryRecord.objects.exists()
    page = client.get(reverse("advisories:list", kwargs={"map_id": world["map_a"].pk}))
    assert "required key is missing" in page.content.decode()


def test_it_says_what_a_provider_without_metadata_answered(
    world: dict[str, Any], login: Any, provider: Provider, local_is_public: None
) -> None:
    # Any answer but 200 is refused so, a redirect too (weerbaar.interop.fetch
    # follows none: tests/test_interop_hostile.py).
    fetch(login(world["users"][Role.CISO]), world, provider.url)
    job = run_queued()
    assert job.status == JobStatus.FAILED and "answered 404" in job.error


def test_the_command_fetches_for_cron_and_exits_2_on_a_problem(
    world: dict[str, Any], provider: Provider, local_is_public: None
) -> None:
    provider.publish(two())
    out = io.StringIO()
    call_command("fetchadvisories", "gemeente-a", provider.url, stdout=out)
    assert "2 new" in out.getvalue()
    assert AdvisoryRecord.objects.filter(organisation=world["org_a"]).count() == 2
    with pytest.raises(CommandError) as refused:
        call_command("fetchadvisories", "gemeente-a", "http://169.254.169.254/")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("fetchadvisories", "no-such-org", provider.url)
