"""The exercise file and the inject sheet: strict, located, lossless."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from openpyxl import load_workbook

from exercise_map import small_map
from weerbaar.exercise.fileformat import dump_exercise, json_schema, load_exercise, parse_exercise
from weerbaar.exercise.generate import generate
from weerbaar.exercise.model import Exercise, StateError, Status, transition
from weerbaar.exercise.records import (
    ActionStatus,
    Decision,
    ImprovementAction,
    Intervention,
    InterventionKind,
    Lesson,
    Observation,
    ObservationKind,
    Participant,
    Rating,
)
from weerbaar.exercise.sheet import read_sheet, write_sheet
from weerbaar.model import MapError


def played() -> Exercise:
    """A generated exercise with everything an evaluated run holds."""
    from dataclasses import replace

    ex = generate(small_map(), "ransom", seed=3)
    first = ex.expectations[0]
    return replace(
        ex,
        status=Status.EVALUATED,
        held=date(2026, 3, 12),
        participants=(Participant("Anna de Vries", "it", "Gemeente Klein", "anna@example.nl"),),
        expectations=(
            replace(first, rating=Rating.SOME_CHALLENGES, note="laat"),
            *ex.expectations[1:],
        ),
        observations=(Observation(0.5, "Goed beeld", "evaluator", ObservationKind.STRENGTH, "o1"),),
        decisions=(
            Decision(
                0.25,
                "it",
                "Reservesuite inzetten",
                ex.injects[0].id,
                datetime(2026, 3, 12, 9, 20),
                Intervention(InterventionKind.MEASURE, 3.0, measure="reserve"),
            ),
        ),
        lessons=(Lesson("Contract mist hersteltijd", "o5"),),
        actions=(
            ImprovementAction(
                "a1",
                "Hersteltijd in contract",
                "inkoop",
                date(2026, 6, 1),
                ActionStatus.IN_PROGRESS,
                "reserve",
                "o5",
            ),
        ),
        extra={"x-draaiboek": {"versie": 2}},
    )


def test_it_reads_back_what_it_writes() -> None:
    ex = played()
    assert parse_exercise(dump_exercise(ex), "again.yaml") == ex


def test_it_keeps_extension_keys_on_a_round_trip() -> None:
    text = dump_exercise(played()).replace("  channel: ", "  x-regie: Piet\n  channel: ", 1)
    ex = parse_exercise(text, "x.yaml")
    assert ex.injects[0].extra == {"x-regie": "Piet"}
    assert parse_exercise(dump_exercise(ex), "y.yaml") == ex


@pytest.mark.parametrize(
    ("change", "line_of", "message"),
    [
        ("recipients: [it]", "recipients: [itt]", "role 'itt' is not defined in this exercise"),
        ("channel: leverancier", "channel: fax", "channel: Input should be"),
        ("  title:", "  titel:", "unknown key 'titel' — did you mean 'title'?"),
        ("seed: 3", "seed: -1", "seed: Input should be greater than or equal to 0"),
    ],
)
def test_it_locates_every_problem(change: str, line_of: str, message: str) -> None:
    text = dump_exercise(played()).replace(change, line_of, 1)
    with pytest.raises(MapError) as info:
        parse_exercise(text, "bad.yaml")
    problem = next(p for p in info.value.problems if message in p.message)
    assert text.splitlines()[problem.line - 1].strip().startswith(line_of.strip().split(":")[0])


def test_it_refuses_an_inject_after_the_end_of_the_session() -> None:
    text = dump_exercise(played()).replace("duration: 3h", "duration: 10m", 1)
    with pytest.raises(MapError, match="after the end of the session"):
        parse_exercise(text, "late.yaml")


def test_it_refuses_duplicate_ids() -> None:
    data = yaml.safe_load(dump_exercise(played()))
    data["injects"][1]["id"] = data["injects"][0]["id"]
    with pytest.raises(MapError, match="duplicate id"):
        parse_exercise(yaml.safe_dump(data), "dup.yaml")


def test_it_refuses_garbage_with_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_bytes(b"\x00\x01garbage")
    with pytest.raises(MapError, match="not a text file"):
        load_exercise(path)
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(MapError, match="weerbaar-oefening"):
        load_exercise(path)


def test_the_written_file_passes_its_json_schema() -> None:
    data = yaml.safe_load(dump_exercise(played()))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), json_schema())


def test_the_sheet_round_trip_is_lossless(tmp_path: Path) -> None:
    ex = played()
    path = tmp_path / "draaiboek.xlsx"
    write_sheet(ex, path)
    assert read_sheet(path, ex) == ex


def test_a_broken_sheet_is_refused_with_its_row(tmp_path: Path) -> None:
    ex = played()
    path = tmp_path / "draaiboek.xlsx"
    write_sheet(ex, path)
    wb = load_workbook(path)
    ws = wb["Draaiboek"]
    ws["G4"] = "fax"  # kanaal of the third inject
    ws["N1"] = "tekts"
    wb.save(path)
    with pytest.raises(MapError) as info:
        read_sheet(path, ex)
    text = str(info.value)
    assert "unknown column 'tekts' — did you mean 'tekst'?" in text
    wb = load_workbook(path)
    wb["Draaiboek"]["N1"] = None
    wb.save(path)
    with pytest.raises(MapError) as info:
        read_sheet(path, ex)
    assert f"{path}[Draaiboek]:4: injects.2.channel" in str(info.value)


def test_a_formula_in_a_cell_stays_text(tmp_path: Path) -> None:
    from dataclasses import replace

    ex = played()
    ex = replace(ex, injects=(replace(ex.injects[0], title="=HYPERLINK(1)"), *ex.injects[1:]))
    path = tmp_path / "d.xlsx"
    write_sheet(ex, path)
    assert load_workbook(path)["Draaiboek"]["H2"].data_type == "s"
    assert read_sheet(path, ex).injects[0].title == "=HYPERLINK(1)"


def test_it_allows_only_the_legal_status_changes() -> None:
    assert transition(Status.PLANNED, Status.RUNNING) is Status.RUNNING
    with pytest.raises(StateError, match="draft cannot become ended"):
        transition(Status.DRAFT, Status.ENDED)
    with pytest.raises(StateError):
        transition(Status.ENDED, Status.RUNNING)
