"""Read an OSCAL catalog (JSON), so that any framework loads like the BIO2.

NIST publishes its frameworks (SP 800-53, CSF 2.0) as OSCAL catalogs, and a
municipality can write its own norms the same way. Groups become chapters
(the top-level group), controls and their enhancements become controls;
the text is the prose of the ``statement`` part (all parts when there is
none). A control withdrawn with a ``moved-to`` or ``incorporated-into`` link
becomes a moved entry. Problems are located by their place in the JSON.

Examples
--------
>>> import json
>>> doc = {"catalog": {"uuid": "u", "metadata": {"title": "Eigen normen", "version": "2",
...     "last-modified": "2026-03-01T00:00:00Z"}, "groups": [{"id": "gv", "title": "Besturen",
...     "controls": [{"id": "gv-1", "title": "Beleid",
...                   "parts": [{"name": "statement", "prose": "Er is beleid."}]}]}]}}
>>> cat = parse_oscal(json.dumps(doc), "eigen.json")
>>> cat.name, cat.version, cat.issued, cat.controls[0].label, cat.chapter_name("gv")
('Eigen normen', '2', datetime.date(2026, 3, 1), 'gv-1 Beleid', 'Besturen')
"""

from __future__ import annotations

import json
from typing import Any

from weerbaar.accountability.catalogue import (
    Catalogue,
    CatalogueError,
    Control,
    ControlKind,
    check_unique,
    dangling_moves,
    parse_date,
)
from weerbaar.i18n import _
from weerbaar.model.errors import Problem


def parse_oscal(data: str | bytes, source: str) -> Catalogue:
    """A catalogue from an OSCAL catalog in JSON; every problem located.

    Raises
    ------
    CatalogueError
        With every problem as ``source: place.in.json: what is wrong``.
    """
    try:
        doc = json.loads(data)
    except UnicodeDecodeError:
        raise CatalogueError([Problem(source, 0, _("this is not UTF-8 text"))]) from None
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            [Problem(source, exc.lineno, _("not JSON: {why}").format(why=exc.msg))]
        ) from None
    catalog = doc.get("catalog") if isinstance(doc, dict) else None
    if not isinstance(catalog, dict):
        raise CatalogueError([Problem(source, 0, _("not an OSCAL catalog: no 'catalog' object"))])
    reader = _Reader(source)
    meta = catalog.get("metadata")
    if not isinstance(meta, dict):
        meta = {}
        reader.problem("catalog.metadata", _("is missing"))
    title, version = meta.get("title"), meta.get("version")
    if not isinstance(title, str) or not title.strip():
        reader.problem("catalog.metadata.title", _("is missing"))
    if not isinstance(version, str) or not version.strip():
        reader.problem("catalog.metadata.version", _("is missing"))
    stamp = meta.get("published") or meta.get("last-modified")
    issued = parse_date(stamp) if isinstance(stamp, str) else None
    for i, group in enumerate(reader.items(catalog, "groups", "catalog")):
        reader.group(group, f"catalog.groups[{i}]", None)
    for i, control in enumerate(reader.items(catalog, "controls", "catalog")):
        reader.control(control, f"catalog.controls[{i}]", "")
    if not reader.controls and not reader.problems:
        reader.problem("catalog", _("has no controls"))
    problems = reader.problems + check_unique(reader.controls, source)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(
        name=str(title).strip(),
        version=str(version).strip(),
        issued=issued,
        source=source,
        controls=tuple(reader.controls),
        chapters=reader.chapters,
        warnings=dangling_moves(reader.controls, source),
    )


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.controls: list[Control] = []
        self.chapters: dict[str, str] = {}

    def problem(self, where: str, what: str) -> None:
        self.problems.append(Problem(self.source, 0, f"{where}: {what}"))

    def items(self, parent: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = parent.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(f"{where}.{key}", _("must be a list of objects"))
            return []
        return value

    def group(self, group: dict[str, Any], where: str, chapter: str | None) -> None:
        gid = group.get("id")
        if not isinstance(gid, str) or not gid:
            self.problem(where, _("group has no id"))
            gid = where
        if chapter is None:
            chapter = gid
            self.chapters[gid] = str(group.get("title") or gid)
        for i, sub in enumerate(self.items(group, "groups", where)):
            self.group(sub, f"{where}.groups[{i}]", chapter)
        for i, control in enumerate(self.items(group, "controls", where)):
            self.control(control, f"{where}.controls[{i}]", chapter)

    def control(self, control: dict[str, Any], where: str, chapter: str) -> None:
        cid, title = control.get("id"), control.get("title", "")
        if not isinstance(cid, str) or not cid:
            self.problem(where, _("control has no id"))
            return
        if not isinstance(title, str):
            self.problem(f"{where}.title", _("must be text"))
            title = ""
        parts = self.items(control, "parts", where)
        statement = [p for p in parts if p.get("name") == "statement"] or parts
        text = "\n".join(_prose(p) for p in statement).strip()
        withdrawn = any(
            p.get("name") == "status" and p.get("value") == "withdrawn"
            for p in control.get("props", [])
            if isinstance(p, dict)
        )
        target = next(
            (
                str(link.get("href", "")).lstrip("#")
                for link in control.get("links", [])
                if isinstance(link, dict) and link.get("rel") in ("moved-to", "incorporated-into")
            ),
            None,
        )
        if withdrawn and target:
            self.controls.append(
                Control(
                    cid,
                    text or f"Verplaatst naar {target}.",
                    chapter,
                    title,
                    ControlKind.MOVED,
                    target,
                )
            )
        elif not withdrawn:
            if not text and not title:
                self.problem(
                    where, _("control {id} has neither a title nor a statement").format(id=cid)
                )
            self.controls.append(Control(cid, text, chapter, title.strip()))
        for i, sub in enumerate(self.items(control, "controls", where)):
            self.control(sub, f"{where}.controls[{i}]", chapter)


def _prose(part: dict[str, Any]) -> str:
    own = part.get("prose")
    texts = [own] if isinstance(own, str) else []
    texts += [_prose(p) for p in part.get("parts", []) if isinstance(p, dict)]
    return "\n".join(t for t in texts if t)
