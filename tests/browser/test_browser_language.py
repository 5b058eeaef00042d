"""The language switch: Dutch by default, English on request, and back."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def required_error(page: Page) -> str:
    """Submit the login form empty and return the username's error message."""
    page.locator("main form button[type=submit]").click()
    error = page.locator("#id_username_error")
    expect(error).to_be_visible()
    return error.inner_text().strip()


def test_it_switches_to_english_and_back(page: Page, demo: Any, logged_in: Any) -> None:
    html = page.locator("html")
    # The page fixture's browser asks for English; the site still starts in Dutch.
    logged_in(page, demo.ciso)
    overview = page.url
    expect(html).to_have_attribute("lang", "nl")

    page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(overview)  # the switch comes back to the same page
    expect(page.get_by_role("button", name="Nederlands")).to_be_visible()

    # Django's own messages come from its catalogues, so the login form's
    # errors show the language whatever Weerbaar's English catalogue holds.
    page.locator(f"form[action='{reverse('logout')}'] button").click()
    expect(html).to_have_attribute("lang", "en")
    assert required_error(page) == "This field is required."

    page.get_by_role("button", name="Nederlands").click()
    expect(html).to_have_attribute("lang", "nl")
    assert required_error(page) == "Dit veld is vereist."
    logged_in(page, demo.ciso)
    expect(html).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="English")).to_be_visible()
