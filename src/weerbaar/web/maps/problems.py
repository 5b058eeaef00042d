"""Put the map loader's located problems next to the form fields they are about.

Every :class:`~weerbaar.model.Problem` carries ``path``, the place in the map
data (``("nodes", 3, "requires", 0, "tolerance")``). An edit page knows where
its object sits in the data (the *prefix*) and routes the rest of the path to
one of its forms and fields; a problem elsewhere in the map (another node
that still needs a renamed one) goes to the page's general error list, named
by the object it is in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.model import Problem

Path_ = tuple[str | int, ...]

#: What the collections of the map file are called on the page.
_COLLECTION_NAMES = {
    "nodes": gettext_lazy("knooppunt"),
    "parties": gettext_lazy("partij"),
    "scenarios": gettext_lazy("scenario"),
    "measures": gettext_lazy("maatregel"),
}


@dataclass(frozen=True)
class Spot:
    """A place on the page for a problem: a form, one of its fields (None: the form as a whole)."""

    form: forms.BaseForm
    field: str | None = None
    note: str = ""


#: Maps the rest of a problem's path (after the object's prefix) to a spot.
Route = Callable[[Path_], Spot | None]


def message(problem: Problem) -> str:
    """The problem's message without the dotted path the loader puts in front.

    Next to a field the field already says where; the path would only repeat it.

    Examples
    --------
    >>> message(Problem("m", 0, "nodes.2.name: required key is missing", ("nodes", 2, "name")))
    'required key is missing'
    """
    prefix = ".".join(str(p) for p in problem.path) + ": "
    return problem.message.removeprefix(prefix) if problem.path else problem.message


def where(path: Path_, data: Any) -> str:
    """Name the object a path points into, for a problem shown away from its field.

    Examples
    --------
    >>> where(("nodes", 0, "requires", 1), {"nodes": [{"id": "suite"}]})
    'knooppunt «suite»'
    >>> where(("horizon",), {})
    'kaart'
    """
    if len(path) >= 2 and path[0] in _COLLECTION_NAMES and isinstance(path[1], int):
        try:
            object_id = data[path[0]][path[1]].get("id", path[1])
        except (KeyError, IndexError, TypeError, AttributeError):
            object_id = path[1]
        return f"{_COLLECTION_NAMES[str(path[0])]} «{object_id}»"
    return _("kaart")


def place(
    problems: Iterable[Problem],
    *,
    prefix: Path_,
    route: Route,
    fallback: forms.BaseForm,
    data: Any,
) -> None:
    """Add each problem as an error of the form (and field) its path points at.

    ``fallback`` takes the problems that belong to no field of this page; they
    keep the name of the object they are in, so the user can find it.
    """
    for problem in problems:
        spot = None
        if problem.path and problem.path[: len(prefix)] == prefix:
            spot = route(problem.path[len(prefix) :])
        if spot is None:
            elsewhere = where(problem.path, data) if problem.path else problem.source
            fallback.add_error(
                None,
                _("%(where)s: %(message)s")
                % {
                    "where": elsewhere,
                    "message": message(problem),
                },
            )
            continue
        field = spot.field if spot.field in spot.form.fields else None
        spot.form.add_error(field, f"{spot.note}{message(problem)}")


def field_route(form: forms.BaseForm, aliases: dict[str, str] | None = None) -> Route:
    """A route for a form whose fields are named after the object's keys.

    ``aliases`` maps a data key to the field that edits it (``location`` to
    ``lat``); any other path lands on the form as a whole.
    """
    aliases = aliases or {}

    def route(rest: Path_) -> Spot:
        if rest and isinstance(rest[0], str):
            key = rest[0]
            if key in form.fields:
                return Spot(form, key)
            if key in aliases:
                return Spot(form, aliases[key])
        return Spot(form)

    return route
