"""Fill in a page's form as a browser would: read the rendered fields, change some, post.

Posting what the page rendered (management forms of the formsets, the hidden
base version, the selected options) tests the templates along with the
views, and keeps the tests free of hand-built formset data.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"method": a.get("method", "get").lower(), "action": a.get("action", "")}
            self._form["fields"] = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data
        if self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text
            self._options.append((value, self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected]
            fields[self._select] = (
                chosen[0] if chosen else (self._options[0][0] if self._options else "")
            )
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            fields[self._textarea] = self._text.removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_data(
    html: str, with_field: str = "csrfmiddlewaretoken", action: str = ""
) -> dict[str, Any]:
    """The fields of the page's first POST form that has ``with_field`` (and ``action``)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] != "post" or with_field not in form["fields"]:
            continue
        if action and form["action"] != action:
            continue
        if form["action"].endswith(("/uitloggen/", "/i18n/setlang/")):
            continue
        return dict(form["fields"])
    raise AssertionError(f"no POST form with {with_field!r} on the page")
