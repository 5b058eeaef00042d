"""Mutual aid: the overview, a request, an offer, accepting and confirming, the location.

The steps follow :mod:`weerbaar.aid.lifecycle` (who may do what when); each
writes the audit trail and tells the other side (:mod:`weerbaar.web.aid.trail`).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from weerbaar.aid.lifecycle import (
    AidStepError,
    OfferState,
    RequestState,
    Side,
    Step,
    allowed,
    may_offer,
    take,
)
from weerbaar.aid.lifecycle import close as close_request
from weerbaar.web.accounts.models import Action
from weerbaar.web.aid import store, trail
from weerbaar.web.aid.access import Seat, aid_view
from weerbaar.web.aid.forms import LocationForm, OfferForm, RequestForm
from weerbaar.web.aid.models import (
    AidLocation,
    AidOffer,
    AidRequest,
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
        with transaction.atomic():
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
            trail.record(
                made, seat.organisation, seat.user, Step.REQUEST, after=RequestState.OPEN.value
            )
        messages.success(
            request, _("Het verzoek staat open in %(network)s.") % {"network": made.network}
        )
        return redirect("aid:request", request_id=made.pk)
    status = 400 if request.method == "POST" else 200
    context = {"seat": seat, "form": form, "has_network": networks.exists()}
    return render(request, "aid/request_form.html", context, status=status)


def _side(seat: Seat, aid: AidRequest) -> Side:
    return Side.REQUESTER if aid.organisation_id == seat.organisation.pk else Side.OFFERER


def _request_page(
    request: HttpRequest, seat: Seat, aid: AidRequest, form: OfferForm | None, status: int = 200
) -> HttpResponse:
    side = _side(seat, aid)
    own = side is Side.REQUESTER
    is_open = aid.status == RequestStatus.OPEN
    mine = None if own else aid.offers.filter(organisation=seat.organisation).first()
    offer_here = may_offer(RequestState(aid.status), side, has_offered=mine is not None)
    if form is None and offer_here:
        form = OfferForm()
    offers = store.ranked_offers(aid) if own else []
    context = {
        "seat": seat,
        "aid": aid,
        "seen": store.seen_by(aid, seat.organisation),
        "own": own,
        # Per offer the steps the requester may take on it (accept).
        "offers": [
            (o, fit, [s.value for s in allowed(OfferState(o.status), side, request_open=is_open)])
            for o, fit in offers
        ],
        "mine": mine,
        "my_steps": []
        if mine is None
        else [s.value for s in allowed(OfferState(mine.status), side, request_open=is_open)],
        "form": form if offer_here else None,
        "shared_labels": [Shared(v).label for v in aid.shared if v in Shared.values],
        "may_close": own and is_open,
        "events": trail.events_for(aid, seat.organisation),
    }
    return render(request, "aid/request.html", context, status=status)


@aid_view(Action.VIEW)
def request_detail(request: HttpRequest, seat: Seat, request_id: int) -> HttpResponse:
    return _request_page(request, seat, seat.request(request_id), None)


@require_POST
@aid_view(Action.SHARE)
def offer(request: HttpRequest, seat: Seat, request_id: int) -> HttpResponse:
    aid = seat.request(request_id)
    side = _side(seat, aid)
    offered = aid.offers.filter(organisation=seat.organisation).exists()
    if not may_offer(RequestState(aid.status), side, has_offered=offered):
        messages.error(request, _("Op dit verzoek kan uw organisatie niets aanbieden."))
        return redirect("aid:request", request_id=aid.pk)
    form = OfferForm(request.POST)
    if not form.is_valid():
        return _request_page(request, seat, aid, form, status=400)
    c = form.cleaned_data
    try:
        with transaction.atomic():
            made = AidOffer.objects.create(
                request=aid,
                organisation=seat.organisation,
                amount=c["amount"],
                starts=c["starts"],
                ends=c["ends"],
                note=c["note"],
                contact=c["contact"],
                created_by=seat.user,
            )
            trail.record(
                aid, seat.organisation, seat.user, Step.OFFER,
                offer=made, after=OfferState.OFFERED.value,
            )  # fmt: skip
    except IntegrityError:
        messages.error(request, _("Uw organisatie heeft hier al iets aangeboden."))
        return redirect("aid:request", request_id=aid.pk)
    trail.notify(made, Step.OFFER, trail.page_of(request, aid))
    messages.success(request, _("Uw aanbod is verstuurd."))
    return redirect("aid:request", request_id=aid.pk)


#: What each offer step sets besides the status: who and when.
STAMPS = {
    Step.ACCEPT: ("accepted_by", "accepted"),
    Step.CONFIRM: ("confirmed_by", "confirmed"),
}
#: What the taker of each step is told.
DONE = {
    Step.ACCEPT: gettext_lazy("Aanvaard; de afspraak staat zodra de aanbieder bevestigt."),
    Step.CONFIRM: gettext_lazy("Bevestigd: de afspraak staat bij beide organisaties."),
    Step.WITHDRAW: gettext_lazy("Uw aanbod is ingetrokken."),
}
REFUSED = {
    Step.ACCEPT: gettext_lazy("Dit aanbod kan niet (meer) worden aanvaard."),
    Step.CONFIRM: gettext_lazy("Er is niets te bevestigen."),
    Step.WITHDRAW: gettext_lazy("Dit aanbod kan niet worden ingetrokken."),
}


def _offer_step(request: HttpRequest, seat: Seat, offer_id: int, step: Step) -> HttpResponse:
    """Take ``step`` on an offer this organisation made or received, as the lifecycle allows."""
    with transaction.atomic():
        # Locked: two people clicking at once take the step once.
        found = seat.offer(offer_id)
        found = (
            AidOffer.objects.select_for_update()
            .select_related("request__organisation", "organisation")
            .get(pk=found.pk)
        )
        aid = found.request
        before = OfferState(found.status)
        try:
            after = take(
                before,
                step,
                _side(seat, aid),
                request_open=aid.status == RequestStatus.OPEN,
            )
        except AidStepError:
            messages.error(request, str(REFUSED[step]))
            return redirect("aid:request", request_id=aid.pk)
        found.status = after.value
        fields = ["status"]
        if step in STAMPS:
            who, when = STAMPS[step]
            setattr(found, who, seat.user)
            setattr(found, when, timezone.now())
            fields += [who, when]
        found.save(update_fields=fields)
        trail.record(
            aid, seat.organisation, seat.user, step,
            offer=found, before=before.value, after=after.value,
        )  # fmt: skip
    trail.notify(found, step, trail.page_of(request, aid))
    messages.success(request, str(DONE[step]))
    return redirect("aid:request", request_id=aid.pk)


@require_POST
@aid_view(Action.SHARE)
def accept(request: HttpRequest, seat: Seat, offer_id: int) -> HttpResponse:
    """The requester takes an offer; the offerer's confirmation makes the agreement."""
    return _offer_step(request, seat, offer_id, Step.ACCEPT)


@require_POST
@aid_view(Action.SHARE)
def confirm(request: HttpRequest, seat: Seat, offer_id: int) -> HttpResponse:
    """The offerer confirms an accepted offer: the agreement, recorded on both sides."""
    return _offer_step(request, seat, offer_id, Step.CONFIRM)


@require_POST
@aid_view(Action.SHARE)
def withdraw(request: HttpRequest, seat: Seat, offer_id: int) -> HttpResponse:
    """The offerer withdraws an offer not yet agreed."""
    return _offer_step(request, seat, offer_id, Step.WITHDRAW)


@require_POST
@aid_view(Action.SHARE)
def close(request: HttpRequest, seat: Seat, request_id: int) -> HttpResponse:
    aid = seat.request(request_id)
    before = RequestState(aid.status)
    try:
        after = close_request(before, _side(seat, aid))
    except AidStepError:
        messages.error(request, _("Alleen de vragende organisatie sluit een open verzoek."))
        return redirect("aid:request", request_id=aid.pk)
    with transaction.atomic():
        aid.status = after.value
        aid.save(update_fields=["status"])
        trail.record(
            aid, seat.organisation, seat.user, Step.CLOSE, before=before.value, after=after.value
        )
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
