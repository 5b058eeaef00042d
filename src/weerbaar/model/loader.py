"""Turn a map file into a :class:`RiskMap`, or say exactly what is wrong.

Three passes, each reporting every problem it finds rather than the first:
YAML (syntax, duplicate keys, the work limits of :mod:`weerbaar.model.limits`),
structure (keys the format does not define, :mod:`weerbaar.model.keys`; types
and bounds, the pydantic models of :mod:`weerbaar.model.schema`) and
references (ids that must exist, groups that must be large enough).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from weerbaar.i18n import _
from weerbaar.model import schema as s
from weerbaar.model.durations import point_of, spread_of
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.fastpath import fast_node
from weerbaar.model.keys import unknown_keys
from weerbaar.model.limits import DEFAULT_LIMITS, Limits
from weerbaar.model.riskmap import (
    AddAlternative,
    AddNode,
    AddTolerance,
    Change,
    Failure,
    Impact,
    ImpactStep,
    Location,
    Measure,
    Node,
    Party,
    Product,
    Requirement,
    RiskMap,
    Scenario,
    ScenarioDuration,
    SetLikelihood,
    SetRestart,
)
from weerbaar.model.yamlsource import Path_, load_yaml, read_text


def load_map(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> RiskMap:
    """Read and validate a map file.

    Raises
    ------
    MapError
        With one located :class:`Problem` per thing wrong.
    """
    source = str(path)
    return parse_map(read_text(path, limits), source, limits)


def parse_map(text: str, source: str = "<map>", limits: Limits = DEFAULT_LIMITS) -> RiskMap:
    """Validate map text; see :func:`load_map`.

    Examples
    --------
    >>> m = parse_map("weerbaar: 1\\nnodes:\\n  - id: a\\n  - id: b\\n    requires: [a]\\n")
    >>> m.node("b").requires
    (Requirement(members=('a',), need=1, tolerance=0.0, tolerance_spread=None),)
    """
    with _no_collection():
        data, lines = load_yaml(text, source, limits)
        return from_data(data, source, lines)


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a map is read.

    Reading makes a million objects, none of them in a cycle; the collector
    ran through all of them again and again while they were being made,
    about a sixth of loading a large map. It runs again afterwards, if it
    ran before (another thread may have paused it already).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def from_data(
    data: Any,
    source: str = "<map>",
    lines: Mapping[Path_, int] | None = None,
    *,
    locate: Callable[[Path_], tuple[str, int]] | None = None,
) -> RiskMap:
    """Validate already-parsed map data (from YAML, Excel or the web app).

    ``locate``, when given, says where the data at a path of keys came from as
    ``(source, line)``; inputs spread over several parts (the sheets of a
    workbook) need it because ``source`` and ``lines`` name one file only.
    """
    # Not copied nor asked for its length: a YAML file's lines are found
    # only when a problem needs one (weerbaar.model.yamlsource.Lines).
    lines = {} if lines is None else lines

    def at(*path: str | int) -> int:
        for end in range(len(path), -1, -1):
            if path[:end] in lines:
                return lines[path[:end]]
        return 0

    def problem(path: Path_, message: str) -> Problem:
        if locate is not None:
            return Problem(*locate(path), message, path=path)
        return Problem(source, at(*path), message, path=path)

    if not isinstance(data, dict):
        raise MapError(
            [problem((), _("a map must be a mapping with keys such as `weerbaar:` and `nodes:`"))]
        )
    problems = [problem(p, msg) for p, msg in unknown_keys(data)]
    # Plain nodes are read without the schema (weerbaar.model.fastpath); the
    # schema validates the others, and reports every problem, as before.
    fast: list[Node | None] = []
    slow: list[int] = []  # index in the file of each node the schema reads
    if isinstance(data.get("nodes"), list):
        fast = [fast_node(d) for d in data["nodes"]]
        slow = [i for i, n in enumerate(fast) if n is None]
        data = {**data, "nodes": [data["nodes"][i] for i in slow]}
    try:
        entry = s.MapFile.model_validate(data)
    except ValidationError as exc:
        # An unknown key is named above, with the nearest valid one.
        problems += [
            problem(_in_file(tuple(err["loc"]), slow), _message(err, slow))
            for err in exc.errors()
            if err["type"] != "extra_forbidden"
        ]
        raise MapError(problems) from None
    if problems:
        raise MapError(problems)
    read = iter(entry.nodes)
    nodes = [n if n is not None else _node(next(read)) for n in fast] or [
        _node(n) for n in entry.nodes
    ]
    problems = [problem(p, msg) for p, msg in _check_references(entry, nodes)]
    if problems:
        raise MapError(problems)
    return _to_model(entry, nodes, source, lines)


def _in_file(loc: Path_, slow: list[int]) -> Path_:
    """The path in the file of an error the schema found among the slow nodes."""
    if slow and len(loc) > 1 and loc[0] == "nodes" and isinstance(loc[1], int):
        return ("nodes", slow[loc[1]], *loc[2:])
    return loc


def _message(err: Any, slow: list[int]) -> str:
    loc = ".".join(str(p) for p in _in_file(tuple(err["loc"]), slow))
    kind = err["type"]
    if kind == "missing":
        msg = _("required key is missing")
    elif kind == "string_pattern_mismatch" and err["loc"] and err["loc"][-1] != "likelihood":
        msg = _("{value!r} is not a valid id (letters, digits, -, _ and .)").format(
            value=err["input"]
        )
    elif kind == "enum":
        msg = _("{value!r} is not one of: {choices}").format(
            value=err["input"], choices=err["ctx"]["expected"].replace(" or ", ", ")
        )
    elif kind in ("less_than_equal", "greater_than_equal", "finite_number"):
        msg = _("{value!r} is out of bounds: {why}").format(
            value=err["input"], why=str(err["msg"]).lower()
        )
    else:
        msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def _duplicates(ids: Iterable[str]) -> set[str]:
    return {i for i, n in Counter(ids).items() if n > 1}


def unknown_node(node_id: str) -> str:
    """The message for a reference to a node the map does not have.

    The web app gives the same for a node hidden from a chain partner, so
    that a hidden id answers exactly as a missing one.
    """
    return _("unknown node {id!r}").format(id=node_id)


def _check_references(m: s.MapFile, node_list: list[Node]) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    for key in ("parties", "nodes", "scenarios", "measures"):
        entries = node_list if key == "nodes" else getattr(m, key)
        dup = _duplicates(e.id for e in entries)
        seen: set[str] = set()
        for i, e in enumerate(entries):
            if e.id in dup and e.id in seen:
                out.append(
                    ((key, i, "id"), _("duplicate id {id!r} in {key}").format(id=e.id, key=key))
                )
            seen.add(e.id)
    if m.horizon <= 0:
        out.append((("horizon",), _("horizon must be longer than 0")))
    nodes = {n.id: n for n in node_list}
    parties = {p.id for p in m.parties}
    node_ids = set(nodes)  # built once: a set per node made loading quadratic
    for i, n in enumerate(node_list):
        out += _check_node(n, ("nodes", i), node_ids, parties)
    scenarios = {sc.id: sc for sc in m.scenarios}
    for i, sc in enumerate(m.scenarios):
        if sc.horizon is not None and sc.horizon <= 0:
            out.append((("scenarios", i, "horizon"), _("horizon must be longer than 0")))
        for j, f in enumerate(sc.failures):
            if f.node not in nodes:
                out.append((("scenarios", i, "failures", j, "node"), unknown_node(f.node)))
    for i, me in enumerate(m.measures):
        out += _check_measure(me, ("measures", i), dict(nodes), parties, set(scenarios))
    return out


def _check_node(
    n: Node, path: Path_, nodes: set[str], parties: set[str]
) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    if n.party is not None and n.party not in parties:
        out.append(((*path, "party"), _("unknown party {id!r}").format(id=n.party)))
    for j, r in enumerate(n.requires):
        members = r.members
        if (
            n.id not in members
            and nodes.issuperset(members)
            and len(set(members)) == len(members) >= r.need
        ):
            continue  # the usual case, checked in one go
        rpath = (*path, "requires", j)
        for member in members:
            if member == n.id:
                out.append((rpath, _("node {id!r} cannot require itself").format(id=n.id)))
            elif member not in nodes:
                out.append((rpath, unknown_node(member)))
        for member in sorted(_duplicates(members)):
            out.append((rpath, _("{id!r} is listed twice in one group").format(id=member)))
        if r.need > len(members):
            out.append(
                (
                    (*rpath, "need"),
                    _("need {need} is larger than the group ({n} members)").format(
                        need=r.need, n=len(members)
                    ),
                )
            )
    return out


def _check_measure(
    me: s.MeasureEntry,
    path: Path_,
    nodes: dict[str, Node],
    parties: set[str],
    scenarios: set[str],
) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    for j, ch in enumerate(me.changes):
        cpath = (*path, "changes", j)
        if ch.add_node is not None:
            new = _node(ch.add_node)
            if new.id in nodes:
                out.append(
                    ((*cpath, "add_node", "id"), _("node {id!r} already exists").format(id=new.id))
                )
            nodes[new.id] = new
            out += _check_node(new, (*cpath, "add_node"), set(nodes), parties)
            continue
        target = ch.add_alternative or ch.add_tolerance or ch.restart
        if target is not None:
            key = next(
                k
                for k in ("add_alternative", "add_tolerance", "restart")
                if getattr(ch, k) is not None
            )
            if target.node not in nodes:
                out.append(((*cpath, key, "node"), unknown_node(target.node)))
                continue
            if isinstance(target, s.AddAlternativeEntry | s.AddToleranceEntry):
                owner = nodes[target.node]
                if not any(target.requirement in r.members for r in owner.requires):
                    out.append(
                        (
                            (*cpath, key, "requirement"),
                            _("node {id!r} has no requirement on {member!r}").format(
                                id=target.node, member=target.requirement
                            ),
                        )
                    )
            if isinstance(target, s.AddAlternativeEntry) and target.alternative not in nodes:
                out.append(((*cpath, key, "alternative"), unknown_node(target.alternative)))
        scen = ch.scenario_duration or ch.likelihood
        if scen is not None:
            key = "scenario_duration" if ch.scenario_duration else "likelihood"
            if scen.scenario not in scenarios:
                out.append(
                    (
                        (*cpath, key, "scenario"),
                        _("unknown scenario {id!r}").format(id=scen.scenario),
                    )
                )
            node = getattr(scen, "node", None)
            if node is not None and node not in nodes:
                out.append(((*cpath, key, "node"), unknown_node(node)))
    return out


def _members(r: s.RequirementEntry) -> list[str]:
    return [r.node] if r.node is not None else list(r.any or [])


def _extra(entry: Any) -> dict[str, Any]:
    """The extension keys (x-...) of an entry, kept for the round trip."""
    return dict(entry.model_extra or {})


def _node_extra(n: s.NodeEntry) -> dict[str, Any]:
    # The keys of weerbaar generate and merge live in Node.extra, where
    # weerbaar.scale reads and writes them.
    out = _extra(n)
    if n.gemeente is not None:
        out["gemeente"] = n.gemeente
    if n.shared is not None:
        out["shared"] = n.shared
    return out


def _node(n: s.NodeEntry) -> Node:
    impact = None
    if n.impact is not None:
        steps = []
        for st in n.impact.steps:
            values = _extra(st)
            steps.append(
                ImpactStep(
                    after=st.after,
                    quantities={k: float(v) for k, v in values.items() if not isinstance(v, str)},
                    classes={k: v for k, v in values.items() if isinstance(v, str)},
                )
            )
        impact = Impact(per_day=dict(n.impact.per_day), steps=tuple(steps))
    return Node(
        id=n.id,
        kind=n.kind,
        name=n.name,
        description=n.description,
        party=n.party,
        restart=point_of(n.restart),
        restart_spread=spread_of(n.restart),
        requires=tuple(
            Requirement(
                members=tuple(_members(r)),
                need=r.need or 1,
                tolerance=point_of(r.tolerance),
                tolerance_spread=spread_of(r.tolerance),
            )
            for r in n.requires
        ),
        location=Location(n.location.lat, n.location.lon) if n.location else None,
        vital=n.vital,
        mtpd=n.mtpd,
        rto=n.rto,
        rpo=n.rpo,
        bbn=n.bbn,
        served=n.served,
        impact=impact,
        owner=n.owner,
        products=tuple(Product(p.cpe, p.purl, p.vendor, p.product, p.version) for p in n.products),
        extra=_node_extra(n),
    )


def _failure(f: s.FailureEntry) -> Failure:
    if f.duration is None:
        return Failure(f.node, f.at)
    return Failure(f.node, f.at, point_of(f.duration), spread_of(f.duration))


def _change(ch: s.ChangeEntry) -> Change:
    if ch.add_node is not None:
        return AddNode(_node(ch.add_node))
    if ch.add_alternative is not None:
        a = ch.add_alternative
        return AddAlternative(a.node, a.requirement, a.alternative)
    if ch.add_tolerance is not None:
        t = ch.add_tolerance
        return AddTolerance(t.node, t.requirement, t.tolerance)
    if ch.restart is not None:
        return SetRestart(ch.restart.node, ch.restart.restart)
    if ch.scenario_duration is not None:
        d = ch.scenario_duration
        return ScenarioDuration(d.scenario, d.duration, d.node)
    assert ch.likelihood is not None
    return SetLikelihood(ch.likelihood.scenario, ch.likelihood.class_)


def _map_extra(m: s.MapFile) -> dict[str, Any]:
    out = _extra(m)
    if m.merged is not None:
        out["merged"] = [e.model_dump() for e in m.merged]
    return out


def _to_model(m: s.MapFile, nodes: list[Node], source: str, lines: Mapping[Path_, int]) -> RiskMap:
    return RiskMap(
        version=m.weerbaar,
        name=m.name,
        description=m.description,
        horizon=m.horizon,
        parties=tuple(
            Party(p.id, p.name, p.kind, p.maturity, p.description, _extra(p), p.owner)
            for p in m.parties
        ),
        nodes=tuple(nodes),
        scenarios=tuple(
            Scenario(
                id=sc.id,
                name=sc.name,
                failures=tuple(_failure(f) for f in sc.failures),
                theme=sc.theme,
                likelihood=sc.likelihood,
                horizon=sc.horizon,
                description=sc.description,
                extra=_extra(sc),
            )
            for sc in m.scenarios
        ),
        measures=tuple(
            Measure(
                me.id,
                me.name,
                me.cost,
                tuple(_change(c) for c in me.changes),
                me.description,
                _extra(me),
            )
            for me in m.measures
        ),
        extra=_map_extra(m),
        source=source,
        lines=lines,
    )
