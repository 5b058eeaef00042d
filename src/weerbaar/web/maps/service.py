"""Reading and changing a stored map, always through the CLI's validation.

Pages and the API call these functions; none of them touch ``MapVersion``
directly. A change is validated as a whole map (the same checks as
``weerbaar check``), then written as a new version under a row lock, so two
people saving at once cannot silently overwrite each other.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from weerbaar.model import MapError, Problem, RiskMap, from_data
from weerbaar.model.yamlsource import Path_
from weerbaar.scoring import check_criteria, default_profile
from weerbaar.web.analyses import cache
from weerbaar.web.forms import horizon_problem
from weerbaar.web.maps.models import MapVersion, ObjectKind, RiskMapRecord


class Conflict(Exception):
    """The map changed since the editor loaded it."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(f"the map is now at version {current}")


class UnusableVersion(Exception):
    """A stored version that does not pass today's validation.

    Stored by an older release with looser rules, or changed in the database
    by hand. Pages and the API answer with what is wrong and the way out
    (restore an earlier version) instead of a 500 (weerbaar.web.maps.unusable).
    """

    def __init__(self, version: MapVersion, problems: list[Any]) -> None:
        self.version = version
        self.problems = problems
        super().__init__(f"version {version.number} of map {version.riskmap_id} is not valid")


def to_model(version: MapVersion) -> RiskMap:
    """The validated :class:`RiskMap` of a stored version (cached; versions never change)."""
    return cache.remembered(version, "model", lambda: _load(version))


def _load(version: MapVersion) -> RiskMap:
    try:
        return from_data(version.data, source=f"{version.riskmap.name} v{version.number}")
    except MapError as exc:
        raise UnusableVersion(version, list(exc.problems)) from exc


def current(record: RiskMapRecord) -> tuple[MapVersion, RiskMap]:
    version = record.current()
    return version, to_model(version)


def validate(data: Any, source: str = "map") -> RiskMap:
    """Raise :class:`MapError` when ``data`` is not a valid map.

    The same checks as ``weerbaar check``: the file format, references, and
    the impact criteria against the methodology profile.
    """
    m = from_data(data, source=source)
    problems = check_criteria(m, default_profile()) + horizon_problems(m)
    if problems:
        raise MapError(problems)
    return m


def horizon_problems(m: RiskMap) -> list[Problem]:
    """The horizons of ``m`` past ``WEERBAAR_MAX_HORIZON_HOURS``, each at its place.

    The map file allows a century; a web installation computes to at most
    its own bound (weerbaar.web.forms.horizon_problem), whether the map comes
    from a form, an import or the API.
    """
    places: list[tuple[Path_, float | None]] = [(("horizon",), m.horizon)]
    places += [(("scenarios", i, "horizon"), sc.horizon) for i, sc in enumerate(m.scenarios)]
    out = []
    for path, hours in places:
        problem = None if hours is None else horizon_problem(hours)
        if problem is not None:
            line = next(
                (m.lines[path[:end]] for end in range(len(path), -1, -1) if path[:end] in m.lines),
                0,
            )
            out.append(Problem(m.source, line, problem, path=path))
    return out


def create_map(organisation: Any, data: Any, author: Any, summary: str) -> RiskMapRecord:
    m = validate(data, "map")
    with transaction.atomic():
        record = RiskMapRecord.objects.create(
            organisation=organisation, name=m.name or "Risicokaart"
        )
        MapVersion.objects.create(
            riskmap=record,
            number=1,
            data=data,
            author=author,
            summary=summary,
            object_kind=ObjectKind.MAP,
        )
    return record


def save(
    record: RiskMapRecord,
    data: Any,
    *,
    author: Any,
    summary: str,
    kind: ObjectKind,
    object_id: str = "",
    before: Any = None,
    after: Any = None,
    base: int | None = None,
) -> MapVersion:
    """Validate ``data`` and store it as the map's next version.

    ``base`` is the version the editor started from; when the map has moved
    on since, :class:`Conflict` is raised and nothing is stored.
    """
    m = validate(data, record.name)
    with transaction.atomic():
        locked = RiskMapRecord.objects.select_for_update().get(pk=record.pk)
        latest = locked.current().number
        if base is not None and base != latest:
            raise Conflict(latest)
        if m.name and m.name != locked.name:
            locked.name = m.name
            locked.save(update_fields=["name"])
        return MapVersion.objects.create(
            riskmap=locked,
            number=latest + 1,
            data=data,
            author=author,
            summary=summary,
            object_kind=kind,
            object_id=object_id,
            before=before,
            after=after,
        )


def restore(record: RiskMapRecord, number: int, *, author: Any) -> MapVersion:
    """Make an earlier version current again, as a new version (nothing is lost)."""
    old = record.versions.get(number=number)
    return save(
        record,
        old.data,
        author=author,
        summary=f"Versie {number} teruggezet",
        kind=ObjectKind.MAP,
        before=None,
        after=None,
    )


__all__ = [
    "Conflict",
    "MapError",
    "UnusableVersion",
    "create_map",
    "current",
    "restore",
    "save",
    "to_model",
    "validate",
]
