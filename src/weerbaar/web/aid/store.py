"""What the aid pages show: requests as others may see them, offers ranked by fit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from weerbaar.aid import Fit, Need, SharedField, Supply, Window, rank_offers, rank_requests, shown
from weerbaar.aid.match import CapacityType
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.aid.models import AidLocation, AidOffer, AidRequest, OfferStatus


def location_of(organisation: Organisation) -> tuple[float, float] | None:
    found = AidLocation.objects.filter(organisation=organisation).first()
    return None if found is None else (found.lat, found.lon)


def need_of(request: AidRequest) -> Need:
    return Need(
        CapacityType(request.capacity),
        request.amount,
        Window(request.starts, request.ends),
        location_of(request.organisation),
    )


@dataclass(frozen=True)
class Seen:
    """A request as one organisation sees it: everything when it is its own,
    otherwise the capacity type and what the requester shared (``None``: withheld)."""

    request: AidRequest
    own: bool
    organisation: str | None
    amount: int | None
    starts: datetime | None
    ends: datetime | None
    description: str | None
    contact: str | None
    distance_km: float | None = None


def seen_by(request: AidRequest, organisation: Organisation, km: float | None = None) -> Seen:
    own = request.organisation_id == organisation.pk
    values: dict[SharedField, Any] = {
        SharedField.ORGANISATION: request.organisation.name,
        SharedField.AMOUNT: request.amount,
        SharedField.WINDOW: (request.starts, request.ends),
        SharedField.DESCRIPTION: request.description,
        SharedField.CONTACT: request.contact,
    }
    visible = values if own else shown(values, request.shared_fields)
    window = visible.get(SharedField.WINDOW) or (None, None)
    return Seen(
        request,
        own,
        visible.get(SharedField.ORGANISATION),
        visible.get(SharedField.AMOUNT),
        window[0],
        window[1],
        visible.get(SharedField.DESCRIPTION),
        visible.get(SharedField.CONTACT),
        km,
    )


def open_for(organisation: Organisation, requests: list[AidRequest], now: datetime) -> list[Seen]:
    """Others' open requests, the nearest first, then the soonest; past ones left out."""
    by_key = {str(r.pk): r for r in requests}
    here = location_of(organisation)
    ranked = rank_requests(here, [(str(r.pk), need_of(r)) for r in requests], now)
    # The distance says where the requester is; shown only when it shares who it is.
    out = []
    for key, km in ranked:
        r = by_key[key]
        named = SharedField.ORGANISATION in r.shared_fields
        out.append(seen_by(r, organisation, km if named else None))
    return out


def ranked_offers(request: AidRequest) -> list[tuple[AidOffer, Fit | None]]:
    """The request's offers (withdrawn ones left out), best fit first; offers with no
    time in common last."""
    offers = [
        o
        for o in request.offers.select_related("organisation")
        if o.status != OfferStatus.WITHDRAWN
    ]
    supplies = [
        Supply(
            str(o.pk),
            CapacityType(request.capacity),
            o.amount,
            Window(o.starts, o.ends),
            location_of(o.organisation),
        )
        for o in offers
    ]
    fits = {f.key: f for f in rank_offers(need_of(request), supplies)}
    order = {key: i for i, key in enumerate(fits)}
    by_key = {str(o.pk): o for o in offers}
    placed = sorted(by_key, key=lambda k: (order.get(k, len(order)), int(k)))
    return [(by_key[k], fits.get(k)) for k in placed]
