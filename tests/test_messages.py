"""The Dutch catalogue of the command line and the core is complete and compiled."""

from __future__ import annotations

import gettext
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import messages  # noqa: E402

sys.path.remove(str(ROOT / "tools"))


def test_it_has_dutch_for_every_message_and_a_compiled_catalogue() -> None:
    assert messages.stale(messages.extract()) == []


def test_it_finds_singular_and_plural_messages_in_the_code() -> None:
    found = messages.extract()
    assert "wrote {path}" in found
    assert found["{n} node"].plural == "{n} nodes"
    assert "src/weerbaar/commands/check.py" in found["{n} node"].where


def test_it_names_what_is_missing() -> None:
    found = messages.extract()
    found["a message nobody translated"] = messages.Message("a message nobody translated")
    assert messages.stale(found) == [
        "src/weerbaar/locale/nl/LC_MESSAGES/weerbaar.po: no Dutch for 'a message nobody translated'"
    ]


def test_it_compiles_what_gettext_reads() -> None:
    catalogue = {
        "node": messages.Message("node", msgstr=["knooppunt"]),
        "{n} node": messages.Message("{n} node", "{n} nodes", ["{n} knooppunt", "{n} knooppunten"]),
        "untranslated": messages.Message("untranslated"),
    }
    t = gettext.GNUTranslations(io.BytesIO(messages.compile_mo(catalogue)))
    assert t.gettext("node") == "knooppunt"
    assert t.ngettext("{n} node", "{n} nodes", 1) == "{n} knooppunt"
    assert t.ngettext("{n} node", "{n} nodes", 3) == "{n} knooppunten"
    assert t.gettext("untranslated") == "untranslated"


def test_it_reads_back_what_it_writes() -> None:
    catalogue = messages.parse_po(messages.PO.read_text(encoding="utf-8"))
    odd = 'a "quoted" \\ back\tslash\nand a new line'
    catalogue[odd] = messages.Message(odd, msgstr=[odd.upper()])
    assert messages.parse_po(messages.write_po(catalogue)) == catalogue
