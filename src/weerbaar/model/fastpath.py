"""Nodes read without pydantic, when they are plain: the loader's fast path.

A generated map of 300 municipalities has 21,559 nodes and 87,000
requirements; validating each through pydantic (a model instance per node
and per requirement, Python callbacks for every duration) and then copying
it into a :class:`~weerbaar.model.riskmap.Node` took longer than everything
else the command line does with the map. :func:`fast_node` reads a node
straight into a ``Node`` when every value is of the plain kind a map file
normally holds, and returns ``None`` for anything else, which the loader
then validates through the schema as before. So a node the fast path takes
gives the same ``Node`` as the schema would, and every problem is still
reported, with its line, by the schema (``tests/test_fastpath.py`` checks
both on random nodes).
"""

from __future__ import annotations

import re
from typing import Any

from weerbaar.model.durations import Distribution, DurationError, parse_duration, parse_uncertain
from weerbaar.model.riskmap import Impact, ImpactStep, Location, Node, NodeKind, Requirement
from weerbaar.model.roles import OwnerRole
from weerbaar.model.schema import ID_PATTERN, MAX_AMOUNT, MAX_PEOPLE, MIN_AMOUNT

_ID = re.compile(ID_PATTERN)
_KINDS = {k.value: k for k in NodeKind}
_OWNERS = {r.value: r for r in OwnerRole}
_PLAIN = frozenset(
    (
        "id",
        "kind",
        "name",
        "description",
        "party",
        "restart",
        "requires",
        "vital",
        "mtpd",
        "rto",
        "rpo",
        "bbn",
        "served",
        "owner",
        "gemeente",
        "shared",
        "location",
        "impact",
    )
)
_CLASSES = frozenset("ABCDE")
_REQUIREMENT_KEYS = frozenset(("node", "any", "need", "tolerance"))


class _NotPlain(Exception):
    """A value the fast path leaves to the schema."""


#: Ids already found valid: a map names each node in many requirements.
_VALID: set[str] = set()


def _id(value: object) -> str:
    if type(value) is not str:
        raise _NotPlain
    if value in _VALID:
        return value
    # The schema strips text before matching; text with spaces around it is
    # left to it.
    if len(value) <= 200 and _ID.match(value) and value == value.strip():
        if len(_VALID) > 1_000_000:
            _VALID.clear()  # bounded: a long-running web process reads many maps
        _VALID.add(value)
        return value
    raise _NotPlain


def _text(value: object) -> str:
    if type(value) is str and value == value.strip():
        return value
    raise _NotPlain


def _int(value: object, low: int, high: int) -> int:
    if type(value) is int and low <= value <= high:
        return value
    raise _NotPlain


def _number(value: object, low: float, high: float) -> float:
    # NaN fails the comparison and goes to the schema, which names it.
    if (type(value) is float or type(value) is int) and low <= value <= high:
        return float(value)
    raise _NotPlain


def _amount(value: object) -> float:
    x = _number(value, 0.0, MAX_AMOUNT)
    if 0 < x < MIN_AMOUNT:
        raise _NotPlain
    return x


def _location(value: object) -> Location | None:
    if value is None:
        return None
    if type(value) is not dict or value.keys() != {"lat", "lon"}:
        raise _NotPlain
    return Location(_number(value["lat"], -90, 90), _number(value["lon"], -180, 180))


def _impact(value: object) -> Impact | None:
    if value is None:
        return None
    if type(value) is not dict or not value.keys() <= {"per_day", "steps"}:
        raise _NotPlain
    per_day = value.get("per_day", {})
    steps = value.get("steps", [])
    if type(per_day) is not dict or type(steps) is not list:
        raise _NotPlain
    out = []
    for step in steps:
        if type(step) is not dict or "after" not in step:
            raise _NotPlain
        quantities: dict[str, float] = {}
        classes: dict[str, str] = {}
        for key, x in step.items():
            if key == "after":
                continue
            if type(x) is str and x in _CLASSES:
                classes[key] = x
            else:
                quantities[key] = _amount(x)
        after = _duration(step["after"])
        if after is None:
            raise _NotPlain
        out.append(ImpactStep(after, quantities, classes))
    return Impact({_id(k): _amount(x) for k, x in per_day.items()}, tuple(out))


#: Durations and requirements already read. A map writes the same few
#: durations and requirements (a municipality's network, the same tolerance)
#: thousands of times; their values are immutable, so one serves them all.
#: Reading each again was a third of the fast path on a large map.
_DURATIONS: dict[str, float | Distribution] = {}
_REQUIREMENTS: dict[object, Requirement] = {}
_CACHE_SIZE = 100_000  # bounded: a long-running web process reads many maps


def _remember(cache: dict[Any, Any], key: object, value: Any) -> None:
    if len(cache) > _CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _uncertain(value: object) -> float | Distribution:
    if type(value) is str:
        found = _DURATIONS.get(value)
        if found is not None:
            return found
    elif type(value) is bool:
        raise _NotPlain
    try:
        result = parse_uncertain(value)
    except DurationError:
        raise _NotPlain from None
    if type(value) is str:
        _remember(_DURATIONS, value, result)
    return result


def _duration(value: object) -> float | None:
    if value is None:
        return None
    if type(value) is bool:
        raise _NotPlain
    try:
        return parse_duration(value)
    except DurationError:
        raise _NotPlain from None


def _requirement(value: object) -> Requirement:
    if type(value) is str:
        key: object = value
    elif type(value) is not dict or not value.keys() <= _REQUIREMENT_KEYS:
        raise _NotPlain
    else:
        get = value.get
        members = get("any")
        # The types are part of the key: 1 == 1.0 == True, but `need: true`
        # is not plain. Unhashable values raise TypeError: the schema's.
        need, tolerance = get("need"), get("tolerance")
        key = (
            get("node"),
            tuple(members) if type(members) is list else members,
            need,
            type(need),
            tolerance,
            type(tolerance),
            "tolerance" in value,
        )
    found = _REQUIREMENTS.get(key)
    if found is None:
        found = _read_requirement(value)
        _remember(_REQUIREMENTS, key, found)
    return found


def _read_requirement(value: object) -> Requirement:
    if type(value) is str:
        return Requirement((_id(value),))
    assert type(value) is dict  # _requirement checked
    node, members, need = value.get("node"), value.get("any"), value.get("need")
    if node is not None and members is None:
        if need is not None and need != 1:
            raise _NotPlain
        ids: tuple[str, ...] = (_id(node),)
    elif node is None and type(members) is list and members:
        ids = tuple(_id(m) for m in members)
    else:
        raise _NotPlain
    if need is not None:
        need = _int(need, 1, 1_000_000)
    tolerance = _uncertain(value["tolerance"]) if "tolerance" in value else 0.0
    spread = tolerance if isinstance(tolerance, Distribution) else None
    point = tolerance.point if isinstance(tolerance, Distribution) else tolerance
    return Requirement(ids, need or 1, point, spread)


def fast_node(data: object) -> Node | None:
    """``data`` as a :class:`Node` when it is plain, else ``None`` (the schema decides).

    Examples
    --------
    >>> fast_node({"id": "a", "requires": ["b"], "restart": "4h"}).restart
    4.0
    >>> fast_node({"id": "a", "restart": "vier uur"}) is None
    True
    """
    if type(data) is not dict or not data.keys() <= _PLAIN:
        return None
    get = data.get
    try:
        kind = get("kind", "system")
        if kind not in _KINDS:
            raise _NotPlain
        owner = get("owner")
        if owner is not None and owner not in _OWNERS:
            raise _NotPlain
        requires = get("requires", [])
        if type(requires) is not list:
            raise _NotPlain
        restart = _uncertain(get("restart", 0.0))
        vital = get("vital", False)
        if type(vital) is not bool:
            raise _NotPlain
        extra: dict[str, Any] = {}
        if get("gemeente") is not None:
            extra["gemeente"] = _id(data["gemeente"])
        shared = get("shared")
        if shared is not None:
            if type(shared) is not bool:
                raise _NotPlain
            extra["shared"] = shared
        party, bbn, served = get("party"), get("bbn"), get("served")
        return Node(
            id=_id(get("id")),
            kind=_KINDS[kind],
            name=_text(get("name", "")),
            description=_text(get("description", "")),
            party=None if party is None else _id(party),
            restart=restart.point if isinstance(restart, Distribution) else restart,
            restart_spread=restart if isinstance(restart, Distribution) else None,
            requires=tuple(_requirement(r) for r in requires),
            location=_location(get("location")),
            impact=_impact(get("impact")),
            vital=vital,
            mtpd=_duration(get("mtpd")),
            rto=_duration(get("rto")),
            rpo=_duration(get("rpo")),
            bbn=None if bbn is None else _int(bbn, 1, 3),
            served=None if served is None else _int(served, 0, MAX_PEOPLE),
            owner=None if owner is None else _OWNERS[owner],
            extra=extra,
        )
    except (_NotPlain, TypeError):  # TypeError: an unhashable kind or owner
        return None
