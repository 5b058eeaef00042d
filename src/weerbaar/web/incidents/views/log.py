"""The log, contacts, reports made, the reporting duties and the calendar of deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.web.accounts.models import Action
from weerbaar.web.incidents import store
from weerbaar.web.incidents.calendar import deadlines_calendar
from weerbaar.web.incidents.forms.log import ContactForm, DutySettingsForm, LogForm, ReportForm
from weerbaar.web.incidents.models import (
    Contact,
    DutyChange,
    DutyChoice,
    DutySettings,
    EntryKind,
    ReportMade,
)
from weerbaar.web.incidents.views.common import person, render_detail
from weerbaar.web.incidents.views.register import _open
from weerbaar.web.maps.access import Access, map_view


def _back(access: Access, incident_id: int) -> HttpResponse:
    return redirect("incidents:detail", map_id=access.record.pk, incident_id=incident_id)


@map_view(Action.RESPOND)
@require_POST
def log_add(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    incident = _open(access, incident_id)
    form = LogForm(request.POST)
    if not form.is_valid():
        return render_detail(request, access, incident, status=400, log=form)
    store.log(
        incident, person(request), form.cleaned_data["text"], EntryKind(form.cleaned_data["kind"])
    )
    return _back(access, incident.pk)


def _contact_json(contact: Contact) -> dict[str, str]:
    return {"role": contact.role, "organisation": contact.organisation, "reach": contact.reach}


@map_view(Action.RESPOND)
@require_POST
def contact_add(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    incident = _open(access, incident_id)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return render_detail(request, access, incident, status=400, contact=form)
    with transaction.atomic():
        contact = form.save(commit=False)
        contact.incident = incident
        contact.save()
        store.log(
            incident,
            person(request),
            _("Contact: %(role)s") % {"role": contact.role},
            after=_contact_json(contact),
        )
    return _back(access, incident.pk)


@map_view(Action.RESPOND)
def contact_edit(
    request: HttpRequest, access: Access, incident_id: int, contact_id: int
) -> HttpResponse:
    """Change a contact: the log keeps the values before and after."""
    incident = _open(access, incident_id)
    contact = get_object_or_404(Contact, pk=contact_id, incident=incident)
    before = _contact_json(contact)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            after = _contact_json(saved)
            if after != before:
                store.log(
                    incident,
                    person(request),
                    _("Contact gewijzigd: %(role)s") % {"role": saved.role},
                    before=before,
                    after=after,
                )
        return _back(access, incident.pk)
    return render(
        request,
        "incidents/contact.html",
        {"access": access, "incident": incident, "contact": contact, "form": form},
        status=400 if form.errors else 200,
    )


@map_view(Action.RESPOND)
@require_POST
def contact_remove(
    request: HttpRequest, access: Access, incident_id: int, contact_id: int
) -> HttpResponse:
    incident = _open(access, incident_id)
    contact = get_object_or_404(Contact, pk=contact_id, incident=incident)
    with transaction.atomic():
        before = _contact_json(contact)
        contact.delete()
        store.log(
            incident,
            person(request),
            _("Contact verwijderd: %(role)s") % {"role": before["role"]},
            before=before,
        )
    messages.success(request, _("Het contact is verwijderd."))
    return _back(access, incident.pk)


@map_view(Action.RESPOND)
@require_POST
def report_add(request: HttpRequest, access: Access, incident_id: int) -> HttpResponse:
    incident = _open(access, incident_id)
    open_duties = [d.duty.value for d in store.deadlines_of(incident) if d.done is None]
    form = ReportForm(open_duties, request.POST)
    if not form.is_valid():
        return render_detail(request, access, incident, status=400, report=form)
    data = form.cleaned_data
    with transaction.atomic():
        ReportMade.objects.create(
            incident=incident, duty=data["duty"], made=data["made"], reference=data["reference"]
        )
        store.log(
            incident,
            person(request),
            _("Gemeld: %(duty)s") % {"duty": dict(DutyChoice.choices)[data["duty"]]},
            after={
                "duty": data["duty"],
                "made": data["made"].isoformat(),
                "reference": data["reference"],
            },
        )
    messages.success(request, _("De melding is vastgelegd."))
    return _back(access, incident.pk)


@map_view(Action.RESPOND)
def duties(request: HttpRequest, access: Access) -> HttpResponse:
    """Which reporting duties apply to the organisation (all of them until it chooses)."""
    organisation = access.record.organisation
    found = DutySettings.objects.filter(organisation=organisation).first()
    initial = {
        "duties": found.duties if found else list(DutyChoice.values),
        "recipients": found.recipients if found else "",
    }
    form = DutySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        after = {
            "duties": form.cleaned_data["duties"],
            "recipients": form.cleaned_data["recipients"],
        }
        before = None if found is None else {"duties": found.duties, "recipients": found.recipients}
        with transaction.atomic():
            DutySettings.objects.update_or_create(organisation=organisation, defaults=after)
            if after != before:
                DutyChange.objects.create(
                    organisation=organisation, author=person(request), before=before, after=after
                )
        messages.success(request, _("De meldplichten zijn opgeslagen."))
        return redirect("incidents:duties", map_id=access.record.pk)
    return render(
        request,
        "incidents/duties.html",
        {
            "access": access,
            "form": form,
            "changes": organisation.duty_changes.select_related("author")[:20],
        },
        status=400 if form.errors else 200,
    )


@map_view(Action.INCIDENTS)
def calendar(request: HttpRequest, access: Access) -> HttpResponse:
    """The open deadlines of the map's open incidents as an iCalendar file (RFC 5545)."""
    name = f"{access.record.name}: {_('meldtermijnen')}"
    body = deadlines_calendar(name, [access.record])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meldtermijnen.ics"'
    return response
