"""Fetch a document from a URL as hostile input: bounded size and time, no surprises.

Used for MISP feeds and remote TAXII collections that a municipality adds
by URL. Besides the limits of :mod:`~weerbaar.interop.hostile`:

- only ``http`` and ``https``;
- the host must not resolve to a loopback, private, link-local or other
  non-public address unless ``allow_private`` is set (a feed URL typed into
  a form must not make the server read its own network, such as a cloud
  metadata address); the web app sets it from
  ``WEERBAAR_FEEDS_ALLOW_PRIVATE`` for a feed inside the region's network;
- redirects are not followed (each would need the same checks);
- a read timeout bounds a server that trickles.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests

from weerbaar.interop.hostile import read_limited
from weerbaar.interop.records import ImportRefused, refuse

TIMEOUT = 20.0


def check_url(url: str, *, allow_private: bool = False) -> None:
    """:class:`ImportRefused` when ``url`` may not be fetched."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise refuse(url, ["only http:// and https:// addresses can be fetched"])
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise refuse(url, [f"the host {parts.hostname!r} is not found"]) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise refuse(
                url,
                [
                    f"{parts.hostname} is a non-public address ({address}); "
                    "feeds inside the own network need WEERBAAR_FEEDS_ALLOW_PRIVATE"
                ],
            )


def fetch(
    url: str,
    max_bytes: int,
    *,
    headers: dict[str, str] | None = None,
    allow_private: bool = False,
    timeout: float = TIMEOUT,
) -> bytes:
    """The body at ``url``, at most ``max_bytes`` long; :class:`ImportRefused` otherwise."""
    check_url(url, allow_private=allow_private)
    try:
        with requests.get(
            url, headers=headers or {}, stream=True, timeout=timeout, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                raise refuse(url, [f"the server answered {response.status_code} {response.reason}"])
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise refuse(url, [f"larger than {max_bytes:,} bytes; not read"])
            return read_limited(response.iter_content(64 * 1024), url, max_bytes)
    except ImportRefused:
        raise
    except requests.RequestException as exc:
        raise refuse(url, [f"cannot be fetched: {type(exc).__name__}"]) from None
