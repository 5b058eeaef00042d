"""The life of a request for help and of an offer, as enums with the allowed steps.

A request is open until its requester closes it. On an open request another
organisation of the network offers (once); the requester accepts an offer,
and the offerer's confirmation makes it an agreement, recorded on both
sides. The offerer may withdraw an offer until it is agreed. Each step is
taken by one side: :data:`OFFER_STEPS` says which, and what the offer
becomes. Offering and accepting need the request open; confirming and
withdrawing do not (an accepted offer may still be confirmed or withdrawn
after the requester closed the request).

Examples
--------
>>> take(OfferState.OFFERED, Step.ACCEPT, Side.REQUESTER, request_open=True)
<OfferState.ACCEPTED: 'accepted'>
>>> take(OfferState.OFFERED, Step.CONFIRM, Side.OFFERER, request_open=True)
Traceback (most recent call last):
...
weerbaar.aid.lifecycle.AidStepError: cannot confirm an offer that is offered (allowed: withdraw)
>>> [s.value for s in allowed(OfferState.ACCEPTED, Side.OFFERER, request_open=False)]
['confirm', 'withdraw']
"""

from __future__ import annotations

from enum import StrEnum


class RequestState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class OfferState(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"  # by the requester; waits for the offerer's confirmation
    AGREED = "agreed"
    WITHDRAWN = "withdrawn"


class Side(StrEnum):
    """Who takes a step: the organisation that asked, or the one that offered."""

    REQUESTER = "requester"
    OFFERER = "offerer"


class Step(StrEnum):
    """What someone does; the value is what the audit trail stores."""

    REQUEST = "request"
    OFFER = "offer"
    ACCEPT = "accept"
    CONFIRM = "confirm"
    WITHDRAW = "withdraw"
    CLOSE = "close"


#: (offer state, step) -> (the side that may take it, the state after).
OFFER_STEPS: dict[tuple[OfferState, Step], tuple[Side, OfferState]] = {
    (OfferState.OFFERED, Step.ACCEPT): (Side.REQUESTER, OfferState.ACCEPTED),
    (OfferState.OFFERED, Step.WITHDRAW): (Side.OFFERER, OfferState.WITHDRAWN),
    (OfferState.ACCEPTED, Step.CONFIRM): (Side.OFFERER, OfferState.AGREED),
    (OfferState.ACCEPTED, Step.WITHDRAW): (Side.OFFERER, OfferState.WITHDRAWN),
}
#: (request state, step) -> (the side that may take it, the state after).
REQUEST_STEPS: dict[tuple[RequestState, Step], tuple[Side, RequestState]] = {
    (RequestState.OPEN, Step.CLOSE): (Side.REQUESTER, RequestState.CLOSED),
}
#: Offer steps that need the request still open.
NEED_OPEN = frozenset({Step.ACCEPT})


class AidStepError(ValueError):
    """A step the lifecycle does not allow, saying which are."""


def allowed(state: OfferState, side: Side, *, request_open: bool) -> tuple[Step, ...]:
    """The steps ``side`` may take on an offer in ``state``."""
    return tuple(
        step
        for (s, step), (who, _after) in OFFER_STEPS.items()
        if s is state and who is side and (request_open or step not in NEED_OPEN)
    )


def take(state: OfferState, step: Step, side: Side, *, request_open: bool) -> OfferState:
    """The offer's state after ``side`` takes ``step``; :class:`AidStepError` when not allowed."""
    found = OFFER_STEPS.get((state, step))
    if found is None or found[0] is not side or (step in NEED_OPEN and not request_open):
        options = ", ".join(s.value for s in allowed(state, side, request_open=request_open))
        raise AidStepError(
            f"cannot {step.value} an offer that is {state.value} (allowed: {options or 'none'})"
        )
    return found[1]


def may_offer(request: RequestState, side: Side, *, has_offered: bool) -> bool:
    """Whether an organisation may offer: another one than the requester, once, while open."""
    return request is RequestState.OPEN and side is Side.OFFERER and not has_offered


def close(state: RequestState, side: Side) -> RequestState:
    """The request's state after ``side`` closes it; :class:`AidStepError` when not allowed."""
    found = REQUEST_STEPS.get((state, Step.CLOSE))
    if found is None or found[0] is not side:
        raise AidStepError("only the requester closes a request, and only an open one")
    return found[1]
