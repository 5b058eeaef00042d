"""The Dutch catalogue of the command line and the core, in step with the code.

``python tools/messages.py`` (``make messages``) finds every ``_("...")``,
``gettext("...")``, ``ngettext("...", "...", n)`` and ``counted("...", "...", n)``
(the command line's plural with a formatted number) in ``src/weerbaar``
outside the web app (which has Django's own catalogue), the help of every
command and option of ``weerbaar`` (read from the commands themselves,
:func:`weerbaar.commands.helptext.help_texts`) and click's own messages
(:func:`weerbaar.commands.helptext.click_messages`), adds the new
messages to ``src/weerbaar/locale/nl/LC_MESSAGES/weerbaar.po`` untranslated,
drops the ones the code no longer has, and compiles the ``.mo`` next to it.
``--check`` changes nothing and exits 1 when the catalogue is out of step.

The GNU gettext tools are not needed, and the ``.mo`` is the same bytes
wherever it is compiled (``tests/test_messages.py``).
"""

from __future__ import annotations

import argparse
import array
import ast
import string
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "weerbaar"
PO = SRC / "locale" / "nl" / "LC_MESSAGES" / "weerbaar.po"
HEADER = (
    "Project-Id-Version: weerbaar\n"
    "Language: nl\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)


#: Functions whose first two arguments are a singular and a plural message.
PLURALS = ("ngettext", "counted")


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])
    where: list[str] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return all(self.msgstr) and len(self.msgstr) == (2 if self.plural else 1)


def extract() -> dict[str, Message]:
    """Every message the code marks, by msgid, with where it is used."""
    found: dict[str, Message] = {}
    for path in sorted(SRC.rglob("*.py")):
        if (SRC / "web") in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if node.func.id in ("_", "gettext") and args and isinstance(args[0], str):
                msgid, plural = args[0], None
            elif node.func.id in PLURALS and len(args) == 3 and isinstance(args[1], str):
                msgid, plural = str(args[0]), args[1]
            else:
                continue
            message = found.setdefault(msgid, Message(msgid, plural, [""] * (2 if plural else 1)))
            # Files, not lines: a line moved elsewhere leaves the catalogue as it is.
            if str(path.relative_to(ROOT)) not in message.where:
                message.where.append(str(path.relative_to(ROOT)))
    _add_help(found)
    _add_click(found)
    return found


def _add_help(found: dict[str, Message]) -> None:
    """The help of the commands and their options, as click holds it."""
    sys.path.insert(0, str(ROOT / "src"))
    from weerbaar.cli import main as command
    from weerbaar.commands.helptext import help_texts

    for text, source in help_texts(command):
        message = found.setdefault(text, Message(text))
        where = str(Path(source).resolve().relative_to(ROOT)) if source else "src/weerbaar/cli.py"
        if where not in message.where:
            message.where.append(where)


def _add_click(found: dict[str, Message]) -> None:
    """click's own messages: help words and usage errors (weerbaar.commands.helptext)."""
    from weerbaar.commands.helptext import click_messages

    for msgid, plural, where in click_messages():
        message = found.setdefault(msgid, Message(msgid, plural, [""] * (2 if plural else 1)))
        if where not in message.where:
            message.where.append(where)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\t", "\\t") + '"'


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    out, chars = [], iter(text[1:-1])
    for c in chars:
        if c == "\\":
            c = next(chars)
            out.append({"n": "\n", "t": "\t"}.get(c, c))
        else:
            out.append(c)
    return "".join(out)


def parse_po(text: str) -> dict[str, Message]:
    """The messages of a ``.po`` file as this script writes it (header left out)."""
    messages: dict[str, Message] = {}
    current: Message | None = None
    key = ""
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if current is not None and current.msgid:
                messages[current.msgid] = current
            current = None
            continue
        if line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word.startswith('"'):
            text = _unquote(line)
        else:
            key, text = word, _unquote(rest)
            if current is None:
                current = Message("", msgstr=[])
            if key == "msgstr" or key.startswith("msgstr["):
                current.msgstr.append("")
        assert current is not None, line
        if key == "msgid":
            current.msgid += text
        elif key == "msgid_plural":
            current.plural = (current.plural or "") + text
        else:
            current.msgstr[-1] += text
    return messages


def write_po(messages: dict[str, Message]) -> str:
    lines = [
        "# Dutch messages of the weerbaar command line and core.",
        "# Kept in step with the code by `make messages` (tools/messages.py).",
        'msgid ""',
        'msgstr ""',
        *(_quote(line + "\n") for line in HEADER.splitlines()),
    ]
    for m in sorted(messages.values(), key=lambda m: m.msgid):
        lines += ["", *(f"#: {w}" for w in m.where), f"msgid {_quote(m.msgid)}"]
        if m.plural is None:
            lines.append(f"msgstr {_quote(m.msgstr[0])}")
        else:
            lines.append(f"msgid_plural {_quote(m.plural)}")
            lines += [f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(m.msgstr)]
    return "\n".join(lines) + "\n"


def compile_mo(messages: dict[str, Message]) -> bytes:
    """GNU ``.mo`` bytes of the translated messages, as CPython's msgfmt.py lays them out."""
    table = {b"": HEADER.encode()}
    for m in messages.values():
        if m.translated:
            msgid = m.msgid if m.plural is None else m.msgid + "\0" + m.plural
            table[msgid.encode()] = "\0".join(m.msgstr).encode()
    keys = sorted(table)
    ids = strs = b""
    spans = []
    for k in keys:
        spans.append((len(ids), len(k), len(strs), len(table[k])))
        ids += k + b"\0"
        strs += table[k] + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in spans:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    return header + array.array("i", koffsets + voffsets).tobytes() + ids + strs


def merged() -> dict[str, Message]:
    """The code's messages with the translations the ``.po`` already has."""
    old = parse_po(PO.read_text(encoding="utf-8")) if PO.exists() else {}
    messages = extract()
    for msgid, m in messages.items():
        if msgid in old and (old[msgid].plural is None) == (m.plural is None):
            m.msgstr = old[msgid].msgstr
    return messages


def _fields(text: str) -> set[str]:
    """The ``{fields}`` a message is formatted with."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def stale(messages: dict[str, Message]) -> list[str]:
    """What keeps the catalogue from matching the code: missing, untranslated, not compiled."""
    po = PO.relative_to(ROOT)
    if not PO.exists():
        return [f"{po}: missing; run `make messages`"]
    old = parse_po(PO.read_text(encoding="utf-8"))
    out = [f"{po}: no Dutch for {m!r}" for m in messages if not (m in old and old[m].translated)]
    out += [f"{po}: {m!r} is no longer in the code" for m in old if m not in messages]
    # Each form against its own source: a plural may name other fields
    # (click's "Did you mean {possibility}?" and "… one of: {possibilities}?").
    out += [
        f"{po}: the Dutch for {m.msgid!r} has other {{fields}}"
        for m in old.values()
        if any(
            s and _fields(s) != _fields(source)
            for s, source in zip(m.msgstr, [m.msgid, m.plural or m.msgid], strict=False)
        )
    ]
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compile_mo(old):
        out.append(f"{mo.relative_to(ROOT)}: not compiled from the .po; run `make messages`")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    check = parser.parse_args(argv).check
    messages = merged()
    untranslated = [m.msgid for m in messages.values() if not m.translated]
    if check:
        problems = stale(messages)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_text(write_po(messages), encoding="utf-8")
    PO.with_suffix(".mo").write_bytes(compile_mo(messages))
    print(f"{PO.relative_to(ROOT)}: {len(messages)} messages, {len(untranslated)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
