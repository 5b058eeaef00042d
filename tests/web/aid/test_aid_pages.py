"""Mutual aid on the web: a request, an offer, the agreement on both sides."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from aid_data import network_world
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.aid.models import AidOffer, AidRequest, OfferStatus

pytestmark = pytest.mark.django_db


def moment(value: Any) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def test_a_request_offer_and_agreement_between_two_municipalities(
    world: dict[str, Any], login: Any
) -> None:
    net = network_world(world)
    start = net["start"]
    a = login(world["users"][Role.CRISISCOORDINATOR])
    response = a.post(
        reverse("aid:new"),
        {
            "network": net["grn"].pk,
            "capacity": "communication",
            "amount": 3,
            "starts": moment(start),
            "ends": moment(start + timedelta(days=400)),
            "shared": ["organisation", "window"],
        },
    )
    assert response.status_code == 400  # more than a year
    response = a.post(
        reverse("aid:new"),
        {
            "network": net["grn"].pk,
            "capacity": "communication",
            "amount": 3,
            "starts": moment(start),
            "ends": moment(start + timedelta(days=1)),
            "description": "Woordvoerders gezocht",
            "shared": ["organisation", "window"],
        },
    )
    assert response.status_code == 302
    request = AidRequest.objects.get(capacity="communication")
    assert request.shared == ["organisation", "window"]

    client = login(net["user_c"])
    page = client.get(reverse("aid:index")).content.decode()
    assert "Gemeente A" in page and "communicatie" in page
    detail = client.get(reverse("aid:request", kwargs={"request_id": request.pk})).content.decode()
    assert "Woordvoerders" not in detail and "niet gedeeld" in detail
    response = client.post(
        reverse("aid:offer", kwargs={"request_id": request.pk}),
        {"amount": 2, "starts": moment(start), "ends": moment(start + timedelta(days=1))},
    )
    assert response.status_code == 302
    offer = AidOffer.objects.get()

    a = login(world["users"][Role.CRISISCOORDINATOR])  # one client: log in again as A
    ranked = a.get(reverse("aid:request", kwargs={"request_id": request.pk})).content.decode()
    assert "Gemeente C" in ranked and "67%" in ranked  # two of three people, all the time
    assert a.post(reverse("aid:accept", kwargs={"offer_id": offer.pk})).status_code == 302
    client = login(net["user_c"])
    assert client.post(reverse("aid:confirm", kwargs={"offer_id": offer.pk})).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AGREED
    assert offer.accepted_by == world["users"][Role.CRISISCOORDINATOR]
    assert offer.confirmed_by == net["user_c"]


def test_bad_input_stores_nothing(world: dict[str, Any], login: Any) -> None:
    net = network_world(world)
    a = login(world["users"][Role.CISO])
    response = a.post(
        reverse("aid:new"),
        {"network": net["grn"].pk, "capacity": "forensics", "amount": 0, "starts": "gisteren"},
    )
    assert response.status_code == 400
    assert AidRequest.objects.count() == 1
    # A's own request: nothing to offer on it.
    url = reverse("aid:offer", kwargs={"request_id": net["request"].pk})
    a.post(url, {"amount": 1, "starts": "2026-12-07T08:00", "ends": "2026-12-08T08:00"})
    assert AidOffer.objects.count() == 0
    response = a.post(reverse("aid:location"), {"lat": "120", "lon": "6"})
    assert response.status_code == 400


def test_the_demo_has_two_municipalities_a_request_and_an_agreement(client: Any) -> None:
    import io
    from pathlib import Path

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    example = Path(__file__).resolve().parents[3] / "examples" / "gemeente-voorbeeld.yaml"
    call_command("loaddemo", "--map", str(example), stdout=io.StringIO())
    call_command("loaddemo", "--map", str(example), stdout=io.StringIO())
    assert AidRequest.objects.count() == 2
    (offer,) = AidOffer.objects.all()
    assert offer.status == OfferStatus.AGREED
    client.force_login(get_user_model().objects.get(username="buurdorp"))
    page = client.get(reverse("aid:index")).content.decode()
    assert "forensisch onderzoek" in page and "Gemeente Voorbeeld" in page
    detail = client.get(reverse("aid:request", kwargs={"request_id": offer.request_id}))
    assert "Ransomware" not in detail.content.decode()
    # The agreement's steps, as the offerer sees them in the trail.
    steps = [e.step for e in detail.context["events"]]
    assert steps == ["request", "offer", "accept", "confirm"]
