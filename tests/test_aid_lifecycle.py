"""The steps of mutual aid as a table: who may take which step on an offer, when."""

from __future__ import annotations

import pytest

from weerbaar.aid.lifecycle import (
    OFFER_STEPS,
    AidStepError,
    OfferState,
    RequestState,
    Side,
    Step,
    allowed,
    close,
    may_offer,
    take,
)


@pytest.mark.parametrize(
    ("state", "step", "side", "after"),
    [
        (OfferState.OFFERED, Step.ACCEPT, Side.REQUESTER, OfferState.ACCEPTED),
        (OfferState.ACCEPTED, Step.CONFIRM, Side.OFFERER, OfferState.AGREED),
        (OfferState.OFFERED, Step.WITHDRAW, Side.OFFERER, OfferState.WITHDRAWN),
        (OfferState.ACCEPTED, Step.WITHDRAW, Side.OFFERER, OfferState.WITHDRAWN),
    ],
)
def test_it_takes_each_allowed_step(
    state: OfferState, step: Step, side: Side, after: OfferState
) -> None:
    assert take(state, step, side, request_open=True) is after


def test_it_refuses_every_step_not_in_the_table() -> None:
    for state in OfferState:
        for step in Step:
            for side in Side:
                if (state, step) in OFFER_STEPS and OFFER_STEPS[(state, step)][0] is side:
                    continue
                with pytest.raises(AidStepError, match=f"cannot {step.value}"):
                    take(state, step, side, request_open=True)


def test_an_agreement_is_final() -> None:
    assert allowed(OfferState.AGREED, Side.OFFERER, request_open=True) == ()
    assert allowed(OfferState.AGREED, Side.REQUESTER, request_open=True) == ()
    assert allowed(OfferState.WITHDRAWN, Side.OFFERER, request_open=True) == ()


def test_a_closed_request_takes_no_new_acceptance_but_lets_the_offerer_finish() -> None:
    with pytest.raises(AidStepError, match="allowed: none"):
        take(OfferState.OFFERED, Step.ACCEPT, Side.REQUESTER, request_open=False)
    assert take(OfferState.ACCEPTED, Step.CONFIRM, Side.OFFERER, request_open=False) is (
        OfferState.AGREED
    )


def test_only_another_organisation_offers_once_on_an_open_request() -> None:
    assert may_offer(RequestState.OPEN, Side.OFFERER, has_offered=False)
    assert not may_offer(RequestState.OPEN, Side.REQUESTER, has_offered=False)
    assert not may_offer(RequestState.OPEN, Side.OFFERER, has_offered=True)
    assert not may_offer(RequestState.CLOSED, Side.OFFERER, has_offered=False)


def test_only_the_requester_closes_an_open_request() -> None:
    assert close(RequestState.OPEN, Side.REQUESTER) is RequestState.CLOSED
    with pytest.raises(AidStepError):
        close(RequestState.OPEN, Side.OFFERER)
    with pytest.raises(AidStepError):
        close(RequestState.CLOSED, Side.REQUESTER)
