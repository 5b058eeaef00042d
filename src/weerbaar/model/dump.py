"""Write a :class:`RiskMap` back to plain data and YAML.

The output uses the file format's shorthand where it is exact (a plain
requirement as a string, durations with units), so a map read and written
again reads the same as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from weerbaar.model.durations import Distribution, format_duration
from weerbaar.model.riskmap import (
    AddAlternative,
    AddNode,
    AddTolerance,
    Change,
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


def uncertain_text(spread: Distribution | None, value: float | None) -> str | None:
    """The text of an uncertain duration, unless its value was set apart from it.

    A measure may change the value (a longer tolerance) and leave the spread
    as it was; the changed value is then certain, as Monte Carlo treats it.
    """
    return str(spread) if spread is not None and spread.point == value else None


def _requirement(r: Requirement) -> Any:
    spread = uncertain_text(r.tolerance_spread, r.tolerance)
    if r.is_plain and r.tolerance == 0 and spread is None:
        return r.members[0]
    out: dict[str, Any] = {"node": r.members[0]} if r.is_plain else {"any": list(r.members)}
    if r.need != 1:
        out["need"] = r.need
    if spread is not None:
        out["tolerance"] = spread
    elif r.tolerance:
        out["tolerance"] = format_duration(r.tolerance)
    return out


def node_to_data(n: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"id": n.id, "kind": n.kind.value}
    if n.name:
        out["name"] = n.name
    if n.party:
        out["party"] = n.party
    if n.description:
        out["description"] = n.description
    restart = uncertain_text(n.restart_spread, n.restart)
    if restart is not None:
        out["restart"] = restart
    elif n.restart:
        out["restart"] = format_duration(n.restart)
    if n.location:
        out["location"] = {"lat": n.location.lat, "lon": n.location.lon}
    if n.vital:
        out["vital"] = True
    for key in ("mtpd", "rto", "rpo"):
        value = getattr(n, key)
        if value is not None:
            out[key] = format_duration(value)
    if n.bbn is not None:
        out["bbn"] = n.bbn
    if n.served is not None:
        out["served"] = n.served
    if n.owner is not None:
        out["owner"] = n.owner.value
    if n.impact is not None:
        impact: dict[str, Any] = {}
        if n.impact.per_day:
            impact["per_day"] = dict(n.impact.per_day)
        if n.impact.steps:
            impact["steps"] = [
                {"after": format_duration(st.after), **_numbers(st.quantities), **st.classes}
                for st in n.impact.steps
            ]
        out["impact"] = impact
    if n.products:
        out["products"] = [product_to_data(p) for p in n.products]
    out.update(n.extra)
    if n.requires:
        out["requires"] = [_requirement(r) for r in n.requires]
    return out


def product_to_data(p: Product) -> dict[str, str]:
    """A product as the file writes it: only the keys it has."""
    out = {"cpe": p.cpe, "purl": p.purl}
    out |= {"vendor": p.vendor, "product": p.product, "version": p.version}
    return {k: v for k, v in out.items() if v}


def _numbers(values: Any) -> dict[str, float | int]:
    return {k: int(v) if float(v).is_integer() else v for k, v in values.items()}


def _party(p: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "name": p.name, "kind": p.kind.value}
    if p.maturity is not None:
        out["maturity"] = p.maturity
    if p.description:
        out["description"] = p.description
    if p.owner is not None:
        out["owner"] = p.owner.value
    out.update(p.extra)
    return out


def _scenario(sc: Scenario) -> dict[str, Any]:
    out: dict[str, Any] = {"id": sc.id, "name": sc.name}
    if sc.theme is not None:
        out["theme"] = sc.theme.value
    if sc.likelihood is not None:
        out["likelihood"] = sc.likelihood
    if sc.horizon is not None:
        out["horizon"] = format_duration(sc.horizon)
    if sc.description:
        out["description"] = sc.description
    out.update(sc.extra)
    failures = []
    for f in sc.failures:
        fd: dict[str, Any] = {"node": f.node}
        if f.at:
            fd["at"] = format_duration(f.at)
        duration = uncertain_text(f.duration_spread, f.duration)
        if duration is not None:
            fd["duration"] = duration
        elif f.duration is not None:
            fd["duration"] = format_duration(f.duration)
        failures.append(fd)
    out["failures"] = failures
    return out


def change_to_data(ch: Change) -> dict[str, Any]:
    body: dict[str, Any]
    if isinstance(ch, AddNode):
        body = node_to_data(ch.node)
    elif isinstance(ch, AddAlternative):
        body = {"node": ch.node, "requirement": ch.requirement, "alternative": ch.alternative}
    elif isinstance(ch, AddTolerance):
        body = {
            "node": ch.node,
            "requirement": ch.requirement,
            "tolerance": format_duration(ch.tolerance),
        }
    elif isinstance(ch, SetRestart):
        body = {"node": ch.node, "restart": format_duration(ch.restart)}
    elif isinstance(ch, ScenarioDuration):
        body = {"scenario": ch.scenario, "duration": format_duration(ch.duration)}
        if ch.node is not None:
            body["node"] = ch.node
    elif isinstance(ch, SetLikelihood):
        body = {"scenario": ch.scenario, "class": ch.likelihood}
    return {ch.kind: body}


def _measure(me: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {"id": me.id, "name": me.name}
    out["cost"] = int(me.cost) if float(me.cost).is_integer() else me.cost
    if me.description:
        out["description"] = me.description
    out.update(me.extra)
    out["changes"] = [change_to_data(c) for c in me.changes]
    return out


def to_data(m: RiskMap) -> dict[str, Any]:
    """The map as plain data in the file format."""
    out: dict[str, Any] = {"weerbaar": m.version, "name": m.name}
    if m.description:
        out["description"] = m.description
    out["horizon"] = format_duration(m.horizon)
    out.update(m.extra)
    out["parties"] = [_party(p) for p in m.parties]
    out["nodes"] = [node_to_data(n) for n in m.nodes]
    out["scenarios"] = [_scenario(sc) for sc in m.scenarios]
    out["measures"] = [_measure(me) for me in m.measures]
    return out


# The C dumper (libyaml) writes the same text about three times faster.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _short_lists(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    # Lists of plain ids read best inline: `requires: [a, b]`.
    flow = len(data) <= 6 and all(isinstance(x, str) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _short_lists)


def dump_yaml(m: RiskMap) -> str:
    """The map as YAML text in the file format."""
    return yaml.dump(to_data(m), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


#: The top-level lists written a slice at a time by :func:`dump_yaml_chunks`.
_LONG_LISTS = ("parties", "nodes", "scenarios", "measures")


def dump_yaml_chunks(m: RiskMap, size: int = 250) -> Iterator[str]:
    """The text of :func:`dump_yaml` in pieces, at most ``size`` objects each.

    A download of a large map (tens of thousands of nodes, megabytes of
    text) can start with the first piece instead of waiting for the last.
    The pieces join to exactly the text of :func:`dump_yaml`: a top-level
    block list is written without indentation, so a slice of it dumps the
    same lines on its own.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map("weerbaar: 1\\nnodes: [{id: a}, {id: b, requires: [a]}]")
    >>> "".join(dump_yaml_chunks(m, size=1)) == dump_yaml(m)
    True
    """
    for key, value in to_data(m).items():
        if key in _LONG_LISTS and value:
            yield f"{key}:\n"
            for start in range(0, len(value), size):
                yield _dump(value[start : start + size])
        else:
            yield _dump({key: value})
