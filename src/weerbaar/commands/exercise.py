"""``weerbaar exercise``: the digital fire drill from the command line.

Generate a draft script from a scenario of the map, check an exercise file
(against its map too), move its inject timeline to and from Excel, show
what one role gets to see, and log a decision that changes the story.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from weerbaar.commands.common import (
    console,
    counted,
    duration_option,
    fail,
    input_errors,
    read_map,
    scenario_or_fail,
)
from weerbaar.i18n import _

if TYPE_CHECKING:
    from weerbaar.exercise.model import Exercise
    from weerbaar.model import RiskMap


def _read(path: str) -> Exercise:
    from weerbaar.exercise.fileformat import load_exercise

    with input_errors():
        return load_exercise(path)
    raise AssertionError("unreachable")


def _write(ex: Exercise, output: str) -> None:
    from weerbaar.exercise.fileformat import dump_exercise

    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump_exercise(ex), encoding="utf-8")


@contextmanager
def _refused() -> Iterator[None]:
    """A change the map or the exercise's state does not allow: a message and exit 2."""
    from weerbaar.exercise.model import StateError
    from weerbaar.exercise.retime import InterventionError

    try:
        yield
    except (StateError, InterventionError) as exc:
        fail(str(exc))


def _wrote(output: str, ex: Exercise) -> None:
    injects = counted("{n} inject", "{n} injects", len(ex.injects))
    console.print(
        _("wrote {path}: {injects}").format(path=output, injects=injects), highlight=False
    )


def sha256_of(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _hhmm(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


@click.group(name="exercise")
def exercise_group() -> None:
    """Exercises generated from the map's cascade: the digital fire drill.

    An exercise file (YAML, see `weerbaar exercise schema` and
    docs/exercises.md) holds the script of injects, the roles, objectives,
    decisions and evaluation of one exercise.
    """


@exercise_group.command(name="generate")
@click.argument("map_path", metavar="MAP", type=click.Path(dir_okay=False))
@click.option("--scenario", "scenario_id", required=True, help="Id of the scenario to play.")
@click.option(
    "--duration",
    default="3h",
    show_default=True,
    callback=duration_option,
    help="Length of the session.",
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**63 - 1),
    default=0,
    show_default=True,
    help="Same seed, same script.",
)
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option(
    "--start", default="09:00", show_default=True, help="Clock time of the first failure (HH:MM)."
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="Exercise file to write."
)
def generate_cmd(
    map_path: str,
    scenario_id: str,
    duration: float,
    seed: int,
    language: str,
    start: str,
    output: str,
) -> None:
    """Write a draft exercise for a scenario of MAP: injects from its simulated cascade.

    Every event a player would notice becomes an inject to the role that
    owns the node; pressure from press, citizens and council grows with the
    impact; GRIP decision points follow the escalation criteria; a long
    cascade is compressed into the session with jumps in time.
    """
    from weerbaar.exercise.fileformat import parse_clock
    from weerbaar.exercise.generate import generate
    from weerbaar.exercise.model import MapVersion

    m = read_map(map_path)
    scenario_or_fail(m, scenario_id)
    try:
        clock = parse_clock(start)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--start") from None
    if duration <= 0:
        raise click.BadParameter(
            _("the session must last longer than zero"), param_hint="--duration"
        )
    ex = generate(
        m,
        scenario_id,
        duration=duration,
        seed=seed,
        language=language,
        start=clock,
        map_version=MapVersion(Path(map_path).name, sha256_of(map_path)),
    )
    _write(ex, output)
    text = _("wrote {path}: {injects} for {roles} in {duration} h, {phases}, {objectives}").format(
        path=output,
        injects=counted("{n} inject", "{n} injects", len(ex.injects)),
        roles=counted("{n} role", "{n} roles", len(ex.roles)),
        duration=_hhmm(ex.duration),
        phases=counted("{n} phase", "{n} phases", len(ex.phases)),
        objectives=counted("{n} objective", "{n} objectives", len(ex.objectives)),
    )
    console.print(text, highlight=False)


def _map_problems(ex: Exercise, m: RiskMap, map_path: str) -> list[str]:
    nodes = {n.id for n in m.nodes}
    measures = {me.id for me in m.measures}
    out = []
    if ex.scenario not in {s.id for s in m.scenarios}:
        out.append(_("scenario {id!r} is not in {map}").format(id=ex.scenario, map=map_path))
    for i in ex.injects:
        out += [
            _("inject {inject}: node {id!r} is not in {map}").format(
                inject=i.id, id=n, map=map_path
            )
            for n in i.nodes
            if n not in nodes
        ]
    for d in ex.decisions:
        iv = d.intervention
        if iv is None:
            continue
        for n in (iv.node, iv.alternative, iv.requirement):
            if n is not None and n not in nodes:
                out.append(
                    _("decision at {at}: node {id!r} is not in {map}").format(
                        at=_hhmm(d.at), id=n, map=map_path
                    )
                )
        if iv.measure is not None and iv.measure not in measures:
            out.append(
                _("decision at {at}: measure {id!r} is not in {map}").format(
                    at=_hhmm(d.at), id=iv.measure, map=map_path
                )
            )
    for a in ex.actions:
        if a.measure is not None and a.measure not in measures:
            out.append(
                _("action {action}: measure {id!r} is not in {map}").format(
                    action=a.id, id=a.measure, map=map_path
                )
            )
    return out


@exercise_group.command(name="check")
@click.argument("exercise_path", metavar="EXERCISE", type=click.Path(dir_okay=False))
@click.option(
    "--map", "map_path", type=click.Path(dir_okay=False), help="Check it against this map too."
)
def check_cmd(exercise_path: str, map_path: str | None) -> None:
    """Validate an exercise file (and that its map still holds what it names)."""
    ex = _read(exercise_path)
    if map_path is not None:
        problems = _map_problems(ex, read_map(map_path), map_path)
        if problems:
            fail("\n".join(f"{exercise_path}: {p}" for p in problems))
        if ex.map.sha256 and ex.map.sha256 != sha256_of(map_path):
            note = _(
                "note: {map} changed since the script was generated from it"
                " (its SHA-256 differs); generate again to follow the map"
            )
            console.print(note.format(map=map_path), highlight=False)
    text = _(
        "{path}: ok — {status}, {injects}, {roles}, {participants}, {decisions}, {actions}"
    ).format(
        path=exercise_path,
        status=ex.status.value,
        injects=counted("{n} inject", "{n} injects", len(ex.injects)),
        roles=counted("{n} role", "{n} roles", len(ex.roles)),
        participants=counted("{n} participant", "{n} participants", len(ex.participants)),
        decisions=counted("{n} decision", "{n} decisions", len(ex.decisions)),
        actions=counted("{n} improvement action", "{n} improvement actions", len(ex.actions)),
    )
    console.print(text, highlight=False)


@exercise_group.command(name="show")
@click.argument("exercise_path", metavar="EXERCISE", type=click.Path(dir_okay=False))
@click.option("--role", help="Only what this role gets to see.")
def show_cmd(exercise_path: str, role: str | None) -> None:
    """Print the script, or what one role receives."""
    from rich.table import Table

    ex = _read(exercise_path)
    if role is not None and role not in {r.id for r in ex.roles}:
        roles = ", ".join(r.id for r in ex.roles)
        fail(
            _("{path}: no role {role!r} (roles: {roles})").format(
                path=exercise_path, role=role, roles=roles
            )
        )
    table = Table(title=ex.title)
    for column in (_("id"), _("time"), _("channel"), _("to"), _("title")):
        table.add_column(column)
    for i in ex.injects_for(role) if role else ex.injects:
        table.add_row(i.id, _hhmm(i.at), i.channel.value, ", ".join(i.recipients), i.title)
    console.print(table)


@exercise_group.command(name="to-sheet")
@click.argument("exercise_path", metavar="EXERCISE", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="Workbook (.xlsx) to write.",
)
def to_sheet_cmd(exercise_path: str, output: str) -> None:
    """Write the inject timeline as an Excel sheet (Draaiboek)."""
    from weerbaar.exercise.sheet import write_sheet

    ex = _read(exercise_path)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    write_sheet(ex, output)
    _wrote(output, ex)


@exercise_group.command(name="from-sheet")
@click.argument("exercise_path", metavar="EXERCISE", type=click.Path(dir_okay=False))
@click.argument("sheet_path", metavar="SHEET", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="Exercise file to write."
)
def from_sheet_cmd(exercise_path: str, sheet_path: str, output: str) -> None:
    """Replace the injects of EXERCISE by those of SHEET (on an error nothing is written)."""
    from weerbaar.exercise.sheet import read_sheet

    ex = _read(exercise_path)
    with input_errors():
        ex = read_sheet(sheet_path, ex)
    _write(ex, output)
    _wrote(output, ex)


@exercise_group.command(name="decide")
@click.argument("exercise_path", metavar="EXERCISE", type=click.Path(dir_okay=False))
@click.option(
    "--map", "map_path", type=click.Path(dir_okay=False), required=True, help="The exercise's map."
)
@click.option(
    "--at",
    "at",
    required=True,
    callback=duration_option,
    help="Exercise time of the decision, e.g. 1h30m or 90m.",
)
@click.option("--by", required=True, help="Role or person deciding.")
@click.option("--text", required=True, help="The decision as logged.")
@click.option("--inject", "inject_id", help="The inject it answers.")
@click.option(
    "--change",
    type=click.Choice(["restore", "extend", "fail", "measure", "fallback"]),
    help="How the decision changes the story from now on.",
)
@click.option("--node", help="Node restored, failing longer, failing anew, or getting a fallback.")
@click.option(
    "--duration", "length", callback=duration_option, help="Extra or new failure duration."
)
@click.option("--measure", help="Measure of the map taken into use.")
@click.option("--requirement", help="Fallback: a member of the requirement it replaces.")
@click.option("--alternative", help="Fallback: the node used instead (none: an ad-hoc workaround).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="Exercise file to write."
)
def decide_cmd(
    exercise_path: str,
    map_path: str,
    at: float,
    by: str,
    text: str,
    inject_id: str | None,
    change: str | None,
    node: str | None,
    length: float | None,
    measure: str | None,
    requirement: str | None,
    alternative: str | None,
    output: str,
) -> None:
    """Log a decision; with --change the cascade is simulated again and the rest re-timed."""
    from weerbaar.exercise.records import Decision, Intervention, InterventionKind
    from weerbaar.exercise.retime import intervene, intervention_at

    ex = _read(exercise_path)
    m = read_map(map_path)
    if inject_id is not None and inject_id not in {i.id for i in ex.injects}:
        fail(_("{path}: no inject {id!r}").format(path=exercise_path, id=inject_id))
    iv = None
    if change is not None:
        iv = Intervention(
            InterventionKind(change),
            intervention_at(ex, at),
            node=node,
            measure=measure,
            duration=length,
            requirement=requirement,
            alternative=alternative,
        )
    with _refused():
        result = intervene(ex, m, Decision(at, by, text, inject_id, intervention=iv))
    _write(result.exercise, output)
    text = _("wrote {path}: {retimed} re-timed, {dropped} dropped, {added} added").format(
        path=output,
        retimed=counted("{n} inject", "{n} injects", len(result.retimed)),
        dropped=len(result.dropped),
        added=len(result.added),
    )
    console.print(text, highlight=False)
    for inject in result.dropped:
        line = _("dropped {id} ({at}): {title}").format(
            id=inject.id, at=_hhmm(inject.at), title=inject.title
        )
        console.print(f"  {line}", highlight=False)


@exercise_group.command(name="schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the exercise file."""
    from weerbaar.exercise.fileformat import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


COMMANDS = [exercise_group]
