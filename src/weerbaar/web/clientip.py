"""The address of the person at the other end, also behind a reverse proxy.

Behind a proxy every request comes from the proxy's address, so a lockout
keyed on ``REMOTE_ADDR`` would lock out everyone at once, and anyone could
lock out ``beheerder`` with five wrong passwords. The proxy writes the real
address into ``X-Forwarded-For``, but a client can send that header too, so
only the entries the trusted proxies appended are believed: with
``WEERBAAR_TRUSTED_PROXIES=N`` the client is the ``N``-th address from the
right of ``X-Forwarded-For`` + ``REMOTE_ADDR``. Anything the client wrote in
front of those is ignored.

Examples
--------
>>> from types import SimpleNamespace as R
>>> client_ip(R(META={"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}), 0)
'10.0.0.2'
>>> client_ip(R(META={"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"}), 1)
'1.2.3.4'
"""

from __future__ import annotations

import ipaddress
from typing import Any


def client_ip(request: Any, trusted_proxies: int | None = None) -> str | None:
    """The client's address, believing ``trusted_proxies`` hops of ``X-Forwarded-For``."""
    if trusted_proxies is None:
        from django.conf import settings

        trusted_proxies = int(settings.TRUSTED_PROXIES)
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    if not trusted_proxies or remote is None:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [part.strip() for part in forwarded.split(",") if part.strip()] + [remote]
    # Fewer hops than proxies: the request did not pass them all, so the
    # leftmost address is the nearest one we can say anything about.
    candidate = hops[-(trusted_proxies + 1)] if len(hops) > trusted_proxies else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # A proxy that writes something else than an address is misconfigured;
        # the connection's own address is still true.
        return remote
