"""What a background job computes, per kind of job.

Each runner takes the map version the job was asked for, the job's
parameters and a progress callback, and returns the job's JSON result. A
criticality result lists ``nodes`` as ``{"node", "down", "vital_down"}``,
most critical first (:func:`weerbaar.engine.ranking.ranking`). A file a
page hands out (the report, the Excel workbook) is ``file``, in base64. A
budget result is ``budget``: :meth:`~weerbaar.accountability.budget.BudgetResult.to_json`.
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from weerbaar.engine import time_aware
from weerbaar.engine.ranking import ranking
from weerbaar.model import RiskMap
from weerbaar.model.excel import export_xlsx
from weerbaar.web.analyses import runs
from weerbaar.web.analyses.criticality import criticality
from weerbaar.web.analyses.insight import analysis_of
from weerbaar.web.jobs.models import JobKind
from weerbaar.web.maps.models import MapVersion
from weerbaar.web.maps.service import to_model

Progress = Callable[[int, int], None]


def _simulate(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    progress(0, 1)
    data = runs.simulate_json(to_model(version), p)
    progress(1, 1)
    return {"simulation": data}


def _criticality(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    c = criticality(to_model(version), progress)
    down, vital_down = c.down.tolist(), c.vital_down.tolist()
    rows = [{"node": c.ids[i], "down": down[i], "vital_down": vital_down[i]} for i in c.order()]
    return {"nodes": rows, "single_points": c.single_points}


def _time_aware(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    m = to_model(version)
    vital = {n.id for n in m.vital_processes}
    total = len(m.nodes)
    ids: list[str] = []
    down: list[int] = []
    vital_down: list[int] = []
    progress(0, total)
    for i, impact in enumerate(time_aware(m, float(p["duration"]), p.get("horizon")), 1):
        ids.append(impact.node)
        down.append(len(impact.down))
        vital_down.append(sum(v in vital for v in impact.down))
        progress(i, total)
    rows = [
        {"node": ids[i], "down": down[i], "vital_down": vital_down[i]}
        for i in ranking(ids, down, vital_down)
    ]
    return {"nodes": rows, "duration": p["duration"]}


def report_file(version: MapVersion, day: date) -> bytes:
    """The HTML report of ``version`` dated ``day``, as the page hands it out."""
    return analysis_of(version).report(day).encode()


def workbook_file(m: RiskMap) -> bytes:
    """``m`` as its Excel workbook."""
    with tempfile.TemporaryDirectory(prefix="weerbaar-export-") as tmp:
        path = Path(tmp) / "map.xlsx"
        export_xlsx(m, path)
        return path.read_bytes()


def _file(content: bytes, progress: Progress) -> dict[str, Any]:
    progress(1, 1)
    return {"file": base64.b64encode(content).decode("ascii")}


def _report(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    progress(0, 1)
    return _file(report_file(version, date.fromisoformat(p["date"])), progress)


def _export_xlsx(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    progress(0, 1)
    return _file(workbook_file(to_model(version)), progress)


def _budget(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    # Imported here: the budget module queues its jobs through this app.
    from weerbaar.web.analyses.budget import compute

    return {"budget": compute(to_model(version), p, progress)}


def _fetch_advisories(version: MapVersion, p: dict[str, Any], progress: Progress) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from weerbaar.web.advisories.provider import import_provider

    progress(0, 1)
    who = p.get("user")
    user = None if who is None else get_user_model().objects.filter(pk=who).first()
    done = import_provider(version.riskmap.organisation, p["url"], user)
    progress(1, 1)
    return {"advisories": done}


RUNNERS: dict[JobKind, Callable[[MapVersion, dict[str, Any], Progress], dict[str, Any]]] = {
    JobKind.SIMULATE: _simulate,
    JobKind.CRITICALITY: _criticality,
    JobKind.TIME_AWARE_CRITICALITY: _time_aware,
    JobKind.REPORT: _report,
    JobKind.EXPORT_XLSX: _export_xlsx,
    JobKind.BUDGET: _budget,
    JobKind.FETCH_ADVISORIES: _fetch_advisories,
}


def run(kind: JobKind, version: MapVersion, params: dict[str, Any], progress: Progress) -> Any:
    """The result of a job of ``kind`` on ``version``."""
    return RUNNERS[kind](version, params, progress)
