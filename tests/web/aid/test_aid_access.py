"""Every aid URL × every role; outside the network 404; a partner sees nothing (403)."""

from __future__ import annotations

from typing import Any

import pytest
from aid_data import network_world
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.aid.models import AidOffer, AidRequest

pytestmark = pytest.mark.django_db

READERS = {Role.BEHEERDER, Role.CISO, Role.ADVISEUR_OOV, Role.CRISISCOORDINATOR, Role.BESTUURDER}
ACTORS = {Role.BEHEERDER, Role.CISO, Role.ADVISEUR_OOV, Role.CRISISCOORDINATOR}


def with_offer(world: dict[str, Any]) -> tuple[dict[str, Any], AidOffer]:
    net = network_world(world)
    request = net["request"]
    offer = AidOffer.objects.create(
        request=request,
        organisation=net["org_c"],
        amount=1,
        starts=request.starts,
        ends=request.ends,
        note="C-aanbod",
    )
    return net, offer


def urls(request_id: int, offer_id: int) -> list[tuple[str, str, set[Role]]]:
    r, o = {"request_id": request_id}, {"offer_id": offer_id}
    return [
        ("get", reverse("aid:index"), READERS),
        ("get", reverse("aid:request", kwargs=r), READERS),
        ("get", reverse("aid:new"), ACTORS),
        ("post", reverse("aid:new"), ACTORS),
        ("get", reverse("aid:location"), ACTORS),
        ("post", reverse("aid:location"), ACTORS),
        ("post", reverse("aid:offer", kwargs=r), ACTORS),
        ("post", reverse("aid:close", kwargs=r), ACTORS),
        ("post", reverse("aid:accept", kwargs=o), ACTORS),
        ("post", reverse("aid:confirm", kwargs=o), ACTORS),
        ("post", reverse("aid:withdraw", kwargs=o), ACTORS),
    ]


def state() -> tuple[Any, ...]:
    return (
        sorted(AidRequest.objects.values_list("pk", "status")),
        sorted(AidOffer.objects.values_list("pk", "status")),
    )


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_it_answers_each_role_as_its_rights_say(
    role: Role, world: dict[str, Any], login: Any
) -> None:
    _net, offer = with_offer(world)
    client = login(world["users"][role])
    for method, url, allowed in urls(offer.request_id, offer.pk):
        before = state()
        status = getattr(client, method)(url).status_code
        if role in allowed:
            assert status in ({200} if method == "get" else {302, 400}), (url, status)
        else:
            assert status == 403, (url, status)
            assert state() == before


def test_outside_the_network_a_request_answers_as_missing(
    world: dict[str, Any], login: Any
) -> None:
    _net, offer = with_offer(world)
    client = login(world["user_b"])
    missing = urls(offer.request_id + 1000, offer.pk + 1000)
    before = state()
    for (method, url, _a), (_m, absent, _b) in zip(
        urls(offer.request_id, offer.pk), missing, strict=True
    ):
        if "request_id" in url or "/verzoeken/" in url or "/aanbod/" in url:
            if url.endswith("/nieuw/"):
                continue
            response = getattr(client, method)(url)
            assert response.status_code == getattr(client, method)(absent).status_code == 404, url
            assert "Gemeente A" not in response.content.decode()
    page = client.get(reverse("aid:index")).content.decode()
    assert "forensisch" not in page and "Gemeente A" not in page
    assert state() == before


def test_another_member_sees_only_what_was_shared(world: dict[str, Any], login: Any) -> None:
    net, offer = with_offer(world)
    client = login(net["user_c"])
    page = client.get(reverse("aid:request", kwargs={"request_id": offer.request_id}))
    body = page.content.decode()
    assert page.status_code == 200 and "Gemeente A" in body  # shared: who asks
    assert "A-geheim" not in body  # not shared: description, contact
    assert "niet gedeeld" in body
    # The requester sees everything, and C's offer.
    own = login(world["users"][Role.CISO]).get(
        reverse("aid:request", kwargs={"request_id": offer.request_id})
    )
    assert "A-geheim" in own.content.decode() and "C-aanbod" in own.content.decode()


def test_only_the_requester_accepts_and_only_the_offerer_confirms(
    world: dict[str, Any], login: Any
) -> None:
    net, offer = with_offer(world)
    c = login(net["user_c"])
    c.post(reverse("aid:accept", kwargs={"offer_id": offer.pk}))
    offer.refresh_from_db()
    assert offer.status == "offered"
    a = login(world["users"][Role.CISO])
    a.post(reverse("aid:confirm", kwargs={"offer_id": offer.pk}))
    a.post(reverse("aid:withdraw", kwargs={"offer_id": offer.pk}))
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_anonymous_visitors_are_sent_to_log_in(world: dict[str, Any], client: Any) -> None:
    _net, offer = with_offer(world)
    for method, url, _allowed in urls(offer.request_id, offer.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]
