"""Dutch unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, which would
show a Dutch municipal application in English to everyone with an English
browser. Here only the explicit language switch (its cookie) counts.

The core (map and workbook errors, scoring words, charts) translates with its
own catalogue (:mod:`weerbaar.i18n`, English unless told otherwise); the
middleware sets its language for the whole request too, so that what the core
says on a page is in the page's language without each view asking for it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from weerbaar.i18n import language as core_language


class DutchFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        with core_language(page_language()):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


def page_language() -> str:
    """The page's language as :mod:`weerbaar.i18n` names it, for messages of the core.

    The core (map errors, catalogue errors, charts) translates with its own
    catalogue; a view wraps a core call in ``weerbaar.i18n.language(page_language())``
    so that what it says matches the page.
    """
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"
