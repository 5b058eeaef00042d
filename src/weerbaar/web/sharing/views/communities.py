"""Communities: the ones my organisations are in, one community with its members,
what my organisation shares of its map there, and the regional insight."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.web.sharing.access import CommunitySeat, community_view
from weerbaar.web.sharing.forms import PolicyForm
from weerbaar.web.sharing.insight import facts_of, insight
from weerbaar.web.sharing.models import Community, MapDetailChoice
from weerbaar.web.sharing.visibility import viewer_for


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    communities = Community.objects.filter(pk__in=viewer.communities)
    return render(request, "sharing/communities.html", {"communities": communities})


def _page(
    request: HttpRequest, seat: CommunitySeat, forms: dict[int, PolicyForm], status: int = 200
) -> HttpResponse:
    members = seat.community.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    return render(
        request,
        "sharing/community.html",
        {
            "seat": seat,
            "community": seat.community,
            "members": members,
            "forms": [
                (
                    m,
                    forms.get(m.pk)
                    or PolicyForm(
                        m.organisation,
                        initial={
                            "detail": m.detail,
                            "riskmap": m.riskmap,
                            "map_tlp": m.map_tlp,
                        },
                        prefix=f"m{m.pk}",
                    ),
                )
                for m in seat.manageable
            ],
        },
        status=status,
    )


@community_view()
def community(request: HttpRequest, seat: CommunitySeat) -> HttpResponse:
    return _page(request, seat, {})


@community_view(manage=True)
@require_POST
def policy(request: HttpRequest, seat: CommunitySeat, membership_id: int) -> HttpResponse:
    membership = next((m for m in seat.manageable if m.pk == membership_id), None)
    if membership is None:
        # Not one of the memberships this user may set: as if it did not exist.
        raise Http404("no such membership")
    form = PolicyForm(membership.organisation, request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        return _page(request, seat, {membership.pk: form}, status=400)
    membership.detail = form.cleaned_data["detail"]
    membership.riskmap = form.cleaned_data.get("riskmap")
    membership.map_tlp = form.cleaned_data["map_tlp"]
    membership.save()
    if membership.riskmap is not None and membership.detail != MapDetailChoice.NOTHING:
        # The facts of the shared map now, so that the region's page need not compute
        # every member's at once (kept with the map version).
        facts_of([membership.riskmap.current()])
    messages.success(
        request,
        _("Wat %(org)s deelt met %(community)s is opgeslagen.")
        % {
            "org": membership.organisation.name,
            "community": seat.community.name,
        },
    )
    return redirect("sharing:community", slug=seat.community.slug)


@community_view()
def regional(request: HttpRequest, seat: CommunitySeat) -> HttpResponse:
    return render(
        request,
        "sharing/insight.html",
        {"community": seat.community, "insight": insight(seat.community, seat.viewer)},
    )
