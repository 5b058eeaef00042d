"""Files that take a large map seconds to make: made by the worker, handed out by their page.

The risk report and the Excel workbook of a map larger than
``settings.INLINE_NODE_LIMIT`` nodes are made by a job (queued once, shared by
everyone who asks for the same file). Until it is done, the file's URL answers
``202`` with a page that follows the job; then the same URL hands out the file
the job made. A small map's file is made at once, as before.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from weerbaar.model import RiskMap
from weerbaar.web.analyses import runs
from weerbaar.web.jobs.models import JobKind, JobStatus
from weerbaar.web.maps.access import Access
from weerbaar.web.maps.models import MapVersion


def download(
    request: HttpRequest,
    access: Access,
    version: MapVersion,
    m: RiskMap,
    job: tuple[JobKind, dict[str, Any]],
    make: Callable[[], bytes],
    content_type: str,
    name: str,
) -> HttpResponse:
    """The file ``make`` makes, now for a small map; for a large one the job ``job`` makes it."""
    if runs.inline(m):
        content = make()
    else:
        kind, p = job
        found = runs.job_for(access.record, version, kind, p, request.user)
        if found.status != JobStatus.DONE:
            context = {"access": access, "job": found, "nodes": len(m.nodes)}
            return render(request, "jobs/queued.html", context, status=202)
        assert found.result is not None  # a job that is done has its result
        content = base64.b64decode(found.result["file"])
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
