"""The subscribed calendar of reporting deadlines and the page that makes its address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from weerbaar.web.incidents import feed
from weerbaar.web.incidents.calendar import deadlines_calendar
from weerbaar.web.incidents.models import CalendarFeed
from weerbaar.web.incidents.views.common import person


@login_required
@never_cache
def subscription(request: HttpRequest) -> HttpResponse:
    """Make (or replace) and revoke the user's secret calendar address.

    The address is shown once, in the answer to the POST that made it: only
    its hash is kept.
    """
    address = ""
    user = person(request)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if feed.revoke(user):
                messages.success(request, _("Het agenda-adres is ingetrokken."))
            return redirect("agenda:subscription")
        token = feed.renew(user)
        address = request.build_absolute_uri(reverse("agenda:feed", kwargs={"token": token}))
    context = {
        "current": CalendarFeed.objects.filter(user=user).first(),
        "address": address,
        "maps": feed.maps_with_incidents(user),
    }
    return render(request, "incidents/subscription.html", context)


@never_cache
def subscribed(request: HttpRequest, token: str) -> HttpResponse:
    """The deadlines of every map whose incidents the address's user may see.

    No session: the secret address is the key. An unknown or revoked
    address answers 404, exactly as an address that never existed.
    """
    if request.method not in ("GET", "HEAD"):
        raise Http404("no such calendar")
    user = feed.owner_of(token)
    if user is None:
        raise Http404("no such calendar")
    body = deadlines_calendar(_("Weerbaar: meldtermijnen"), feed.maps_with_incidents(user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meldtermijnen.ics"'
    # The address is a secret: keep it out of other sites' Referer headers.
    response["Referrer-Policy"] = "no-referrer"
    return response
