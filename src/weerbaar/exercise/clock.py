"""Two clocks: scenario time played in a session, and the live exercise clock.

**Time compression.** A three-day cascade is played in a three-hour
session. :func:`plan_phases` cuts the scenario's events into *phases* where
a quiet gap is longer than ``jump`` (scenario hours), as the VNG modules do
("it is now the next morning"), and gives each phase a share of the session
in proportion to its number of events. Within a phase scenario time runs
linearly, never slower than real time; between phases it jumps. The phases
are stored in the exercise, so that re-timing after an intervention maps a
moved event with the same clock as the plan.

**The live clock.** :class:`Clock` is the control room's stopwatch as plain
data (the web app stores its fields): exercise time advances with the wall
clock times ``speed`` while running, stands still while paused, and can jump
ahead to the next inject.

Examples
--------
>>> phases = plan_phases([0.0, 2.0, 30.0, 31.0], duration=3.0)
>>> [(p.scenario_start, p.scenario_end) for p in phases]
[(0.0, 2.0), (30.0, 31.0)]
>>> to_session(phases, 2.0) < to_session(phases, 30.0) <= 3.0
True
>>> to_session(phases, 10.0) == phases[1].at  # a gap jumps to the next phase
True
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

#: Exercise hours between a phase jump's announcement and its first event.
LEAD = 5 / 60
#: Scenario hours of quiet after which time jumps to the next phase.
JUMP = 6.0
#: Exercise hours kept free at the end of the session for the final decisions.
TAIL = 10 / 60


@dataclass(frozen=True)
class Phase:
    """Scenario hours ``[scenario_start, scenario_end]`` played from exercise hour ``at``.

    ``rate`` is scenario hours per exercise hour (at least 1).
    """

    scenario_start: float
    scenario_end: float
    at: float
    rate: float

    @property
    def end(self) -> float:
        """Exercise hour at which the phase's last event plays."""
        return self.at + (self.scenario_end - self.scenario_start) / self.rate


def plan_phases(
    times: Sequence[float], duration: float, jump: float = JUMP, max_phases: int = 6
) -> tuple[Phase, ...]:
    """Phases that fit the scenario times of all events into ``duration`` session hours.

    A gap longer than ``jump`` scenario hours starts a new phase; of more
    than ``max_phases`` phases the ones with the shortest gaps between them
    are joined (players lose the thread when time jumps every few minutes).
    """
    if duration <= 0:
        raise ValueError("the session must last longer than zero hours")
    points = sorted(set(times)) or [0.0]
    groups: list[list[float]] = [[points[0]]]
    for t in points[1:]:
        if t - groups[-1][-1] > jump:
            groups.append([t])
        else:
            groups[-1].append(t)
    while len(groups) > max_phases:
        i = min(range(1, len(groups)), key=lambda k: groups[k][0] - groups[k - 1][-1])
        groups[i - 1 : i + 1] = [groups[i - 1] + groups[i]]
    tail = TAIL if duration > 4 * TAIL else 0.0
    jumps = (len(groups) - 1) * LEAD
    usable = max(duration - tail - jumps, duration / 10)
    weights = [len(g) + 1 for g in groups]
    total = sum(weights)
    phases = []
    at = 0.0
    for group, weight in zip(groups, weights, strict=True):
        slot = usable * weight / total
        span = group[-1] - group[0]
        # Scenario time never runs slower than real time: a short phase
        # plays at its own pace and leaves the rest of its slot for talk.
        rate = max(1.0, span / slot) if span > 0 else 1.0
        phases.append(Phase(group[0], group[-1], at, rate))
        at += slot + LEAD
    return tuple(phases)


def to_session(phases: Sequence[Phase], scenario_at: float) -> float:
    """The exercise hour at which something at ``scenario_at`` plays.

    Before the first phase: its start; in a gap: the next phase's start;
    after the last phase: at the last phase's rate (maybe past the session).
    """
    starts = [p.scenario_start for p in phases]
    i = bisect.bisect_right(starts, scenario_at) - 1
    if i < 0:
        return phases[0].at
    p = phases[i]
    if scenario_at <= p.scenario_end or i == len(phases) - 1:
        return p.at + (scenario_at - p.scenario_start) / p.rate
    return phases[i + 1].at


def to_scenario(phases: Sequence[Phase], at: float) -> float:
    """The scenario hour that exercise hour ``at`` stands for (inverse of :func:`to_session`).

    >>> phases = plan_phases([0.0, 2.0, 30.0, 31.0], duration=3.0)
    >>> to_scenario(phases, to_session(phases, 1.5))
    1.5
    """
    ats = [p.at for p in phases]
    i = max(bisect.bisect_right(ats, at) - 1, 0)
    p = phases[i]
    t = p.scenario_start + max(at - p.at, 0.0) * p.rate
    # Between a phase's last event and the next jump the scenario clock stands
    # still (and rounding must not carry it into the gap).
    return t if i == len(phases) - 1 else min(t, p.scenario_end)


def scenario_clock(start: float, scenario_at: float) -> tuple[int, int, int]:
    """Day (from 1), hour and minute on the scenario's clock.

    >>> scenario_clock(9.0, 16.5)
    (2, 1, 30)
    """
    minutes = round((start + scenario_at) * 60)
    day, minute = divmod(minutes, 24 * 60)
    return day + 1, minute // 60, minute % 60


class ClockState(StrEnum):
    STOPPED = "stopped"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class Clock:
    """The live exercise clock; every method returns a new clock.

    While running, exercise time is ``offset + speed * (wall - since)`` in
    hours; ``since`` is the wall time of the last change. Keeping only these
    four fields makes the clock survive a page reload or a server restart
    (it is recomputed from the wall clock) and two controllers at once (a
    change is one small write).

    >>> from datetime import datetime, timedelta
    >>> t0 = datetime(2026, 1, 1, 9, 0)
    >>> c = Clock().start(t0)
    >>> c.now(t0 + timedelta(minutes=30))
    0.5
    >>> c = c.pause(t0 + timedelta(minutes=30)).resume(t0 + timedelta(hours=2))
    >>> c.now(t0 + timedelta(hours=2, minutes=30))
    1.0
    """

    state: ClockState = ClockState.STOPPED
    offset: float = 0.0
    speed: float = 1.0
    since: datetime | None = None

    def now(self, wall: datetime) -> float:
        if self.state is not ClockState.RUNNING or self.since is None:
            return self.offset
        return self.offset + self.speed * max((wall - self.since).total_seconds(), 0.0) / 3600

    def _require(self, *states: ClockState) -> None:
        if self.state not in states:
            raise ValueError(
                f"the clock is {self.state.value}; this needs it "
                + " or ".join(s.value for s in states)
            )

    def start(self, wall: datetime) -> Clock:
        self._require(ClockState.STOPPED)
        return replace(self, state=ClockState.RUNNING, since=wall)

    def pause(self, wall: datetime) -> Clock:
        self._require(ClockState.RUNNING)
        return replace(self, state=ClockState.PAUSED, offset=self.now(wall), since=wall)

    def resume(self, wall: datetime) -> Clock:
        self._require(ClockState.PAUSED)
        return replace(self, state=ClockState.RUNNING, since=wall)

    def set_speed(self, wall: datetime, speed: float) -> Clock:
        if not 0.1 <= speed <= 60:
            raise ValueError("the speed must be between 0.1 and 60 times real time")
        self._require(ClockState.STOPPED, ClockState.RUNNING, ClockState.PAUSED)
        return replace(self, offset=self.now(wall), since=wall, speed=speed)

    def jump(self, wall: datetime, at: float) -> Clock:
        """Move ahead to exercise hour ``at`` (the next inject); never back."""
        self._require(ClockState.RUNNING, ClockState.PAUSED)
        now = self.now(wall)
        if at < now:
            raise ValueError("the clock only jumps ahead; the past has been played")
        return replace(self, offset=at, since=wall)

    def end(self, wall: datetime) -> Clock:
        self._require(ClockState.RUNNING, ClockState.PAUSED)
        return replace(self, state=ClockState.ENDED, offset=self.now(wall), since=wall)
