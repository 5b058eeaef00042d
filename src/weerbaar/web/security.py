"""A Content-Security-Policy header for every response.

Django 5.2 has no built-in CSP. Everything the pages use is served from this
origin (vendored scripts and styles), except map tiles from the configured
tile server, so the policy can be strict.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def policy() -> str:
    img = ["'self'", "data:"]
    if settings.TILE_URL:
        parts = urlsplit(settings.TILE_URL)
        # Leaflet's {s} picks one of several subdomains.
        host = parts.netloc.replace("{s}.", "*.", 1)
        img.append(f"{parts.scheme}://{host}")
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src {' '.join(img)}",
            "style-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.header)
        return response
