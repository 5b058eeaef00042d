"""Mutual aid: the overview, a request, an offer, accepting and confirming, the location."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.web.accounts.models import Action
from weerbaar.web.aid import store
from weerbaar.web.aid.access import Seat, aid_view
from weerbaar.web.aid.forms import LocationForm, OfferForm, RequestForm
from weerbaar.web.aid.models import (
    AidLocation,
    AidOffer,
    AidRequest,
    OfferStatus,
    RequestStatus,
    Shared,
)


@aid_view(Action.VIEW)
def index(request: HttpRequest, seat: Seat) -> HttpResponse:
    now = timezone.now()
    others = list(
        seat.requests()
        .filter(status=RequestStatus.OPEN)
        .exclude(organisation=seat.organisation)
        .select_related("organisation", "network")
    )
    context = {
        "seat": seat,
        "networks": list(seat.networks()),
        "own": list(
            AidRequest.objects.filter(organisation=seat.organisation).prefetch_related("offers")
        ),
        "open": store.open_for(seat.organisation, others, now),
        "offers": list(
            AidOffer.objects.filter(organisation=seat.organisation).select_related("request")
        ),
        "location": AidLocation.objects.filter(organisation=seat.organisation).first(),
    }
    return render(request, "aid/index.html", context)


@aid_view(Action.SHARE)
def new_request(request: HttpRequest, seat: Seat) -> HttpResponse:
    networks = seat.networks()
    form = RequestForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        made = AidRequest.objects.create(
            organisation=seat.organisation,
            network=c["network"],
            capacity=c["capacity"],
            amount=c["amount"],
            starts=c["starts"],
            ends=c["ends"],
            description=c["description"],
            contact=c["contact"],
            shared=sorted(c["shared"]),
            created_by=seat.user,
        )
        messages.success(
            request, _("Het verzoek staat open in %(network)s.") % {"network": made.network}
        )
        return redirect("aid:request", request_id=made.pk)
    status = 400 if request.method == "POST" else 200
    context = {"seat": seat, "form": form, "has_network": networks.exists()}
    return render(request, "aid/request_form.html", context, status=status)


def _request_page(
    request: HttpRequest, seat: Seat, aid: AidRequest, form: OfferForm | None, status: int = 200
) -> HttpResponse:
    own = aid.organisation_id == seat.organisation.pk
    mine = None if own else aid.offers.filter(organisation=seat.organisation).first()
    if form is None and not own and mine is None and aid.status == RequestStatus.OPEN:
        form = OfferForm()
    context = {
        "seat": seat,
        "aid": aid,
        "seen": store.seen_by(aid, seat.organisation),
        "own": own,
        "offers": store.ranked_offers(aid) if own else [],
        "mine": mine,
        "form": form,
        "shared_labels": [Shared(v).label for v in aid.shared if v in Shared.values],
    }
    return render(request, "aid/request.html", context, status=status)


@aid_view(Action.VIEW)
def request_detail(request: HttpRequest, seat: Seat, request_id: int) -> HttpResponse:
    return _request_page(request, seat, seat.request(request_id), None)


@require_POST
@aid_view(Action.SHARE)
def offer(request: HttpRequest, seat: Seat, request_id: int) -> HttpResponse:
    aid = seat.request(request_id)
    if aid.organisation_id == seat.organisation.pk or aid.status != RequestStatus.OPEN:
        messages.error(request, _("Op dit verzoek kan uw organisatie niets aanbieden."))
        return redirect("aid:request", request_id=aid.pk)
    form = OfferForm(request.POST)
    if not form.is_valid():
        return _request_page(request, seat, aid, form, status=400)
    c = form.cleaned_data
    try:
        with transaction.atomic():
            AidOffer.objects.create(
                request=aid,
                organisation=seat.organisation,
                amount=c["amount"],
                starts=c["starts"],
                ends=c["ends"],
                note=c["note"],
                contact=c["contact"],
                created_by=seat.user,
            )
    except IntegrityError:
        messages.error(request, _("Uw organisatie heeft hier al iets aangeboden."))
        return redirect("aid:request", request_id=aid.pk)
    messages.success(request, _("Uw aanbod is verstuurd."))
    return redirect("aid:request", request_id=aid.pk)


@require_POST
@aid_view(Action.SHARE)
def accept(request: HttpRequest, seat: Seat, offer_id: int) -> HttpResponse:
    """The requester takes an offer; the offerer's confirmation makes the agreement."""
    found = seat.offer(offer_id)
    if found.request.organisation_id != seat.organisation.pk or found.status != OfferStatus.OFFERED:
        messages.error(request, _("Dit aanbod kan niet (meer) worden aanvaard."))
    else:
        found.status = OfferStatus.ACCEPTED
        found.accepted_by = seat.user
        found.accepted = timezone.now()
        found.save(update_fields=["status", "accepted_by", "accepted"])
        messages.success(request, _("Aanvaard; de afspraak staat zodra de aanbieder bevestigt."))
    return redirect("aid:request", request_id=found.request_id)


@require_POST
@aid_view(Action.SHARE)
def confirm(request: HttpRequest, seat: Seat, offer_id: int) -> HttpResponse:
    """The offerer confirms an accepted offer: the agreement, recorded on both sides."""
    found = seat.offer(offer_id)
    if found.organisation_id != seat.organisation.pk or found.status != OfferStatus.ACCEPTED:
        messages.error(request, _("Er is niets te bevestigen."))
    else:
        found.status = OfferStatus.AGREED
        found.confirmed_by = seat.user
        found.confirmed = timezone.now()
        found.save(update_fields=["status", "confirmed_by", "confirmed"])
        messages.success(request, _("Bevestigd: de afspraak staat bij beide organisaties."))
    return redirect("aid:request", request_id=found.request_id)


@require_POST
@aid_view(Action.SHARE)
def withdraw(request: HttpRequest, seat: Seat, offer_id: int) -> HttpResponse:
    """The offerer withdraws an offer not yet agreed."""
    found = seat.offer(offer_id)
    if found.organisation_id != seat.organisation.pk or found.status == OfferStatus.AGREED:
        messages.error(request, _("Dit aanbod kan niet worden ingetrokken."))
    else:
        found.status = OfferStatus.WITHDRAWN
        found.save(update_fields=["status"])
        messages.success(request, _("Uw aanbod is ingetrokken."))
    return redirect("aid:request", request_id=found.request_id)


@require_POST
@aid_view(Action.SHARE)
def close(request: HttpRequest, seat: Seat, request_id: int) -> HttpResponse:
    aid = seat.request(request_id)
    if aid.organisation_id != seat.organisation.pk:
        messages.error(request, _("Alleen de vragende organisatie sluit een verzoek."))
    else:
        aid.status = RequestStatus.CLOSED
        aid.save(update_fields=["status"])
        messages.success(request, _("Het verzoek is gesloten."))
    return redirect("aid:request", request_id=aid.pk)


@aid_view(Action.SHARE)
def location(request: HttpRequest, seat: Seat) -> HttpResponse:
    current = AidLocation.objects.filter(organisation=seat.organisation).first()
    form = LocationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        place = form.save(commit=False)
        place.organisation = seat.organisation
        place.save()
        messages.success(request, _("De locatie is bewaard."))
        return redirect("aid:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "aid/location.html", {"seat": seat, "form": form}, status=status)
