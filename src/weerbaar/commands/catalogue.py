"""``weerbaar catalogue``: read a catalogue of controls and compare two versions."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from weerbaar.commands.common import console, counted, fail, input_errors, number
from weerbaar.i18n import _


@click.group(name="catalogue")
def catalogue_group() -> None:
    """Catalogues of controls (BIO2, OSCAL, Excel), imported from your own file."""


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            _("{value!r} is not a date YYYY-MM-DD").format(value=value)
        ) from None


def _read(path: str, **meta: Any) -> Any:
    from weerbaar.accountability.formats import read_catalogue

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        fail(f"{path}: {exc.strerror}")
    with input_errors():
        cat = read_catalogue(data, path, **meta)
    for warning in cat.warnings:
        click.echo(_("warning: {warning}").format(warning=warning), err=True)
    return cat


@catalogue_group.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--name", help="Name of the catalogue (default: what the file says).")
@click.option("--version", "version", help="Version (default: what the file says).")
@click.option("--date", "issued", callback=_date, help="Date of the version, YYYY-MM-DD.")
@click.option(
    "--previous",
    type=click.Path(dir_okay=False),
    help="The version imported before: show what changed and which assessments carry over.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
def import_cmd(
    file: str,
    name: str | None,
    version: str | None,
    issued: date | None,
    previous: str | None,
    as_json: bool,
) -> None:
    """Read FILE (BIO2 Markdown .md, OSCAL .json or Excel .xlsx) and summarise it.

    Every problem is reported as FILE:LINE with exit code 2; nothing is
    half read. The web app's upload stores the catalogue for an organisation.
    """
    from weerbaar.accountability.catalogue import carry_over, diff

    cat = _read(file, name=name, version=version, issued=issued)
    old = _read(previous) if previous else None
    if as_json:
        out: dict[str, Any] = catalogue_json(cat)
        if old is not None:
            changes = diff(old, cat)
            out["changes"] = {
                "added": list(changes.added),
                "removed": list(changes.removed),
                "moved": [list(p) for p in changes.moved],
                "reworded": list(changes.reworded),
                "carried_over": carry_over(old, cat),
            }
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    _print(cat)
    if old is not None:
        _print_diff(old, cat)


def catalogue_json(cat: Any) -> dict[str, Any]:
    return {
        "name": cat.name,
        "version": cat.version,
        "date": cat.issued.isoformat() if cat.issued else None,
        "source": cat.source,
        "chapters": cat.chapters,
        "controls": [
            {
                "id": c.id,
                "chapter": c.chapter,
                "title": c.title,
                "kind": c.kind.value,
                "moved_to": c.moved_to,
                "text": c.text,
            }
            for c in cat.controls
        ],
    }


def _print(cat: Any) -> None:
    from weerbaar.accountability.catalogue import ControlKind

    if cat.issued:
        title = _("{name}, version {version} of {date}").format(
            name=cat.name, version=cat.version, date=cat.issued.isoformat()
        )
    else:
        title = _("{name}, version {version}").format(name=cat.name, version=cat.version)
    console.print(title, highlight=False)
    table = Table(header_style="bold")
    table.add_column(_("chapter"))
    # One column per kind of control, in the order of ControlKind.
    for col in (_("measures"), _("without measure"), _("moved")):
        table.add_column(col, justify="right")
    chapters = list(dict.fromkeys(c.chapter for c in cat.controls))
    for ch in chapters:
        kinds = [c.kind for c in cat.controls if c.chapter == ch]
        table.add_row(
            f"{ch} {cat.chapters.get(ch, '')}".strip(),
            *(number(kinds.count(k)) for k in ControlKind),
        )
    console.print(table)
    console.print(
        counted("{n} control to assess.", "{n} controls to assess.", len(cat.assessable)),
        highlight=False,
    )


def _print_diff(old: Any, new: Any) -> None:
    from weerbaar.accountability.catalogue import carry_over, diff

    changes = diff(old, new)
    console.print(
        _("Changes from version {old} to {new}:").format(old=old.version, new=new.version),
        highlight=False,
    )
    if changes.unchanged:
        console.print("  " + _("none"))
    for label, ids in (
        (_("added"), changes.added),
        (_("removed"), changes.removed),
        (_("reworded"), changes.reworded),
    ):
        if ids:
            console.print(f"  {label} ({len(ids)}): {', '.join(ids)}", highlight=False)
    if changes.moved:
        moves = ", ".join(f"{a} → {b}" for a, b in changes.moved)
        console.print(f"  {_('moved')} ({len(changes.moved)}): {moves}", highlight=False)
    kept = carry_over(old, new)
    console.print(
        _("Assessments carried over: {kept} of {total}.").format(
            kept=number(len(kept)), total=number(len(old.assessable))
        ),
        highlight=False,
    )


@catalogue_group.command(name="soa")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--assessments",
    type=click.Path(dir_okay=False),
    help="A filled-in statement (.xlsx or .csv, as this command writes it) to read the "
    "assessment from; without it every control is 'niet beoordeeld'.",
)
@click.option(
    "--scale",
    type=click.Choice(["niet-deels-volledig", "volwassenheid"]),
    default="niet-deels-volledig",
    show_default=True,
    help="Scale of the implementation status.",
)
@click.option(
    "--year", type=click.IntRange(2000, 2100), help="Reporting year (default: this year)."
)
@click.option("--organisation", default="", help="Organisation named in the statement.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the statement: .xlsx or .csv.",
)
def soa_cmd(
    file: str,
    assessments: str | None,
    scale: str,
    year: int | None,
    organisation: str,
    output: str,
) -> None:
    """Write the statement of applicability (Verklaring van Toepasselijkheid) of FILE.

    Every control of the catalogue FILE with its applicability, reason,
    status, owner and evidence. Fill in the written file and give it back
    with --assessments to make the next statement from it; the web app makes
    the same statement from the stored self-assessment.
    """
    from weerbaar.accountability.answers import read_answers, statement_csv
    from weerbaar.accountability.assessment import SCALES, statement
    from weerbaar.accountability.statement import statement_xlsx

    if not output.lower().endswith((".xlsx", ".csv")):
        fail(_("{path}: give a file name ending in .xlsx or .csv").format(path=output))
    cat = _read(file)
    found: list[Any] = []
    if assessments:
        try:
            data = Path(assessments).read_bytes()
        except OSError as exc:
            fail(f"{assessments}: {exc.strerror}")
        with input_errors():
            found = read_answers(data, assessments, cat, SCALES[scale])
    rows = statement(cat, found, SCALES[scale])
    made = datetime.now()
    when = year or made.year
    if output.lower().endswith(".csv"):
        blob = statement_csv(rows)
    else:
        blob = statement_xlsx(cat, rows, when, organisation, made)
    try:
        Path(output).write_bytes(blob)
    except OSError as exc:
        fail(f"{output}: {exc.strerror}")
    assessed = sum(1 for r in rows if r.applicable is not None)
    console.print(
        _("{path}: statement of applicability {year}, {n} controls, {assessed} assessed.").format(
            path=output, year=when, n=number(len(rows)), assessed=number(assessed)
        ),
        highlight=False,
    )


COMMANDS = [catalogue_group]
