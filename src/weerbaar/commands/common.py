"""What the commands of ``weerbaar`` share: reading input, failing, printing.

Every problem with the user's input ends as ``file:line: what is wrong`` on
standard error and exit code 2, never as a traceback: :func:`fail`,
:func:`input_errors` and :func:`read_map` are the one way to get there.
This module imports neither the engine nor the scale package, so that the
commands that do not compute (``check``, ``schema``) start fast.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, NoReturn, TypeVar

import click
from click.core import ParameterSource
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from weerbaar.i18n import _, ngettext
from weerbaar.i18n import number as number  # the commands write numbers with it
from weerbaar.model import MapError, Node, Problem, RiskMap, load_map, parse_duration
from weerbaar.model.durations import DurationError

T = TypeVar("T")

console = Console(soft_wrap=True)
err_console = Console(stderr=True)


def fail(problems: list[Problem] | str) -> NoReturn:
    """Print ``problems`` (or one message) on standard error and exit 2."""
    lines = [problems] if isinstance(problems, str) else [str(p) for p in problems]
    for line in lines:
        click.echo(line, err=True)
    sys.exit(2)


@contextmanager
def input_errors() -> Iterator[None]:
    """Turn located input errors raised inside the block into messages and exit code 2."""
    try:
        yield
    except MapError as exc:
        fail(exc.problems)


def open_map(path: str) -> RiskMap:
    """A map from YAML, or from an Excel workbook when the name ends in .xlsx.

    Raises :class:`~weerbaar.model.MapError`; :func:`read_map` exits instead.
    """
    if path.lower().endswith(".xlsx"):
        from weerbaar.model.excel import import_xlsx

        return import_xlsx(path)
    return load_map(path)


def read_map(path: str) -> RiskMap:
    """:func:`open_map`, or exit 2 with its located problems."""
    with input_errors():
        m = open_map(path)
        # The map lives as long as the command and holds no cycles: the
        # cycle collector need not walk its million objects again (on a large
        # map that walk cost a twentieth of `weerbaar check`).
        gc.freeze()
        return m
    raise AssertionError("unreachable")


def read_profile(path: str | None) -> Any:
    """The methodology profile at ``path``, or the shipped one."""
    from weerbaar.scoring import load_profile

    with input_errors():
        return load_profile(path)


def scenario_or_fail(m: RiskMap, scenario_id: str) -> None:
    """Exit 2 naming the known scenarios when ``m`` has no ``scenario_id``."""
    if scenario_id not in {s.id for s in m.scenarios}:
        known = ", ".join(s.id for s in m.scenarios) or _("none")
        fail(
            _("{source}: unknown scenario {id!r} (known: {known})").format(
                source=m.source, id=scenario_id, known=known
            )
        )


def duration_option(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """Click callback: an option such as ``--horizon 14d`` in hours."""
    if value is None:
        return None
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise click.BadParameter(str(exc)) from None


def counted(singular: str, plural: str, n: int) -> str:
    """``n`` things in the active language (``tools/messages.py`` extracts both forms).

    Examples
    --------
    >>> counted("{n} node", "{n} nodes", 21559)
    '21,559 nodes'
    """
    return ngettext(singular, plural, n).format(n=number(n))


def euro(x: float) -> str:
    """An amount in whole euros: ``€ 18,000`` (``€ 18.000`` in Dutch)."""
    return f"€ {number(x)}"


def party_label(m: RiskMap, node: Node) -> str:
    """The name of the party that runs ``node``; empty when none does."""
    return m.party(node.party).label if node.party else ""


def hours_label(hours: float | None) -> str:
    """``T+1d 4h`` style label for a time in hours; ``…`` for an open end.

    Examples
    --------
    >>> hours_label(28.5)
    'T+1d 4h30m'
    >>> hours_label(None)
    '…'
    """
    if hours is None:
        return "…"
    minutes = round(hours * 60)
    days, rest = divmod(minutes, 24 * 60)
    h, mins = divmod(rest, 60)
    text = (f"{days}d " if days else "") + f"{h}h" + (f"{mins:02d}m" if mins else "")
    return "T+" + text.strip()


def progress() -> Progress:
    """A progress bar on standard error, only when that is a terminal."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def track(items: list[T], description: str, step: Callable[[T], Any]) -> list[Any]:
    """``step`` applied to every item, with a progress bar."""
    with progress() as bar:
        task = bar.add_task(description, total=len(items))
        out = []
        for item in items:
            out.append(step(item))
            bar.advance(task)
        return out


option_profile = click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Methodology profile YAML (default: the shipped NRB profile for one municipality).",
)
argument_map = click.argument("map_path", metavar="MAP", type=click.Path(dir_okay=False))

option_scheduler = click.option(
    "--scheduler",
    metavar="URL",
    help="Run on this Dask cluster, e.g. tcp://127.0.0.1:8786 (needs weerbaar[scale]).",
)


def _cores() -> int:
    from weerbaar.scale.distributed import usable_cores

    return usable_cores()


option_processes = click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=_cores,
    show_default="all cores",
    help="Worker processes on this machine (1: all in this process).",
)


#: Below this much work (nodes × samples, an estimate) the default stays in
#: one process: starting worker processes takes about half a second, more
#: than they would save on a municipal map.
PARALLEL_WORK = 2_000_000


@contextmanager
def pool_or_fail(scheduler: str | None, processes: int, work: int) -> Iterator[Any]:
    """The pool for ``--scheduler``/``--processes``; exit 2 with a message when Dask is missing.

    ``--processes`` has a default, so only a value given on the command line
    conflicts with ``--scheduler``; the default also keeps small ``work`` in
    this process.
    """
    from weerbaar.scale.distributed import DaskMissing, open_pool

    given = click.get_current_context().get_parameter_source("processes")
    if scheduler is not None and given is ParameterSource.COMMANDLINE:
        fail(_("use either --scheduler or --processes, not both"))
    if given is ParameterSource.DEFAULT and work < PARALLEL_WORK:
        processes = 1
    stack = ExitStack()
    try:
        pool = stack.enter_context(open_pool(scheduler, processes))
    except DaskMissing as exc:
        fail(str(exc))
    except OSError as exc:  # no scheduler at that address
        fail(_("cannot reach the Dask scheduler {url}: {reason}").format(url=scheduler, reason=exc))
    with stack:
        yield pool
