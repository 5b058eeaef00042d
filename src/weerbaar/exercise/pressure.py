"""Pressure from outside that grows with the impact: citizens, social media, press, council.

Each :class:`Trigger` fires once, at the first moment the people affected
or the longest running outage of a vital process reach its threshold.

Examples
--------
>>> from weerbaar.model import parse_map
>>> from weerbaar.engine.simulate import simulate
>>> from weerbaar.exercise.escalation import ImpactCurve
>>> m = parse_map('''
... weerbaar: 1
... nodes:
...   - {id: net, kind: infrastructure}
...   - {id: a, kind: process, vital: true, served: 3000, requires: [net]}
... scenarios: [{id: s, failures: [{node: net, duration: 10h}]}]
... ''')
>>> [(t.key, at) for t, at in pressure_points(ImpactCurve.of(m, simulate(m, "s")))]
[('burgers', 0.5), ('sociale-media', 1.0), ('pers-regionaal', 4.0), ('raadslid', 8.0)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from weerbaar.exercise.escalation import ImpactCurve
from weerbaar.exercise.records import Channel
from weerbaar.model.roles import OwnerRole


@dataclass(frozen=True)
class Trigger:
    """Fires when ``people`` are affected or a vital process is down ``hours`` on end.

    Never before ``after`` hours: the press does not call in the first minute,
    however large the outage.
    """

    key: str
    channel: Channel
    recipients: tuple[OwnerRole, ...]
    people: int | None = None
    hours: float | None = None
    after: float = 0.0


DEFAULT_TRIGGERS: tuple[Trigger, ...] = (
    Trigger("burgers", Channel.BURGER, (OwnerRole.COMMUNICATIE,), 500, 1, 0.5),
    Trigger("sociale-media", Channel.SOCIALE_MEDIA, (OwnerRole.COMMUNICATIE,), 2_000, 2, 1),
    Trigger("pers-regionaal", Channel.PERS, (OwnerRole.COMMUNICATIE,), 5_000, 4, 2),
    Trigger("raadslid", Channel.EMAIL, (OwnerRole.BURGEMEESTER,), 10_000, 8, 3),
    Trigger("veiligheidsregio", Channel.TELEFOON, (OwnerRole.OOV,), 10_000, 12, 2),
    Trigger(
        "pers-landelijk",
        Channel.PERS,
        (OwnerRole.BURGEMEESTER, OwnerRole.COMMUNICATIE),
        50_000,
        24,
        6,
    ),
)


def pressure_points(
    curve: ImpactCurve, triggers: Sequence[Trigger] = DEFAULT_TRIGGERS
) -> list[tuple[Trigger, float]]:
    """Each trigger that fires, with the scenario hour it first does, in time order."""
    out: list[tuple[Trigger, float]] = []
    people = curve.people if curve.times.size else None
    for trigger in triggers:
        times: list[float] = []
        if trigger.people is not None and people is not None:
            at = curve.first(people >= trigger.people)
            if at is not None:
                times.append(at)
        if trigger.hours is not None and curve.start.size:
            at = curve.outage_reaches(trigger.hours)
            if at is not None:
                times.append(at)
        if times:
            out.append((trigger, max(min(times), float(trigger.after))))
    return sorted(out, key=lambda p: p[1])
