"""A response network (GRN) for the mutual-aid tests.

Beside conftest's ``world`` (A in every role, B, the hoster as A's partner):
Gemeente C (a CISO) in a GRN with A; B is in no network with A. A asks for
forensics, sharing only who it is and the capacity type; its description
and contact ("A-geheim") are withheld.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.aid.models import AidLocation, AidRequest, Capacity
from weerbaar.web.sharing.models import Community, CommunityKind, CommunityMembership


def network_world(world: dict[str, Any]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    org_c = Organisation.objects.create(name="Gemeente C", slug="gemeente-c")
    user_c = get_user_model().objects.create_user(username="c-ciso", password="x-unused-x")
    Membership.objects.create(user=user_c, organisation=org_c, role=Role.CISO)
    grn = Community.objects.create(name="GRN Test", slug="grn-test", kind=CommunityKind.GRN)
    for org in (world["org_a"], org_c):
        CommunityMembership.objects.create(community=grn, organisation=org)
    AidLocation.objects.create(organisation=world["org_a"], lat=52.0, lon=6.0)
    AidLocation.objects.create(organisation=org_c, lat=52.1, lon=6.1)
    start = timezone.now() + timedelta(hours=1)
    request = AidRequest.objects.create(
        organisation=world["org_a"],
        network=grn,
        capacity=Capacity.FORENSICS,
        amount=2,
        starts=start,
        ends=start + timedelta(days=2),
        description="A-geheim: ransomware",
        contact="A-geheim contact",
        shared=["organisation"],
    )
    return {"org_c": org_c, "user_c": user_c, "grn": grn, "request": request, "start": start}
