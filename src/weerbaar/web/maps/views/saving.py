"""Saving an edit of the map: one flow for every edit page.

The page's forms turn into one object of the map data; that object goes into
a copy of the *current* map (``mapdata.put``), the whole map is validated as
``weerbaar check`` does (the loader, then the impact criteria of the
methodology profile) and stored as a new version. Problems come back onto the
page next to their fields; nothing is stored unless everything is right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from weerbaar.model import MapError, Problem
from weerbaar.model.loader import unknown_node
from weerbaar.web.maps import mapdata, service
from weerbaar.web.maps.access import ID_NOT_AVAILABLE, Access
from weerbaar.web.maps.models import MapVersion, ObjectKind
from weerbaar.web.maps.problems import Path_, Spot, message, place, where
from weerbaar.web.maps.usage import Use, rename_scenario, uses
from weerbaar.web.maps.versiontag import STALE, matches, version_tag

#: How the audit trail names each kind of object (stored text, so not translated).
KIND_NAMES = {
    ObjectKind.NODE: "Knooppunt",
    ObjectKind.PARTY: "Partij",
    ObjectKind.SCENARIO: "Scenario",
    ObjectKind.MEASURE: "Maatregel",
    ObjectKind.MAP: "Kaart",
}


class Editor(Protocol):
    """What an edit page's forms offer (see ``forms.node`` and ``forms.objects``)."""

    form: forms.Form

    def is_valid(self) -> bool: ...

    def entry(self, old: dict[str, Any] | None = None) -> dict[str, Any]: ...

    def route(self, rest: Path_) -> Spot | None: ...


@dataclass
class Result:
    """The outcome of a save: the new version, or the base version to show the form with."""

    version: MapVersion | None
    base: int | None


def base_field(access: Access, number: int | None, version: MapVersion | None = None) -> str:
    """The hidden ``base`` field of a form: the version the editor starts from.

    The number for the municipality's people; for a partner without the
    whole map the opaque tag of :mod:`weerbaar.web.maps.versiontag`, which
    neither counts nor dates the changes it cannot see. ``version`` is the
    version with that number when the caller has it at hand.
    """
    if number is None:
        return ""
    if not access.restricted:
        return str(number)
    if version is None or version.number != number:
        version = access.record.current()
    return version_tag(access, version) if version.number == number else STALE


def posted_base(request: HttpRequest, access: Access | None = None) -> int | None:
    """The version the editor started from (a hidden field), None when absent.

    From a partner only the tag of :func:`base_field` counts: the current
    version's tag is that version, any other is stale (0, a conflict), and
    a number is ignored, so that the form cannot be used to find out how
    many versions there are.
    """
    raw = request.POST.get("base", "")
    if access is None or not access.restricted:
        return int(raw) if raw.isdigit() else None
    if not raw.startswith("v") and raw != STALE:
        return None
    latest = access.record.current()
    return latest.number if matches(access, latest, raw) else 0


def saved_message(access: Access, number: int) -> str:
    """What a successful save says; a partner is not told the version number."""
    if access.restricted:
        return str(_("Opgeslagen."))
    return str(_("Opgeslagen als versie %(number)s.") % {"number": number})


def conflict_message(current: int, access: Access | None = None) -> str:
    if access is not None and access.restricted:
        # A partner is not told how many versions the map has: most of them
        # change parts it cannot see.
        return _(
            "Iemand anders heeft de kaart intussen opgeslagen. "
            "Uw invoer staat hieronder nog: controleer hem en sla opnieuw op."
        )
    return _(
        "Iemand anders heeft de kaart intussen opgeslagen (nu versie %(number)s). "
        "Uw invoer staat hieronder nog: controleer hem en sla opnieuw op."
    ) % {"number": current}


def seen_by(access: Access, problems: list[Problem], prefix: Path_ | None) -> list[Problem]:
    """The loader's problems as the user may read them.

    A partner without the whole map reads those in the object it edits
    (under ``prefix``); a problem elsewhere lies in what it cannot see, so it
    is told that, without the other object's id or message.
    """
    if not access.restricted:
        return problems
    own = [p for p in problems if prefix is not None and p.path[: len(prefix)] == prefix]
    if len(own) < len(problems):
        hidden = _("de wijziging breekt een deel van de kaart dat u niet kunt zien")
        own.append(Problem(access.record.name, 0, str(hidden)))
    return own


def _refuse_hidden_members(
    access: Access,
    data: dict[str, Any],
    entry: dict[str, Any],
    old: dict[str, Any] | None,
    at: Path_,
) -> None:
    """The loader's own "unknown node" for a requirement on a node hidden from the user."""
    hidden = access.hidden_members(data, entry, old)
    if hidden:
        raise MapError(
            [
                Problem(access.record.name, 0, unknown_node(member), path=(*at, "requires", j))
                for j, member in hidden
            ]
        )


def save_object(
    request: HttpRequest,
    access: Access,
    editor: Editor,
    *,
    kind: ObjectKind,
    old_id: str | None,
    allow: Callable[[dict[str, Any]], bool] | None = None,
    after_save: Callable[[dict[str, Any]], None] | None = None,
) -> Result:
    """Validate the page, put its object into the current map and store a new version.

    ``allow`` decides whether the user may store this object (a chain partner
    only its own party's nodes); ``after_save`` runs in the same transaction
    (a renamed party renames its shares).
    """
    base = posted_base(request, access)
    if not editor.is_valid():
        return Result(None, base)
    version, _m = service.current(access.record)
    data = version.data
    old = access.found(kind, mapdata.find(data, kind, old_id)) if old_id is not None else None
    entry = editor.entry(old)
    if allow is not None and not allow(entry):
        raise PermissionDenied
    taken = mapdata.find(data, kind, entry["id"]) if entry["id"] != old_id else None
    if taken is not None:
        # Said the same way whether or not the user can see the other object.
        editor.form.add_error("id", ID_NOT_AVAILABLE)
        return Result(None, base)
    items = data.get(mapdata.COLLECTION[kind], [])
    ids = [item.get("id") for item in items]
    index = ids.index(old_id) if old_id is not None else len(items)
    new_data, before = mapdata.put(data, kind, entry, old_id)
    if kind is ObjectKind.SCENARIO and old_id is not None and entry["id"] != old_id:
        rename_scenario(new_data, old_id, entry["id"])
    verb = "toegevoegd" if old_id is None else "gewijzigd"
    try:
        if kind is ObjectKind.NODE:
            _refuse_hidden_members(access, data, entry, old, (mapdata.COLLECTION[kind], index))
        service.validate(new_data)
        with transaction.atomic():
            saved = service.save(
                access.record,
                new_data,
                author=request.user,
                summary=f"{KIND_NAMES[kind]} {entry['id']} {verb}",
                kind=kind,
                object_id=entry["id"],
                before=before,
                after=entry,
                base=base,
            )
            if after_save is not None:
                after_save(entry)
    except MapError as exc:
        prefix = (mapdata.COLLECTION[kind], index)
        place(
            seen_by(access, exc.problems, prefix),
            prefix=prefix,
            route=editor.route,
            fallback=editor.form,
            data=new_data,
        )
        return Result(None, base)
    except service.Conflict as exc:
        editor.form.add_error(None, conflict_message(exc.current, access))
        return Result(None, exc.current)
    return Result(saved, base)


def remove_object(
    request: HttpRequest, access: Access, *, kind: ObjectKind, object_id: str
) -> tuple[MapVersion | None, list[str]]:
    """Delete an object as a new version; the version, or the reasons it was refused."""
    version, _m = service.current(access.record)
    try:
        new_data, before = mapdata.remove(version.data, kind, object_id)
    except KeyError:
        raise Http404("no such object") from None
    try:
        service.validate(new_data)
        saved = service.save(
            access.record,
            new_data,
            author=request.user,
            summary=f"{KIND_NAMES[kind]} {object_id} verwijderd",
            kind=kind,
            object_id=object_id,
            before=before,
            after=None,
            base=posted_base(request, access),
        )
    except MapError as exc:
        return None, [
            f"{where(p.path, new_data) if p.path else p.source}: {message(p)}"
            for p in seen_by(access, exc.problems, None)
        ]
    except service.Conflict as exc:
        return None, [conflict_message(exc.current, access)]
    return saved, []


def more_rows(post: Any, editor: Any, rows: int = 3) -> Any:
    """The posted data with ``rows`` more empty rows in every table of the page.

    Adding rows works without JavaScript: the "more rows" button posts the
    form, and the page comes back with the input kept and the tables longer.
    """
    data = post.copy()
    for formset in getattr(editor, "formsets", []):
        key = f"{formset.prefix}-TOTAL_FORMS"
        current = int(data.get(key, 0)) if str(data.get(key, "0")).isdigit() else 0
        data[key] = str(min(current + rows, formset.max_num))
    return data


def edit_page(
    request: HttpRequest,
    access: Access,
    *,
    editor_for: Callable[[Any], Any],
    kind: ObjectKind,
    old_id: str | None,
    template: str,
    done: Callable[[MapVersion], str],
    context: dict[str, Any] | None = None,
    allow: Callable[[dict[str, Any]], bool] | None = None,
    after_save: Callable[[dict[str, Any]], None] | None = None,
) -> HttpResponse:
    """The whole GET/POST cycle of an add or edit page.

    ``editor_for(data)`` builds the page's forms (``data`` None: the stored
    object); ``done(version)`` is where to go after a successful save.
    """
    version, _m = service.current(access.record)
    base: int | None = version.number
    failed = False
    editor = editor_for(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        base = posted_base(request, access)
        if "more" in request.POST:
            editor = editor_for(more_rows(request.POST, editor))
        else:
            result = save_object(
                request,
                access,
                editor,
                kind=kind,
                old_id=old_id,
                allow=allow,
                after_save=after_save,
            )
            if result.version is not None:
                messages.success(request, saved_message(access, result.version.number))
                return redirect(done(result.version))
            base, failed = result.base, True
    page = {
        "access": access,
        "editor": editor,
        "base": base_field(access, base, version),
        "version": version,
        "failed": failed,
    }
    return render(request, template, {**(context or {}), **page})


def delete_page(
    request: HttpRequest,
    access: Access,
    *,
    kind: ObjectKind,
    object_id: str,
    done: str,
    cancel: str,
) -> HttpResponse:
    """Confirm a delete (GET) and do it (POST), refusing while the object is still used.

    A chain partner sees only the uses it may see; the others are counted, so
    it knows why the delete is refused without learning what uses it.
    """
    version, _m = service.current(access.record)
    entry = mapdata.find(version.data, kind, object_id)
    if entry is None:
        raise Http404("no such object")
    found = uses(version.data, kind, object_id, access.record)
    shown = [use for use in found if _sees_use(access, version.data, use)]
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if found:
            errors = [_("Dit wordt nog gebruikt; pas eerst aan wat ernaar verwijst.")]
            status = 409
        else:
            saved, errors = remove_object(request, access, kind=kind, object_id=object_id)
            if saved is not None:
                messages.success(
                    request,
                    _("%(id)s verwijderd.") % {"id": object_id}
                    if access.restricted
                    else _("%(id)s verwijderd; de kaart staat nu op versie %(number)s.")
                    % {"id": object_id, "number": saved.number},
                )
                return redirect(done)
            status = 409
    context = {
        "access": access,
        "entry": entry,
        "kind": kind,
        "uses": shown,
        "hidden_uses": len(found) - len(shown),
        "errors": errors,
        "cancel": cancel,
        "version": version,
        "base": base_field(access, version.number, version),
    }
    return render(request, "maps/confirm_delete.html", context, status=status)


def _sees_use(access: Access, data: dict[str, Any], use: Use) -> bool:
    if not access.is_partner or access.whole_map:
        return True
    if use.kind is ObjectKind.NODE:
        node = mapdata.find(data, ObjectKind.NODE, use.object_id)
        return node is not None and access.sees_node(node)
    return False
