"""``weerbaar forecast``: the live cascade forecast of an incident, from now."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import click
from rich.table import Table

from weerbaar.commands.common import argument_map, console, counted, fail, read_map
from weerbaar.i18n import _
from weerbaar.model import DurationError, parse_duration, parse_uncertain
from weerbaar.model.limits import MAX_SAMPLES

#: ``NODE@TIME`` or ``NODE@TIME=RESTORE``; TIME may itself hold ``=``-free text only.
_DOWN = re.compile(r"^(?P<node>[^@=\s]+)@(?P<time>[^=]+?)(?:=(?P<restore>.+))?$")


def _moment(text: str, now: datetime) -> datetime:
    """An ISO 8601 time (local when without offset), ``now``, or ``-3h`` before now."""
    text = text.strip()
    if text == "now":
        return now
    if text.startswith("-"):
        return now - timedelta(hours=parse_duration(text[1:]))
    found = datetime.fromisoformat(text)
    return found.astimezone() if found.tzinfo is None else found


def _now(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime:
    current = datetime.now().astimezone()
    if value is None:
        return current
    try:
        return _moment(value, current)
    except (ValueError, DurationError) as exc:
        raise click.BadParameter(f"{value!r}: {exc}") from None


def parse_down(raw: str, index: int, now: datetime) -> Any:
    """One ``--down`` value as an :class:`~weerbaar.incident.forecast.Outage`; exit 2 when wrong."""
    from weerbaar.incident.forecast import Outage

    where = f"--down #{index} ({raw})"
    match = _DOWN.match(raw.strip())
    if match is None:
        fail(_("{where}: expected NODE@TIME or NODE@TIME=RESTORE").format(where=where))
    try:
        down = _moment(match["time"], now)
    except (ValueError, DurationError) as exc:
        fail(_("{where}: TIME: {error}").format(where=where, error=exc))
    restore = match["restore"]
    if restore is None:
        return Outage(match["node"], down)
    try:
        return Outage(match["node"], down, expected=parse_uncertain(restore.strip()))
    except DurationError as duration_error:
        try:
            back = _moment(restore, now)
        except (ValueError, DurationError):
            fail(_("{where}: RESTORE: {error}").format(where=where, error=duration_error))
    if back <= now:
        return Outage(match["node"], down, restored=back)
    return Outage(match["node"], down, expected=(back - down).total_seconds() / 3600)


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else moment.astimezone().strftime("%a %d-%m %H:%M")


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


@click.command(name="forecast")
@argument_map
@click.option(
    "--down",
    "downs",
    multiple=True,
    required=True,
    metavar="NODE@TIME[=RESTORE]",
    help="A node of the incident: down since TIME (ISO 8601, 'now' or '-3h'); RESTORE is "
    "its expected outage (8h, tri(4h, 8h, 2d), lognormal(12h, 0.6)) or when it came "
    "or comes back (ISO 8601). Repeat for every node.",
)
@click.option("--now", "now", callback=_now, help="The moment of the forecast (default: now).")
@click.option(
    "--samples",
    type=click.IntRange(min=0, max=MAX_SAMPLES),
    default=1000,
    show_default=True,
    help="Monte Carlo samples over the uncertain restore times (0: exact only).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same result.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
def forecast_cmd(
    map_path: str, downs: tuple[str, ...], now: datetime, samples: int, seed: int, as_json: bool
) -> None:
    """Forecast an incident: when each vital process goes down and breaches its MTPD.

    Runs the cascade from the incident's failed nodes with their expected
    restore times (exact), and Monte Carlo over the uncertain ones; ranks
    the nodes by the MTPD breaches restoring them now would prevent, and
    lists the map's measures and fallbacks that help.
    """
    from weerbaar.incident.advice import advise
    from weerbaar.incident.forecast import ForecastError, forecast

    m = read_map(map_path)
    outages = [parse_down(raw, i, now) for i, raw in enumerate(downs, start=1)]
    try:
        result = forecast(m, outages, now, samples, seed)
        advice = advise(m, outages, now)
    except ForecastError as exc:
        fail(f"{map_path}: {exc}")
    if as_json:
        click.echo(json.dumps(_json(result, advice), indent=2))
        return
    _print(m, result, advice)


def _json(result: Any, advice: Any) -> dict[str, Any]:
    return {
        "now": _iso(result.now),
        "start": _iso(result.start),
        "samples": result.samples,
        "processes": [
            {
                "node": p.node,
                "down": _iso(p.down),
                "up": _iso(p.up),
                "mtpd_breach": _iso(p.breach),
                "p_down": p.p_down,
                "p_mtpd_breach": p.p_breach,
                "breach_p10_p50_p90": None
                if p.breach_range is None
                else [_iso(x) for x in p.breach_range],
            }
            for p in result.processes
        ],
        "deadlock": list(result.deadlock),
        "restore_order": [{"node": r.node, "prevents": list(r.prevented)} for r in advice.restores],
        "helps": [
            {
                "kind": h.kind.value,
                "id": h.ref,
                "member": h.member or None,
                "runs_out": _iso(h.runs_out),
                "prevents": list(h.prevented),
                "keeps_up_within_the_hour": list(h.kept_up),
                "within_the_hour": h.within_hour,
            }
            for h in advice.helps
        ],
    }


def _print(m: Any, result: Any, advice: Any) -> None:
    labels = {n.id: n.label for n in m.nodes}
    console.print(
        _("Forecast at {now}, from the first failure at {start}").format(
            now=_when(result.now), start=_when(result.start)
        ),
        highlight=False,
    )
    table = Table(title=_("Vital processes"), header_style="bold")
    table.add_column(_("process"))
    for col in (_("down"), _("back"), _("MTPD breached")):
        table.add_column(col, no_wrap=True)
    if result.samples:
        table.add_column(_("P(down)"), justify="right", no_wrap=True)
        table.add_column("P(MTPD)", justify="right", no_wrap=True)
    for p in result.processes:
        row = [p.name, _when(p.down), _when(p.up) if p.down else "—", _when(p.breach)]
        if result.samples:
            row += [
                "—" if p.p_down is None else f"{p.p_down:.0%}",
                "—" if p.p_breach is None else f"{p.p_breach:.0%}",
            ]
        table.add_row(*row)
    console.print(table)
    if result.samples:
        console.print(counted("{n} sample", "{n} samples", result.samples), highlight=False)
    console.print(f"[bold]{_('Restore order')}[/bold]")
    for i, r in enumerate(advice.restores, start=1):
        prevents = ", ".join(labels.get(x, x) for x in r.prevented) or "—"
        console.print(f"  {i}. {labels.get(r.node, r.node)}: {prevents}", highlight=False)
    if advice.helps:
        console.print(f"[bold]{_('Measures and fallbacks that help')}[/bold]")
    for h in advice.helps:
        soon = _(" (within the hour)") if h.within_hour else ""
        what = labels.get(h.member, h.member)
        name = h.label if h.kind.value == "measure" else f"{h.label} ← {what}"
        prevents = ", ".join(labels.get(x, x) for x in h.prevented) or "—"
        console.print(f"  {h.kind.value} {name}{soon}: {prevents}", highlight=False)


COMMANDS = [forecast_cmd]
