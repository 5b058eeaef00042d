"""A sharing world: municipality A shares one item under each TLP label.

Beside conftest's ``world`` (A in every role, B, the hoster as A's map
partner) it adds a community "Regio" of A and C, a person named in a RED item
(of organisation N, nothing else in common with A), and organisation D in
another community. Who should see which of A's items is :func:`expected`,
written out by hand from TLP 2.0, not computed with the code under test.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.sharing.models import (
    Community,
    CommunityKind,
    CommunityMembership,
    CommunityRole,
    ItemKind,
    SharedItem,
)

#: The viewers besides A's own people, and the labels of A's items each may see.
OUTSIDE = {
    "named": {TLP.CLEAR, TLP.RED},
    "recipient-org": {TLP.CLEAR, TLP.AMBER},
    "community": {TLP.CLEAR, TLP.GREEN},
    "map-partner": {TLP.CLEAR},
    "outsider": {TLP.CLEAR},
}


def expected(viewer: str) -> set[TLP]:
    """The labels of A's items ``viewer`` (an OUTSIDE key, a Role value, "author") may see."""
    if viewer in OUTSIDE:
        return OUTSIDE[viewer]
    everything_but_red = {TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT}
    # RED is for named individuals: A's author sees its own, colleagues do not.
    return everything_but_red | {TLP.RED} if viewer == "author" else everything_but_red


def make_user(username: str, organisation: Organisation, role: Role) -> Any:
    user = get_user_model().objects.create_user(username=username, password="x-unused-x")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def shared_world(world: dict[str, Any]) -> dict[str, Any]:
    org_a, org_b = world["org_a"], world["org_b"]
    org_c = Organisation.objects.create(name="Gemeente C", slug="gemeente-c")
    org_d = Organisation.objects.create(name="Gemeente D", slug="gemeente-d")
    org_n = Organisation.objects.create(name="Waterschap N", slug="waterschap-n", kind="waterschap")
    regio = Community.objects.create(
        name="Veiligheidsregio Test", slug="vr-test", kind=CommunityKind.VEILIGHEIDSREGIO
    )
    other = Community.objects.create(name="Sector X", slug="sector-x", kind=CommunityKind.SECTOR)
    CommunityMembership.objects.create(
        community=regio, organisation=org_a, role=CommunityRole.COORDINATOR
    )
    CommunityMembership.objects.create(community=regio, organisation=org_c)
    CommunityMembership.objects.create(community=other, organisation=org_d)
    CommunityMembership.objects.create(community=other, organisation=org_b)
    # A and B also meet in a response network: that is how A knows B to name it.
    grn = Community.objects.create(name="GRN Oost", slug="grn-oost", kind=CommunityKind.GRN)
    CommunityMembership.objects.create(community=grn, organisation=org_a)
    CommunityMembership.objects.create(community=grn, organisation=org_b)
    author = world["users"][Role.CISO]
    viewers = {
        "author": author,
        **{role.value: user for role, user in world["users"].items() if role is not Role.CISO},
        "named": make_user("n-named", org_n, Role.CISO),
        "recipient-org": world["user_b"],
        "community": make_user("c-ciso", org_c, Role.CISO),
        "map-partner": world["users"][Role.KETENPARTNER],
        "outsider": make_user("d-ciso", org_d, Role.BEHEERDER),
    }
    # The hoster's user is A's map partner, not one of A's people.
    viewers.pop(Role.KETENPARTNER.value)
    items = {}
    for tlp in TLP:
        item = SharedItem.objects.create(
            owner=org_a,
            author=author,
            kind=ItemKind.LESSON,
            title=f"Les onder {tlp.label}",
            body=f"Geheim {tlp.value}",
            tlp=tlp.value,
            community=regio if tlp in (TLP.GREEN, TLP.CLEAR) else None,
        )
        if tlp is TLP.RED:
            item.recipient_users.add(viewers["named"])
        if tlp is TLP.AMBER:
            item.recipient_organisations.add(org_b)
        items[tlp] = item
    return {
        **world,
        "org_c": org_c,
        "org_d": org_d,
        "org_n": org_n,
        "regio": regio,
        "other": other,
        "grn": grn,
        "viewers": viewers,
        "items": items,
        "author": author,
    }
