"""Template context: who is logged in, for which organisation, in which role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from weerbaar.web.accounts.models import Membership


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    first = Membership.objects.select_related("organisation").filter(user=user).first()
    return {"membership": first}
