"""Apply a measure to a map: a named change, made on a copy."""

from __future__ import annotations

from dataclasses import replace

from weerbaar.model.riskmap import (
    AddAlternative,
    AddNode,
    AddTolerance,
    Change,
    Measure,
    Node,
    Requirement,
    RiskMap,
    Scenario,
    ScenarioDuration,
    SetLikelihood,
    SetRestart,
)


def apply_measure(m: RiskMap, measure: Measure | str) -> RiskMap:
    """Return a copy of ``m`` with every change of ``measure`` made.

    Changes only ever improve the map: a tolerance is raised, never lowered;
    a restart or a scenario's duration shortened, never lengthened; a
    likelihood class lowered, never raised. A change that would make things
    worse leaves that part as it was.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map('''
    ... weerbaar: 1
    ... nodes: [{id: a}, {id: b, requires: [a]}]
    ... measures:
    ...   - id: buffer
    ...     changes: [{add_tolerance: {node: b, requirement: a, tolerance: 4h}}]
    ... ''')
    >>> apply_measure(m, "buffer").node("b").requires[0].tolerance
    4.0
    """
    if isinstance(measure, str):
        measure = m.measure(measure)
    for change in measure.changes:
        m = apply_change(m, change)
    return m


def _edit_node(m: RiskMap, node_id: str, node: Node) -> RiskMap:
    return replace(m, nodes=tuple(node if n.id == node_id else n for n in m.nodes))


def _edit_requirement(node: Node, member: str, req: Requirement) -> Node:
    requires = tuple(req if member in r.members else r for r in node.requires)
    return replace(node, requires=requires)


def _requirement_of(node: Node, member: str) -> Requirement:
    return next(r for r in node.requires if member in r.members)


def _edit_scenario(m: RiskMap, scenario_id: str, scenario: Scenario) -> RiskMap:
    return replace(m, scenarios=tuple(scenario if s.id == scenario_id else s for s in m.scenarios))


def apply_change(m: RiskMap, change: Change) -> RiskMap:
    """Return a copy of ``m`` with one change made."""
    if isinstance(change, AddNode):
        return replace(m, nodes=(*m.nodes, change.node))
    if isinstance(change, AddAlternative):
        node = m.node(change.node)
        req = _requirement_of(node, change.requirement)
        if change.alternative in req.members:
            return m
        wider = replace(req, members=(*req.members, change.alternative))
        return _edit_node(m, node.id, _edit_requirement(node, change.requirement, wider))
    if isinstance(change, AddTolerance):
        node = m.node(change.node)
        req = _requirement_of(node, change.requirement)
        if change.tolerance <= req.tolerance:
            return m
        # The measure's value is what it buys: certain, so no spread is kept.
        longer = replace(req, tolerance=change.tolerance, tolerance_spread=None)
        return _edit_node(m, node.id, _edit_requirement(node, change.requirement, longer))
    if isinstance(change, SetRestart):
        node = m.node(change.node)
        if change.restart >= node.restart:
            return m
        faster = replace(node, restart=change.restart, restart_spread=None)
        return _edit_node(m, node.id, faster)
    if isinstance(change, ScenarioDuration):
        sc = m.scenario(change.scenario)
        failures = tuple(
            replace(f, duration=change.duration, duration_spread=None)
            if change.node in (None, f.node)
            and (f.duration is None or change.duration < f.duration)
            else f
            for f in sc.failures
        )
        return _edit_scenario(m, sc.id, replace(sc, failures=failures))
    if isinstance(change, SetLikelihood):
        sc = m.scenario(change.scenario)
        if sc.likelihood is not None and sc.likelihood <= change.likelihood:
            return m
        return _edit_scenario(m, sc.id, replace(sc, likelihood=change.likelihood))
    raise TypeError(f"unknown change {change!r}")
