"""The sharing pages: share, see what is shared with me, change a label, the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Role
from weerbaar.web.sharing.models import Channel, Disclosure, Relabel, SharedItem

pytestmark = pytest.mark.django_db


def share(client: Any, **fields: Any) -> Any:
    data = {"kind": "lesson", "title": "Les", "body": "Tekst", "tlp": "amber", **fields}
    return client.post(reverse("sharing:new"), data)


def test_it_shares_at_amber_with_a_named_organisation(shared: dict[str, Any], login: Any) -> None:
    client = login(shared["author"])
    response = share(
        client, title="Phishing bij de balie", recipient_organisations=[shared["org_b"].pk]
    )
    item = SharedItem.objects.get(title="Phishing bij de balie")
    assert response.status_code == 302
    assert response["Location"] == reverse("sharing:detail", kwargs={"item_id": item.stix_id})
    assert item.owner == shared["org_a"] and item.tlp == TLP.AMBER.value
    assert list(item.recipient_organisations.all()) == [shared["org_b"]]


def test_it_refuses_amber_without_a_named_organisation(shared: dict[str, Any], login: Any) -> None:
    response = share(login(shared["author"]), title="Niets")
    assert response.status_code == 400
    assert "ten minste één organisatie" in response.content.decode()
    assert not SharedItem.objects.filter(title="Niets").exists()


def test_it_refuses_a_person_under_a_label_that_names_none(
    shared: dict[str, Any], login: Any
) -> None:
    response = share(
        login(shared["author"]),
        title="Groen",
        tlp="green",
        community=shared["regio"].pk,
        recipient_users=[shared["viewers"]["community"].pk],
    )
    assert response.status_code == 400
    assert "Alleen bij TLP:RED noemt u personen" in response.content.decode()


def test_it_refuses_an_organisation_it_does_not_know(shared: dict[str, Any], login: Any) -> None:
    # D is in no community with A and no partner of A's map.
    response = share(
        login(shared["author"]), title="Onbekend", recipient_organisations=[shared["org_d"].pk]
    )
    assert response.status_code == 400
    assert not SharedItem.objects.filter(title="Onbekend").exists()


def test_it_does_not_let_the_college_share(shared: dict[str, Any], login: Any) -> None:
    client = login(shared["viewers"]["bestuurder"])
    assert client.get(reverse("sharing:new")).status_code == 403
    assert share(client, recipient_organisations=[shared["org_b"].pk]).status_code == 403


def test_it_shows_the_recipient_the_item_and_logs_it(shared: dict[str, Any], login: Any) -> None:
    item = shared["items"][TLP.AMBER]
    client = login(shared["viewers"]["recipient-org"])
    inbox = client.get(reverse("sharing:inbox")).content.decode()
    page = client.get(reverse("sharing:detail", kwargs={"item_id": item.stix_id}))
    assert item.title in inbox
    assert page.status_code == 200 and "Geheim amber" in page.content.decode()
    channels = set(Disclosure.objects.filter(item=item).values_list("channel", flat=True))
    assert channels == {Channel.LIST.value, Channel.PAGE.value}


def test_it_searches_only_what_the_user_may_see(shared: dict[str, Any], login: Any) -> None:
    client = login(shared["viewers"]["outsider"])
    body = client.get(reverse("sharing:inbox"), {"q": "Geheim"}).content.decode()
    assert "TLP:CLEAR" in body
    for tlp in (TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED):
        assert shared["items"][tlp].title not in body
    assert "1 item" in body


def test_it_lets_the_owner_lower_a_label_and_keeps_the_change(
    shared: dict[str, Any], login: Any
) -> None:
    item = shared["items"][TLP.AMBER_STRICT]
    client = login(shared["viewers"]["beheerder"])
    url = reverse("sharing:relabel", kwargs={"item_id": item.stix_id})
    refused = client.post(url, {"tlp": "green", "community": shared["regio"].pk})
    assert refused.status_code == 400  # lowering must be confirmed
    done = client.post(url, {"tlp": "green", "community": shared["regio"].pk, "confirm": "on"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.tlp == TLP.GREEN.value
    change = Relabel.objects.get(item=item)
    assert (change.old, change.new, change.who) == ("amber+strict", "green", "a-beheerder")
    assert "Veiligheidsregio Test" in change.audience


@pytest.mark.parametrize("viewer", ["recipient-org", "bestuurder"])
def test_it_refuses_relabelling_to_anyone_but_the_owner(
    viewer: str, shared: dict[str, Any], login: Any
) -> None:
    item = shared["items"][TLP.AMBER]
    client = login(shared["viewers"][viewer])
    url = reverse("sharing:relabel", kwargs={"item_id": item.stix_id})
    assert client.post(url, {"tlp": "clear", "confirm": "on"}).status_code == 403
    assert client.get(reverse("sharing:audit", kwargs={"item_id": item.stix_id})).status_code == 403
    item.refresh_from_db()
    assert item.tlp == TLP.AMBER.value


def test_it_shows_the_owner_who_saw_the_item(shared: dict[str, Any], login: Any) -> None:
    item = shared["items"][TLP.AMBER]
    login(shared["viewers"]["recipient-org"]).get(
        reverse("sharing:detail", kwargs={"item_id": item.stix_id})
    )
    body = (
        login(shared["users"][Role.CISO])
        .get(reverse("sharing:audit", kwargs={"item_id": item.stix_id}))
        .content.decode()
    )
    assert "b-ciso" in body and "Gemeente B" in body
