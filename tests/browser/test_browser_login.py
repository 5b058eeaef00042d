"""Logging in through the real form, and the NL Design System look of the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

#: What Chromium paints a <button> with when no stylesheet reached it.
BROWSER_DEFAULTS = {"rgba(0, 0, 0, 0)", "rgb(239, 239, 239)", "rgb(240, 240, 240)"}


def test_it_shows_an_error_for_a_wrong_password(page: Page, demo: Any) -> None:
    page.goto(reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("ciso")
    page.get_by_label("Wachtwoord").fill("not-the-password")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(reverse("login")) + "$"))
    cookies = {c["name"] for c in page.context.cookies()}
    assert settings.SESSION_COOKIE_NAME not in cookies


def test_it_lands_on_the_map_after_logging_in(page: Page, demo: Any, logged_in: Any) -> None:
    logged_in(page, demo.ciso)
    expect(page).to_have_url(re.compile(re.escape(demo.url("maps:overview")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Voorbeeld")
    expect(page.get_by_role("navigation", name="Risicokaart")).to_be_visible()


def test_it_styles_the_pages_with_the_theme(page: Page, demo: Any) -> None:
    page.goto(reverse("login"))
    button = page.get_by_role("button", name="Inloggen")
    background = button.evaluate("b => getComputedStyle(b).backgroundColor")
    assert background not in BROWSER_DEFAULTS, f"primary button unstyled: {background}"
    # Every stylesheet arrived and has rules (a 404 would leave one empty).
    sizes = page.evaluate("() => [...document.styleSheets].map(s => s.cssRules.length)")
    assert len(sizes) >= 3
    assert all(sizes), sizes
