"""Regional insight: figures only from k members, members named only at GREEN or lower."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from weerbaar.web.maps import service
from weerbaar.web.sharing.models import (
    Community,
    CommunityKind,
    CommunityMembership,
    ItemKind,
    SharedItem,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(shared: dict[str, Any], small_map_data: dict[str, Any]) -> dict[str, Any]:
    map_c = service.create_map(shared["org_c"], dict(small_map_data, name="Gemeente C"), None, "t")
    regio = Community.objects.create(
        name="Regio Inzicht", slug="regio-inzicht", kind=CommunityKind.VEILIGHEIDSREGIO
    )
    members = {}
    for org, record, tlp in (
        (shared["org_a"], shared["map_a"], "green"),
        (shared["org_b"], shared["map_b"], "amber"),
        (shared["org_c"], map_c, "amber"),
    ):
        members[org.slug] = CommunityMembership.objects.create(
            community=regio, organisation=org, detail="nodes", riskmap=record, map_tlp=tlp
        )
    return {**shared, "region": regio, "members": members}


def page(client: Any, region: dict[str, Any]) -> str:
    url = reverse("sharing:insight", kwargs={"slug": region["region"].slug})
    response = client.get(url)
    assert response.status_code == 200
    body: str = response.content.decode()
    return body


def test_it_shows_the_concentration_of_three_members(region: dict[str, Any], login: Any) -> None:
    body = page(login(region["viewers"]["community"]), region)
    assert "3 van 3 leden draaien vitale processen op Hosting BV" in body
    # Only A shared at GREEN: it alone is named.
    assert "Genoemd: Gemeente A." in body
    assert "Gemeente B" not in body.split("data-wb-concentration")[1]


def test_it_withholds_figures_below_k(region: dict[str, Any], login: Any) -> None:
    region["region"].k = 4
    region["region"].save()
    body = page(login(region["viewers"]["community"]), region)
    assert "Hosting BV" not in body
    assert "data-wb-cascade" not in body


def test_it_merges_the_members_maps_into_a_regional_cascade(
    region: dict[str, Any], login: Any
) -> None:
    body = page(login(region["users"][next(iter(region["users"]))]), region)
    cascade = body.split("data-wb-cascade")[1]
    assert "Uitval van Hosting BV legt 3 vitale processen bij 3 leden stil." in cascade


def test_it_counts_a_member_sharing_nothing_in_no_figure(
    region: dict[str, Any], login: Any
) -> None:
    member = region["members"]["gemeente-c"]
    member.detail = "nothing"
    member.riskmap = None
    member.save()
    body = page(login(region["viewers"]["community"]), region)
    assert "Hosting BV" not in body


def test_it_ignores_a_map_of_another_organisation(region: dict[str, Any], login: Any) -> None:
    # C pointing at A's map must not count as C's facts (nor show A's map twice).
    member = region["members"]["gemeente-c"]
    member.riskmap = region["map_a"]
    member.save()
    body = page(login(region["viewers"]["community"]), region)
    assert "Hosting BV" not in body


def indicator(owner: Any, region: dict[str, Any], tlp: str, value: str = "203.0.113.7") -> None:
    SharedItem.objects.create(
        owner=owner,
        kind=ItemKind.INDICATOR,
        title=f"Scan van {owner.name}",
        tlp=tlp,
        community=region["region"],
        payload={"value": value},
    )


def test_it_correlates_indicators_without_naming_amber_members(
    region: dict[str, Any], login: Any
) -> None:
    indicator(region["org_a"], region, "green")
    indicator(region["org_b"], region, "amber")
    indicator(region["org_c"], region, "amber")
    # The value A shared at GREEN is known to C: C learns that 3 members saw it.
    body = page(login(region["viewers"]["community"]), region)
    figures = body.split("data-wb-indicators")[1]
    assert "3 leden zagen" in figures and "203.0.113.7" in figures
    assert "Genoemd: Gemeente A." in figures


def test_it_never_reveals_an_indicator_the_viewer_cannot_see(
    region: dict[str, Any], login: Any
) -> None:
    for org in ("org_a", "org_b", "org_c"):
        indicator(region[org], region, "amber", value="198.51.100.9")
    CommunityMembership.objects.create(community=region["region"], organisation=region["org_d"])
    # Three members saw it; B, one of them, is told so.
    assert "198.51.100.9" in page(login(region["viewers"]["recipient-org"]), region)
    # D, a member that may see none of those AMBER items, is not even told the value.
    body_d = page(login(region["viewers"]["outsider"]), region)
    assert "198.51.100.9" not in body_d
    assert "data-wb-indicators" not in body_d


def test_it_keeps_the_published_figures_until_k_members_changed(
    region: dict[str, Any], login: Any, small_map_data: dict[str, Any]
) -> None:
    client = login(region["viewers"]["community"])
    assert "3 van 3 leden draaien vitale processen op Hosting BV" in page(client, region)
    # D joins with a map on the same hoster: were the page to follow at once, "4 van 4"
    # next to "3 van 3" a moment ago would be D's own dependency, k or not.
    org_d = region["org_d"]
    map_d = service.create_map(org_d, dict(small_map_data, name="Gemeente D"), None, "t")
    CommunityMembership.objects.create(
        community=region["region"], organisation=org_d, detail="nodes", riskmap=map_d
    )
    body = page(client, region)
    assert "3 van 3 leden draaien vitale processen op Hosting BV" in body
    assert "4 van 4" not in body
    # Two more members change what they share: three changes, a new snapshot.
    for slug in ("gemeente-b", "gemeente-c"):
        member = region["members"][slug]
        member.map_tlp = "green"
        member.save()
    body = page(client, region)
    assert "4 van 4 leden draaien vitale processen op Hosting BV" in body
    assert "Genoemd: Gemeente A, Gemeente B, Gemeente C." in body


def test_it_counts_a_new_indicator_as_a_change_of_its_member(
    region: dict[str, Any], login: Any
) -> None:
    for org in ("org_a", "org_b"):
        indicator(region[org], region, "green")
    client = login(region["viewers"]["community"])
    assert "data-wb-indicators" not in page(client, region)
    # C's sighting makes three, but it is one member's change: not published yet.
    indicator(region["org_c"], region, "green")
    assert "data-wb-indicators" not in page(client, region)
    region["region"].k = 2  # a new threshold publishes anew
    region["region"].save()
    assert "3 leden zagen" in page(client, region)


def test_it_keeps_the_facts_of_a_map_when_its_member_starts_sharing_it(
    region: dict[str, Any], login: Any
) -> None:
    from weerbaar.web.sharing.models import VersionFacts

    member = CommunityMembership.objects.create(
        community=region["other"], organisation=region["org_a"]
    )
    url = reverse(
        "sharing:policy", kwargs={"slug": region["other"].slug, "membership_id": member.pk}
    )
    data = {
        f"m{member.pk}-detail": "suppliers",
        f"m{member.pk}-riskmap": region["map_a"].pk,
        f"m{member.pk}-map_tlp": "green",
    }
    assert login(region["author"]).post(url, data).status_code == 302
    (kept,) = VersionFacts.objects.filter(version=region["map_a"].current())
    assert [f["supplier"] for f in kept.facts] == ["Hosting BV", "Internet A BV"]
    # The page reads them from there: the same figures as computed from the map.
    body = page(login(region["viewers"]["community"]), region)
    assert "3 van 3 leden draaien vitale processen op Hosting BV" in body
