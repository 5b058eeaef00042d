"""The command line speaks Dutch to Dutch users, and says what a newcomer needs to know."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from weerbaar.cli import main
from weerbaar.i18n import get_language

MAP = """\
weerbaar: 1
name: Gemeente Klein
parties:
  - {id: gemeente, name: Gemeente Klein, kind: gemeente}
  - {id: isp, name: Internet BV, kind: telecomaanbieder}
nodes:
  - {id: internet, kind: service, party: isp}
  - id: uitkeringen
    kind: process
    party: gemeente
    vital: true
    impact: {per_day: {costs: 1234567}}
    requires: [internet]
scenarios:
  - {id: storing, likelihood: C, failures: [{node: internet, duration: 2d}]}
"""


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "klein.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args], env=env)
    return result.exit_code, result.output


def test_it_speaks_dutch_with_lang_nl(map_file: Path) -> None:
    code, out = run("--lang", "nl", "check", str(map_file))
    assert code == 0
    assert "in orde — 2 knooppunten (1 vitaal proces), 2 partijen, 1 scenario, 0 maatregelen" in out


def test_it_follows_the_locale_and_lang_overrides_it(map_file: Path) -> None:
    dutch = {"LANGUAGE": "", "LC_ALL": "nl_NL.UTF-8"}
    assert "in orde" in run("check", str(map_file), env=dutch)[1]
    assert (
        ": ok — 2 nodes (1 vital process)"
        in run("--lang", "en", "check", str(map_file), env=dutch)[1]
    )
    assert ": ok" in run("check", str(map_file), env={"LANGUAGE": "", "LC_ALL": "C"})[1]


def test_it_gives_the_version_in_the_language_of_the_command() -> None:
    from weerbaar import __version__

    assert run("--lang", "nl", "--version") == (0, f"weerbaar, versie {__version__}\n")
    assert run("--version", env={"LANGUAGE": "", "LC_ALL": "nl_NL.UTF-8"})[1].startswith(
        "weerbaar, versie "
    )
    assert run("--lang", "en", "--version") == (0, f"weerbaar, version {__version__}\n")


def test_it_leaves_the_language_as_it_was(map_file: Path) -> None:
    run("--lang", "nl", "check", str(map_file))
    assert get_language() == "en"


def test_it_writes_located_errors_in_dutch(map_file: Path) -> None:
    map_file.write_text(MAP.replace("requires:", "requries:"), encoding="utf-8")
    code, out = run("--lang", "nl", "check", str(map_file))
    assert code == 2
    assert "onbekende sleutel 'requries' — bedoelt u 'requires'?" in out


def test_it_writes_dutch_numbers_and_party_names(map_file: Path) -> None:
    code, out = run("--lang", "nl", "criticality", str(map_file))
    assert code == 0
    assert "Criticaliteit (structureel)" in out
    assert "Internet BV" in out and "Enkelvoudige faalpunten" in out
    code, out = run("--lang", "nl", "simulate", str(map_file), "--scenario", "storing")
    assert "Internet BV" in out and "Impactscore" in out


def test_it_says_when_a_map_has_no_measures_to_sweep(map_file: Path) -> None:
    code, out = run("sweep", str(map_file), "--processes", "1")
    assert code == 0
    assert "has no measures: nothing to rank" in out
    assert "Scores without measures: storing" in out


def test_it_refuses_the_same_map_twice(map_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "." / "klein.yaml"
    code, out = run("merge", str(map_file), str(again), "-o", str(tmp_path / "regio.yaml"))
    assert code == 2
    assert "the same map is given twice" in out
    assert not (tmp_path / "regio.yaml").exists()


def test_it_refuses_to_overwrite_a_map_it_merges(map_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "ander.yaml"
    other.write_text(MAP.replace("Gemeente Klein", "Gemeente Ander"), encoding="utf-8")
    before = map_file.read_text(encoding="utf-8")
    code, out = run("merge", str(map_file), str(other), "-o", str(map_file))
    assert code == 2 and "would overwrite" in out
    assert map_file.read_text(encoding="utf-8") == before


def test_it_shows_the_likelihood_classes_of_the_profile() -> None:
    code, out = run("profile")
    assert code == 0
    assert "Likelihood classes" in out and "Highly unlikely" in out and "0.003%" in out
    code, out = run("--lang", "nl", "profile")
    assert "Waarschijnlijkheidsklassen" in out and "Zeer onwaarschijnlijk" in out
    assert "0,003%" in out and "1,5M" in out


def test_it_gives_help_in_the_language_of_the_command() -> None:
    code, out = run("--lang", "nl", "check", "-h")
    assert code == 0
    assert "Gebruik: main check [OPTIES] MAP" in out and "Opties:" in out
    assert "Controleer MAP en zijn impactcriteria" in out
    assert "Toon deze hulp en stop." in out
    code, out = run("-h", env={"LANG": "nl_NL.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert "Opdrachten:" in out and "Toon de versie en stop." in out
    assert "Gebruik: main [OPTIES] OPDRACHT [ARGUMENTEN]..." in out
    assert "Wat elk knooppunt meeneemt als het uitvalt" in out  # a command's short help
    code, out = run("--lang", "nl", "generate", "-h")
    assert "[standaard: 0]" in out and "verplicht]" in out
    # The same commands in English next: nothing of the Dutch stays behind.
    code, out = run("--lang", "en", "check", "-h")
    assert "Usage: main check [OPTIONS] MAP" in out and "Show this message and exit." in out
    assert "Validate MAP and its impact criteria" in out and "Controleer" not in out
    assert get_language() == "en"
    assert (main.commands["check"].help or "").startswith("Validate MAP and its impact")


def test_it_has_dutch_for_the_help_of_every_command_and_option() -> None:
    from weerbaar.commands.helptext import help_texts
    from weerbaar.i18n import _, language

    english = [text for text, _where in help_texts(main)]
    assert len(english) > 80
    with language("nl"):
        missing = [text for text in english if _(text) == text]
    assert missing == []


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (["check"], "Fout: Argument ontbreekt: 'MAP'.", "Error: Missing argument 'MAP'."),
        (["chek"], "Fout: Onbekende opdracht 'chek'.", "Error: No such command 'chek'."),
        (["check", "--bogus", "x"], "Onbekende optie '--bogus'.", "No such option '--bogus'."),
        (
            ["generate", "-n", "abc", "-o", "x"],
            "'abc' is geen geldig geheel getal.",
            "'abc' is not a valid integer range.",
        ),
        (
            ["generate", "-n", "0", "-o", "x"],
            "0 ligt niet in het bereik x>=1.",
            "0 is not in the range x>=1.",
        ),
        (
            ["check", "--profile", "/bestaat/niet.yaml", "x"],
            "Ongeldige waarde voor '--profile': Bestand '/bestaat/niet.yaml' bestaat niet.",
            "Invalid value for '--profile': File '/bestaat/niet.yaml' does not exist.",
        ),
        (
            ["generate", "-n", "2", "-o", "x", "extra"],
            "Fout: Onverwacht extra argument (extra)",
            "Error: Got unexpected extra argument (extra)",
        ),
    ],
)
def test_it_gives_usage_errors_in_the_language_of_the_command(
    args: list[str], dutch: str, english: str
) -> None:
    code, out = run("--lang", "nl", *args)
    assert code == 2
    assert dutch in out and "Probeer 'main" in out and "voor hulp." in out
    # The locale alone does it too, and English stays English.
    assert dutch in run(*args, env={"LANGUAGE": "", "LC_ALL": "nl_NL.UTF-8"})[1]
    code, out = run("--lang", "en", *args)
    assert code == 2 and english in out and "Try 'main" in out
    assert get_language() == "en"


def test_it_gives_a_wrong_choice_of_language_in_the_language_of_the_locale() -> None:
    code, out = run("--lang", "xx", "check", env={"LANGUAGE": "", "LC_ALL": "nl_NL.UTF-8"})
    assert code == 2
    assert "Ongeldige waarde voor '--lang': 'xx' is niet een van 'nl', 'en'." in out


def test_it_has_dutch_for_every_message_of_click() -> None:
    from weerbaar.commands.helptext import click_messages
    from weerbaar.i18n import _, language, ngettext

    found = list(click_messages())
    # The usage errors a user meets are among them, read from click's source.
    assert {"Missing argument", "No such command {name!r}.", "required"} <= {m for m, *_ in found}
    with language("nl"):
        missing = [
            m
            for m, plural, _where in found
            if (_(m) == m if plural is None else ngettext(m, plural, 2) == plural)
        ]
    assert missing == []


def test_it_leaves_no_language_behind_after_a_wrong_group_option() -> None:
    import gc

    from weerbaar.i18n import _

    run("--lang", "xx", "check", env={"LANGUAGE": "", "LC_ALL": "nl_NL.UTF-8"})
    gc.collect()  # an unclosed context would reset the language only now
    assert get_language() == "en" and _("unknown key") == "unknown key"
