"""Mutual aid keeps who did what when, on both sides, and mails the other side."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from aid_data import network_world
from django.core import mail
from django.urls import reverse

from weerbaar.web.accounts.models import Role
from weerbaar.web.aid.models import AidEvent, AidOffer, OfferStatus

pytestmark = pytest.mark.django_db


def moment(value: Any) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def net(world: dict[str, Any]) -> dict[str, Any]:
    out = network_world(world)
    asker = world["users"][Role.CRISISCOORDINATOR]
    asker.email = "crisis@gemeente-a.example"
    asker.save()
    out["request"].created_by = asker
    out["request"].save()
    out["user_c"].email = "ciso@gemeente-c.example"
    out["user_c"].save()
    return out


def offer(client: Any, net: dict[str, Any]) -> Any:
    start = net["start"]
    return client.post(
        reverse("aid:offer", kwargs={"request_id": net["request"].pk}),
        {"amount": 2, "starts": moment(start), "ends": moment(start + timedelta(days=1))},
    )


def test_it_records_each_step_with_who_and_when_and_mails_the_other_side(
    world: dict[str, Any], net: dict[str, Any], login: Any
) -> None:
    assert offer(login(net["user_c"]), net).status_code == 302
    made = AidOffer.objects.get()
    assert [m.to for m in mail.outbox] == [["crisis@gemeente-a.example"]]
    asker = world["users"][Role.CRISISCOORDINATOR]
    a = login(asker)
    assert a.post(reverse("aid:accept", kwargs={"offer_id": made.pk})).status_code == 302
    assert mail.outbox[-1].to == ["ciso@gemeente-c.example"]
    # A shared only who it is, so the offerer may read its name.
    assert "Gemeente A" in mail.outbox[-1].body
    c = login(net["user_c"])
    assert c.post(reverse("aid:confirm", kwargs={"offer_id": made.pk})).status_code == 302
    assert mail.outbox[-1].to == ["crisis@gemeente-a.example"]
    events = list(AidEvent.objects.filter(offer=made))
    assert [(e.step, e.before, e.after) for e in events] == [
        ("offer", "", "offered"),
        ("accept", "offered", "accepted"),
        ("confirm", "accepted", "agreed"),
    ]
    assert [e.author for e in events] == [net["user_c"], asker, net["user_c"]]
    assert [e.organisation for e in events] == [net["org_c"], world["org_a"], net["org_c"]]
    page = c.get(reverse("aid:request", kwargs={"request_id": net["request"].pk}))
    assert [e.step for e in page.context["events"]] == ["offer", "accept", "confirm"]


def test_it_withholds_the_requesters_name_from_a_mail_when_not_shared(
    world: dict[str, Any], net: dict[str, Any], login: Any
) -> None:
    net["request"].shared = []
    net["request"].save()
    offer(login(net["user_c"]), net)
    made = AidOffer.objects.get()
    login(world["users"][Role.CRISISCOORDINATOR]).post(
        reverse("aid:accept", kwargs={"offer_id": made.pk})
    )
    assert mail.outbox[-1].to == ["ciso@gemeente-c.example"]
    assert "Gemeente A" not in mail.outbox[-1].body


def test_it_refuses_a_step_out_of_turn_and_records_nothing(
    world: dict[str, Any], net: dict[str, Any], login: Any
) -> None:
    offer(login(net["user_c"]), net)
    made = AidOffer.objects.get()
    sent = len(mail.outbox)
    c = login(net["user_c"])
    # The offerer cannot accept its own offer, nor confirm before acceptance.
    c.post(reverse("aid:accept", kwargs={"offer_id": made.pk}))
    c.post(reverse("aid:confirm", kwargs={"offer_id": made.pk}))
    a = login(world["users"][Role.CRISISCOORDINATOR])
    a.post(reverse("aid:withdraw", kwargs={"offer_id": made.pk}))  # not the requester's
    made.refresh_from_db()
    assert made.status == OfferStatus.OFFERED
    assert list(AidEvent.objects.values_list("step", flat=True)) == ["offer"]
    assert len(mail.outbox) == sent


def test_the_trail_shows_an_offerer_only_its_own_offer(
    world: dict[str, Any], net: dict[str, Any], login: Any, django_user_model: Any
) -> None:
    from weerbaar.web.accounts.models import Membership, Organisation
    from weerbaar.web.sharing.models import CommunityMembership

    org_d = Organisation.objects.create(name="Gemeente D", slug="gemeente-d")
    user_d = django_user_model.objects.create_user(username="d-ciso", password="x-unused-x")
    Membership.objects.create(user=user_d, organisation=org_d, role=Role.CISO)
    CommunityMembership.objects.create(community=net["grn"], organisation=org_d)
    offer(login(net["user_c"]), net)
    offer(login(user_d), net)
    url = reverse("aid:request", kwargs={"request_id": net["request"].pk})
    seen_by_d = login(user_d).get(url)
    assert [e.organisation.name for e in seen_by_d.context["events"]] == ["Gemeente D"]
    assert "Gemeente C" not in seen_by_d.content.decode()
    seen_by_a = login(world["users"][Role.CRISISCOORDINATOR]).get(url)
    assert len(seen_by_a.context["events"]) == 2


def test_it_records_a_request_made_and_closed(
    world: dict[str, Any], net: dict[str, Any], login: Any
) -> None:
    a = login(world["users"][Role.CRISISCOORDINATOR])
    start = net["start"]
    a.post(
        reverse("aid:new"),
        {
            "network": net["grn"].pk,
            "capacity": "liaison",
            "amount": 1,
            "starts": moment(start),
            "ends": moment(start + timedelta(days=1)),
        },
    )
    made = world["org_a"].aid_requests.get(capacity="liaison")
    assert a.post(reverse("aid:close", kwargs={"request_id": made.pk})).status_code == 302
    steps = list(made.events.values_list("step", "before", "after"))
    assert steps == [("request", "", "open"), ("close", "open", "closed")]
    # The offerer's organisation may not close A's request: refused, with a message.
    refused = login(net["user_c"]).post(
        reverse("aid:close", kwargs={"request_id": net["request"].pk})
    )
    assert refused.status_code == 302
    net["request"].refresh_from_db()
    assert net["request"].status == "open"


def test_a_mail_that_cannot_be_sent_leaves_the_step_taken(
    world: dict[str, Any], net: dict[str, Any], login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("weerbaar.web.aid.trail.send_mail", broken)
    assert offer(login(net["user_c"]), net).status_code == 302
    assert AidOffer.objects.get().status == OfferStatus.OFFERED


def test_the_trail_withholds_the_requesters_name_when_not_shared(
    world: dict[str, Any], net: dict[str, Any], login: Any
) -> None:
    net["request"].shared = []
    net["request"].save()
    from weerbaar.aid.lifecycle import Step
    from weerbaar.web.aid import trail

    trail.record(net["request"], world["org_a"], None, Step.REQUEST, after="open")
    offer(login(net["user_c"]), net)
    made = AidOffer.objects.get()
    login(world["users"][Role.CRISISCOORDINATOR]).post(
        reverse("aid:accept", kwargs={"offer_id": made.pk})
    )
    page = login(net["user_c"]).get(
        reverse("aid:request", kwargs={"request_id": net["request"].pk})
    )
    body = page.content.decode()
    assert [e.step for e in page.context["events"]] == ["request", "offer", "accept"]
    assert "Gemeente A" not in body and "de vragende organisatie" in body
