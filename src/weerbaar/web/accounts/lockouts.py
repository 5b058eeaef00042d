"""Login lockouts: per user and address, per address, and the beheerder's page.

django-axes counts wrong passwords and compares one number with one limit
(``WEERBAAR_LOGIN_ATTEMPTS``). Two things are counted here
(``AXES_LOCKOUT_PARAMETERS``): the wrong passwords for one user from one
address, and those from one address for any user. The second gets its own,
larger limit (``WEERBAAR_LOGIN_ATTEMPTS_PER_ADDRESS``): a town hall behind one
address has many people mistyping, an attacker trying many accounts has one
address. :class:`LockoutHandler` scales the address count onto axes' limit.

A user is never locked out from every address: then anyone could lock out the
beheerder. Behind a reverse proxy the address is the client's own
(weerbaar.web.clientip).

Wrong passwords for usernames nobody has count too (they are how someone
guesses accounts, and they count toward the address's limit). The beheerder
sees them when they come from an address its own people tried from in the
same window, so that an address blocked by guessing is explained and can be
lifted, but only as a count per address, not what was typed: a username
nobody has cannot be told apart from another municipality's person mistyping
their own, or from a password typed into the wrong field. The operator of
the installation (``is_staff``) sees every attempt as typed. Another
municipality's people and addresses stay out of sight.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from weerbaar.web.accounts.models import Membership, Role

log = logging.getLogger(__name__)


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """axes' database handler with a separate limit for an address as a whole."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        pair, *address = (_failures(q) for q in self.get_user_attempts(request, credentials))
        # axes compares the larger count with WEERBAAR_LOGIN_ATTEMPTS; an address
        # reaches that only after WEERBAAR_LOGIN_ATTEMPTS_PER_ADDRESS failures.
        scaled = max(address, default=0) * settings.AXES_FAILURE_LIMIT
        return max(pair, scaled // settings.LOGIN_ATTEMPTS_PER_ADDRESS)


def _failures(attempts: Any) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


def _since() -> datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def _managed_usernames(user: Any) -> set[str]:
    """The usernames of everyone in the organisations ``user`` is beheerder of."""
    orgs = Membership.objects.filter(user=user, role=Role.BEHEERDER).values("organisation")
    return set(
        get_user_model()
        .objects.filter(memberships__organisation__in=orgs)
        .values_list("username", flat=True)
    )


def _blocked_addresses(addresses: set[str]) -> set[str]:
    rows = (
        AccessAttempt.objects.filter(ip_address__in=addresses, attempt_time__gte=_since())
        .values("ip_address")
        .annotate(n=Sum("failures_since_start"))
    )
    return {r["ip_address"] for r in rows if r["n"] >= settings.LOGIN_ATTEMPTS_PER_ADDRESS}


def _visible_attempts(user: Any) -> Any:
    """The recent attempts ``user`` may see and lift (see the module's docstring)."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=_since())
    if user.is_staff:
        return recent
    own = recent.filter(username__in=_managed_usernames(user))
    addresses = own.exclude(ip_address=None).values("ip_address")
    nobody = recent.filter(ip_address__in=addresses).exclude(
        username__in=get_user_model().objects.values("username")
    )
    return own | nobody


@login_required
@require_http_methods(["GET", "POST"])
def lockouts(request: HttpRequest) -> HttpResponse:
    """Recent wrong passwords of the organisation's people; lift a lockout."""
    user: Any = request.user
    if not (user.is_staff or Membership.objects.filter(user=user, role=Role.BEHEERDER).exists()):
        raise PermissionDenied
    recent = _visible_attempts(user)
    if request.method == "POST":
        return _lift(request, recent)
    rows = list(
        recent.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("-last")
    )
    blocked = _blocked_addresses({r["ip_address"] for r in rows if r["ip_address"]})
    known = set(
        get_user_model()
        .objects.filter(username__in={r["username"] for r in rows})
        .values_list("username", flat=True)
    )
    for r in rows:
        r["unknown"] = r["username"] not in known
        r["address_blocked"] = r["ip_address"] in blocked
        r["blocked"] = r["address_blocked"] or r["failures"] >= settings.AXES_FAILURE_LIMIT
        r["until"] = r["last"] + settings.AXES_COOLOFF_TIME
    if not user.is_staff:
        rows = _unknown_counted(rows)
    return render(
        request,
        "accounts/lockouts.html",
        {
            "rows": rows,
            "limit": settings.AXES_FAILURE_LIMIT,
            "address_limit": settings.LOGIN_ATTEMPTS_PER_ADDRESS,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "everyone": user.is_staff,
        },
    )


def _unknown_counted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with the attempts for unknown usernames as one row per address, unnamed."""
    out: list[dict[str, Any]] = []
    unknown: dict[Any, dict[str, Any]] = {}
    for r in rows:
        if not r["unknown"]:
            out.append(r)
            continue
        row = unknown.get(r["ip_address"])
        if row is None:  # rows come newest first: the first is the last attempt
            row = unknown[r["ip_address"]] = {**r, "username": "", "names": 0, "failures": 0}
            out.append(row)
        row["names"] += 1
        row["failures"] += r["failures"]
        row["blocked"] = row["blocked"] or r["blocked"]
    return out


def _lift(request: HttpRequest, recent: Any) -> HttpResponse:
    username, address = request.POST.get("username", ""), request.POST.get("address", "")
    pair = recent.filter(username=username, ip_address=address or None)
    if not username and not request.user.is_staff:
        # The unnamed row: every attempt for an unknown username from the address.
        pair = recent.filter(ip_address=address or None).exclude(
            username__in=get_user_model().objects.values("username")
        )
    if not pair.exists():
        messages.error(request, _("Deze blokkade bestaat niet meer."))
        return redirect("accounts:lockouts")
    if address in _blocked_addresses({address}):
        # The beheerder vouches for the address (say, the town hall's), so it
        # is freed as a whole, or the user would stay locked out by it.
        pair = AccessAttempt.objects.filter(ip_address=address)
    pair.delete()
    log.warning("lockout of %r from %s lifted by %s", username, address, request.user)
    messages.success(
        request,
        _("De blokkade van %(user)s vanaf %(address)s is opgeheven.")
        % {"user": username or _("onbekende gebruikersnamen"), "address": address},
    )
    return redirect("accounts:lockouts")
