"""What helps most now: a restore order, and the map's measures and fallbacks that help.

Every answer is the exact forecast run again with one thing changed, compared
with the forecast as it stands; a breach *prevented* is an MTPD breach at or
after now in the forecast that the changed run does not have.

- **restore order**: each affected node still down, restored now instead of
  when expected; ranked by breaches prevented, then by the earliest of them;
- **measures**: each of the map's measures applied now
  (:func:`weerbaar.model.apply_measure`);
- **fallbacks**: each tolerance (a generator, a paper procedure, a cache)
  that is bridging an outage of the incident now and runs out later: held
  until the end of the forecast.

A measure or fallback *helps within the hour* when it keeps up a vital
process the forecast has going down within the next hour, or when it is a
fallback that runs out within the hour.

A fallback is run again only when the node that has it is one that a
process the forecast breaches or takes down within the hour needs, directly
or further down; of those, the :data:`MAX_FALLBACKS` that run out first. On
a regional map an incident may have hundreds of fallbacks in use, and each
run costs a simulation of the whole map.

Examples
--------
>>> from datetime import datetime, timedelta, timezone
>>> from weerbaar.model import parse_map
>>> from weerbaar.incident.forecast import Outage
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: net}
...   - {id: suite}
...   - {id: loket, kind: process, vital: true, mtpd: 4h, requires: [net]}
...   - {id: balie, kind: process, vital: true, mtpd: 1d, requires: [suite]}
... ''')
>>> t = datetime(2026, 12, 5, 8, tzinfo=timezone.utc)
>>> a = advise(m, [Outage("net", t, expected=8.0), Outage("suite", t, expected=48.0)], t)
>>> [(r.node, r.prevented) for r in a.restores]
[('net', ('loket',)), ('suite', ('balie',))]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from weerbaar.engine.graph import build_graph
from weerbaar.engine.simulate import SimulationResult
from weerbaar.incident.forecast import Outage, Prepared, ProcessForecast, exact, prepare
from weerbaar.model.measures import apply_measure
from weerbaar.model.riskmap import Node, RiskMap

WITHIN = timedelta(hours=1)
#: The most fallbacks run again per advice (those that run out first).
MAX_FALLBACKS = 12


class HelpKind(StrEnum):
    MEASURE = "measure"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class Restore:
    """Restoring ``node`` now prevents the breaches of ``prevented`` (process ids)."""

    node: str
    prevented: tuple[str, ...]
    first: datetime | None


@dataclass(frozen=True)
class Help:
    """A measure or fallback of the map and what it changes in the forecast.

    For a fallback, ``ref`` is the node that has it, ``member`` the node it
    bridges and ``runs_out`` when it runs out.
    """

    kind: HelpKind
    ref: str
    label: str
    prevented: tuple[str, ...]
    kept_up: tuple[str, ...]
    within_hour: bool
    member: str = ""
    runs_out: datetime | None = None


@dataclass(frozen=True)
class Advice:
    restores: tuple[Restore, ...]
    helps: tuple[Help, ...]


def _breaches(p: Prepared, found: dict[str, ProcessForecast]) -> dict[str, datetime]:
    now = p.moment(p.now)
    return {k: v.breach for k, v in found.items() if v.breach is not None and v.breach >= now}


def _going_down(p: Prepared, found: dict[str, ProcessForecast]) -> set[str]:
    """Processes that go down within the hour (and are up now)."""
    now = p.moment(p.now)
    return {k for k, v in found.items() if v.down is not None and now < v.down <= now + WITHIN}


def _compare(
    p: Prepared, base: dict[str, ProcessForecast], other: dict[str, ProcessForecast]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    before, after = _breaches(p, base), _breaches(p, other)
    prevented = tuple(sorted(set(before) - set(after), key=lambda k: (before[k], k)))
    soon = _going_down(p, base)
    kept = tuple(sorted(k for k in soon if other.get(k) is None or other[k].down != base[k].down))
    return prevented, kept


def restore_order(
    m: RiskMap, outages: Sequence[Outage], now: datetime, base: dict[str, ProcessForecast]
) -> list[Restore]:
    p0 = prepare(m, outages, now)
    before = _breaches(p0, base)
    # A restore changes only the failures: every run shares the map's graph.
    graph = build_graph(p0.map)
    out = []
    for i, o in enumerate(outages):
        if o.restored is not None:
            continue
        changed = [*outages]
        changed[i] = replace(o, restored=now)
        variant = prepare(m, changed, now)
        _, found = exact(replace(variant, horizon=p0.horizon), graph)
        prevented, _kept = _compare(p0, base, found)
        out.append(Restore(o.node, prevented, min((before[k] for k in prevented), default=None)))
    far = p0.moment(p0.horizon)
    out.sort(key=lambda r: (-len(r.prevented), r.first or far, r.node))
    return out


def _fallbacks(p: Prepared, res: SimulationResult) -> list[tuple[Node, int, str, float]]:
    """(node, requirement index, member, hours when it runs out) of each fallback in use now.

    A plain requirement with a tolerance whose member is down now, and whose
    tolerance has not yet run out.
    """
    out = []
    for n in p.map.nodes:
        for j, r in enumerate(n.requires):
            if not r.is_plain or r.tolerance <= 0:
                continue
            member = r.members[0]
            for a, b in res.down.get(member, []):
                ends = p.horizon if b is None else b
                runs_out = a + r.tolerance
                if a <= p.now < ends and p.now < runs_out < ends:
                    out.append((n, j, member, runs_out))
    return out


def _needed_by(m: RiskMap, processes: set[str]) -> set[str]:
    """``processes`` and every node they need, directly or further down."""
    requires = {n.id: [x for r in n.requires for x in r.members] for n in m.nodes}
    seen, todo = set(processes), list(processes)
    while todo:
        for member in requires.get(todo.pop(), []):
            if member not in seen:
                seen.add(member)
                todo.append(member)
    return seen


def helps(
    m: RiskMap,
    outages: Sequence[Outage],
    now: datetime,
    base: dict[str, ProcessForecast],
    max_fallbacks: int = MAX_FALLBACKS,
) -> list[Help]:
    p0 = prepare(m, outages, now)
    res, _ = exact(p0)
    out = []
    for measure in m.measures:
        try:
            changed = apply_measure(m, measure)
        except (KeyError, ValueError):
            # A measure that no longer fits the map (a node since removed) helps nothing now.
            continue
        _, found = exact(prepare(changed, outages, now))
        prevented, kept = _compare(p0, base, found)
        if prevented or kept:
            out.append(
                Help(HelpKind.MEASURE, measure.id, measure.label, prevented, kept, bool(kept))
            )
    relevant = _needed_by(p0.map, set(_breaches(p0, base)) | _going_down(p0, base))
    candidates = sorted(_fallbacks(p0, res), key=lambda f: (f[3], f[0].id, f[1]))
    for node, j, member, runs_out in [c for c in candidates if c[0].id in relevant][:max_fallbacks]:
        requires = list(node.requires)
        requires[j] = replace(requires[j], tolerance=p0.horizon, tolerance_spread=None)
        held = replace(node, requires=tuple(requires))
        nodes = tuple(held if n.id == node.id else n for n in p0.map.nodes)
        variant = replace(p0, map=replace(p0.map, nodes=nodes))
        _, found = exact(variant)
        prevented, kept = _compare(p0, base, found)
        at = p0.moment(runs_out)
        within = at <= now + WITHIN
        if prevented or kept or within:
            out.append(
                Help(
                    HelpKind.FALLBACK,
                    node.id,
                    node.label,
                    prevented,
                    kept,
                    within or bool(kept),
                    member,
                    at,
                )
            )
    out.sort(key=lambda h: (not h.within_hour, -len(h.prevented), -len(h.kept_up), h.ref))
    return out


def advise(
    m: RiskMap, outages: Sequence[Outage], now: datetime, max_fallbacks: int = MAX_FALLBACKS
) -> Advice:
    """The restore order and the measures and fallbacks that help, at ``now``.

    ``max_fallbacks`` bounds the fallbacks run again (those that run out first).
    """
    _, base = exact(prepare(m, outages, now))
    return Advice(
        tuple(restore_order(m, outages, now, base)),
        tuple(helps(m, outages, now, base, max_fallbacks)),
    )
