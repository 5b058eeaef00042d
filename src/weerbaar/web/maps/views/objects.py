"""The map's parties, scenarios, measures and settings: lists and edit pages.

The lists are for everyone who sees the whole map; changing anything needs
``Action.EDIT_MAP``. Each edit page is the shared cycle of
:func:`weerbaar.web.maps.views.saving.edit_page`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from weerbaar.model import MapError
from weerbaar.web.accounts.models import Action
from weerbaar.web.labels import duration_text
from weerbaar.web.maps import mapdata, service
from weerbaar.web.maps.access import Access, map_view
from weerbaar.web.maps.forms.fields import show_duration
from weerbaar.web.maps.forms.objects import (
    MeasureEditor,
    PartyEditor,
    ScenarioEditor,
    SettingsForm,
)
from weerbaar.web.maps.models import MapVersion, ObjectKind, Share
from weerbaar.web.maps.problems import Path_, Spot, place
from weerbaar.web.maps.views.saving import (
    conflict_message,
    delete_page,
    edit_page,
    posted_base,
)

_LISTS = {
    ObjectKind.PARTY: "maps:parties",
    ObjectKind.SCENARIO: "maps:scenarios",
    ObjectKind.MEASURE: "maps:measures_edit",
}


def _list_url(access: Access, kind: ObjectKind) -> str:
    return reverse(_LISTS[kind], kwargs={"map_id": access.record.pk})


def _entry(access: Access, kind: ObjectKind, object_id: str | None) -> dict[str, Any] | None:
    if object_id is None:
        return None
    version, _m = service.current(access.record)
    entry = mapdata.find(version.data, kind, object_id)
    if entry is None:
        raise Http404("no such object")
    return entry


def _page(
    request: HttpRequest,
    access: Access,
    kind: ObjectKind,
    object_id: str | None,
    editor_for: Any,
    **extra: Any,
) -> HttpResponse:
    entry = _entry(access, kind, object_id)
    return edit_page(
        request,
        access,
        editor_for=lambda data: editor_for(data, entry),
        kind=kind,
        old_id=object_id,
        template="maps/object_form.html",
        done=lambda version: _list_url(access, kind),
        context={
            "entry": entry,
            "kind": kind.value,
            "title": _title(kind, object_id),
            "list_url": _list_url(access, kind),
        },
        **extra,
    )


def _title(kind: ObjectKind, object_id: str | None) -> str:
    if object_id is None:
        return {
            ObjectKind.PARTY: _("Partij toevoegen"),
            ObjectKind.SCENARIO: _("Scenario toevoegen"),
            ObjectKind.MEASURE: _("Maatregel toevoegen"),
        }[kind]
    title = {
        ObjectKind.PARTY: _("Partij %(id)s wijzigen"),
        ObjectKind.SCENARIO: _("Scenario %(id)s wijzigen"),
        ObjectKind.MEASURE: _("Maatregel %(id)s wijzigen"),
    }[kind]
    return title % {"id": object_id}


def _delete(request: HttpRequest, access: Access, kind: ObjectKind, object_id: str) -> HttpResponse:
    url = _list_url(access, kind)
    return delete_page(request, access, kind=kind, object_id=object_id, done=url, cancel=url)


# Parties ------------------------------------------------------------------


@map_view(Action.ANALYSE)
def parties(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    counts = {p.id: sum(1 for n in m.nodes if n.party == p.id) for p in m.parties}
    rows = [{"party": p, "nodes": counts[p.id]} for p in m.parties]
    context = {"access": access, "version": version, "rows": rows}
    return render(request, "maps/parties.html", context)


def _party_page(request: HttpRequest, access: Access, party_id: str | None) -> HttpResponse:
    def rename_shares(entry: dict[str, Any]) -> None:
        # A share names the partner by its id in the map; follow a rename.
        if party_id is not None and entry["id"] != party_id:
            Share.objects.filter(riskmap=access.record, party_id=party_id).update(
                party_id=entry["id"]
            )

    return _page(
        request,
        access,
        ObjectKind.PARTY,
        party_id,
        lambda data, entry: PartyEditor(data, entry=entry),
        after_save=rename_shares,
    )


@map_view(Action.EDIT_MAP)
def party_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _party_page(request, access, None)


@map_view(Action.EDIT_MAP)
def party_edit(request: HttpRequest, access: Access, party_id: str) -> HttpResponse:
    return _party_page(request, access, party_id)


@map_view(Action.EDIT_MAP)
def party_delete(request: HttpRequest, access: Access, party_id: str) -> HttpResponse:
    return _delete(request, access, ObjectKind.PARTY, party_id)


# Scenarios ----------------------------------------------------------------


@map_view(Action.ANALYSE)
def scenarios(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    rows = [
        {
            "scenario": s,
            "failures": [
                {
                    "node": f.node,
                    "at": duration_text(f.at, spelled=True),
                    "duration": ""
                    if f.duration is None
                    else duration_text(f.duration, spelled=True),
                }
                for f in s.failures
            ],
        }
        for s in m.scenarios
    ]
    context = {"access": access, "version": version, "rows": rows}
    return render(request, "maps/scenarios.html", context)


def _scenario_page(request: HttpRequest, access: Access, scenario_id: str | None) -> HttpResponse:
    _version, m = service.current(access.record)
    nodes = [(n.id, f"{n.label} ({n.id})" if n.name else n.id) for n in m.nodes]
    return _page(
        request,
        access,
        ObjectKind.SCENARIO,
        scenario_id,
        lambda data, entry: ScenarioEditor(data, entry=entry, nodes=nodes),
    )


@map_view(Action.EDIT_MAP)
def scenario_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _scenario_page(request, access, None)


@map_view(Action.EDIT_MAP)
def scenario_edit(request: HttpRequest, access: Access, scenario_id: str) -> HttpResponse:
    return _scenario_page(request, access, scenario_id)


@map_view(Action.EDIT_MAP)
def scenario_delete(request: HttpRequest, access: Access, scenario_id: str) -> HttpResponse:
    return _delete(request, access, ObjectKind.SCENARIO, scenario_id)


# Measures -----------------------------------------------------------------


@map_view(Action.ANALYSE)
def measures(request: HttpRequest, access: Access) -> HttpResponse:
    version, m = service.current(access.record)
    context = {"access": access, "version": version, "measures": m.measures}
    return render(request, "maps/measures.html", context)


def _measure_page(request: HttpRequest, access: Access, measure_id: str | None) -> HttpResponse:
    return _page(
        request,
        access,
        ObjectKind.MEASURE,
        measure_id,
        lambda data, entry: MeasureEditor(data, entry=entry),
    )


@map_view(Action.EDIT_MAP)
def measure_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _measure_page(request, access, None)


@map_view(Action.EDIT_MAP)
def measure_edit(request: HttpRequest, access: Access, measure_id: str) -> HttpResponse:
    return _measure_page(request, access, measure_id)


@map_view(Action.EDIT_MAP)
def measure_delete(request: HttpRequest, access: Access, measure_id: str) -> HttpResponse:
    return _delete(request, access, ObjectKind.MEASURE, measure_id)


# Settings -----------------------------------------------------------------

_SETTINGS = ("name", "description", "horizon")


@map_view(Action.EDIT_MAP)
def settings(request: HttpRequest, access: Access) -> HttpResponse:
    """The map's name, description and horizon."""
    version, _m = service.current(access.record)
    data = version.data
    initial = {
        "name": data.get("name", ""),
        "description": data.get("description", ""),
        "horizon": show_duration(data.get("horizon", "30d")),
    }
    base: int | None = version.number
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        base = posted_base(request)
        if form.is_valid():
            new_data = form.apply(data)
            try:
                service.validate(new_data)
                saved = _save_settings(request, access, data, new_data, base)
            except MapError as exc:
                place(
                    exc.problems,
                    prefix=(),
                    route=_settings_route(form),
                    fallback=form,
                    data=new_data,
                )
            except service.Conflict as exc:
                form.add_error(None, conflict_message(exc.current))
                base = exc.current
            else:
                messages.success(
                    request, _("Opgeslagen als versie %(number)s.") % {"number": saved.number}
                )
                return redirect("maps:overview", map_id=access.record.pk)
    context = {"access": access, "version": version, "form": form, "base": base}
    return render(request, "maps/settings.html", context)


def _settings_route(form: SettingsForm) -> Any:
    def route(rest: Path_) -> Spot | None:
        return Spot(form, str(rest[0])) if rest[:1] and rest[0] in _SETTINGS else None

    return route


def _save_settings(
    request: HttpRequest,
    access: Access,
    data: dict[str, Any],
    new_data: dict[str, Any],
    base: int | None,
) -> MapVersion:
    return service.save(
        access.record,
        new_data,
        author=request.user,
        summary="Kaartinstellingen gewijzigd",
        kind=ObjectKind.MAP,
        before={k: data[k] for k in _SETTINGS if k in data},
        after={k: new_data[k] for k in _SETTINGS if k in new_data},
        base=base,
    )
