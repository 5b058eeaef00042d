"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

Playwright's own browser download cannot work here, so the tests drive the
system Chromium (``apt install chromium``) and are skipped, with the reason,
when it is missing. Every test gets a fresh browser context (its own cookies)
on a live Django server with Gemeente Voorbeeld loaded from
``examples/gemeente-voorbeeld.yaml`` and its CISO, whose password is known.

Pages run under their real Content-Security-Policy; the fixtures record what
the browser refused or what threw, so a page that only works without the
policy fails here rather than in production.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from weerbaar.model import load_map, to_data
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.maps import service
from weerbaar.web.maps.models import RiskMapRecord

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent
AXE = HERE / "vendor" / "axe-core-4.14.1.min.js"
EXAMPLE = HERE.parents[1] / "examples" / "gemeente-voorbeeld.yaml"
PASSWORD = "browser-test-passphrase-8421"
#: The WCAG levels the issue asks for: 2.0 and 2.1, A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Impacts that fail a test; minor and moderate findings are reported only.
BLOCKING = {"serious", "critical"}
#: Generous for a loaded CI machine, short enough that a hang fails quickly.
TIMEOUT_MS = 15_000


@pytest.fixture(autouse=True)
def browser_settings(settings: Any) -> None:
    # Argon2 is deliberately slow; these tests are not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No collectstatic: the static tag resolves plain names, and the live
    # server's static handler (and WhiteNoise) serve them from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    # Cookies stay Secure as in production: Chromium counts the live server's
    # http://localhost as a secure context and sends them back.


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module.

    Per module rather than per session: while Playwright runs, its asyncio loop
    makes Django refuse ORM calls from this thread, and the tests of other
    folders in the same run must not live with that (or with the switch
    below that allows the calls).
    """
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt install chromium)")
    sync_api.expect.set_options(timeout=TIMEOUT_MS)
    # The fixtures' ORM calls are synchronous and happen between browser
    # steps, never inside the loop, so they are safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()


@dataclass
class Problems:
    """What the browser refused or what threw while a test ran."""

    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser: Browser, live_server: Any, problems: Problems) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
        # An English browser: the site must still start in Dutch (see i18n.py).
        locale="en-GB",
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()

    def on_console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.csp.append(f"{tab.url}: {message.text}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: problems.errors.append(f"{tab.url}: {error}"))
    try:
        yield tab
    finally:
        context.close()


# --- the demo data -------------------------------------------------------------------------


@dataclass
class Demo:
    """Gemeente Voorbeeld with its map and its CISO (password :data:`PASSWORD`)."""

    record: RiskMapRecord
    ciso: Any

    @property
    def map_id(self) -> int:
        return int(self.record.pk)

    def url(self, name: str, **kwargs: Any) -> str:
        """The path of one of this map's pages, by URL name."""
        return reverse(name, kwargs={"map_id": self.map_id, **kwargs})


def make_user(username: str, organisation: Organisation, role: Role, full_name: str) -> Any:
    first, _, last = full_name.partition(" ")
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture(scope="session")
def example_data() -> dict[str, Any]:
    # Parsed once: the sample is the realistic size for these pages.
    return to_data(load_map(EXAMPLE))


@pytest.fixture
def demo(transactional_db: Any, example_data: dict[str, Any]) -> Demo:
    # Roles and isolation are the web tests' business; the pages are the same
    # for every role that may analyse and edit, so the CISO of the issue will do.
    gemeente = Organisation.objects.create(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld")
    record = service.create_map(gemeente, example_data, None, "Geladen uit het voorbeeld")
    return Demo(record=record, ciso=make_user("ciso", gemeente, Role.CISO, "Chris Ciso"))


# --- helpers the tests share ---------------------------------------------------------------


@pytest.fixture
def logged_in() -> Callable[[Page, Any], Page]:
    """``logged_in(page, user)``: log in through the real login form, as a person does.

    Returns the page on the landing page (the user's map).
    """

    def as_user(page: Page, user: Any) -> Page:
        page.goto(reverse("login"))
        page.get_by_label("Gebruikersnaam").fill(user.get_username())
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()
        assert reverse("login") not in page.url, f"{user.get_username()} could not log in"
        return page

    return as_user


@pytest.fixture
def signed_in(live_server: Any) -> Callable[[Page, Any], Page]:
    """``signed_in(page, user)``: a session cookie instead of the form, for speed.

    For the many tests that are not about logging in (the axe scan of every
    page); :func:`logged_in` is the one that goes through the form.
    """

    def as_user(page: Page, user: Any) -> Page:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return as_user


@dataclass(frozen=True)
class Violation:
    """One axe-core rule that failed, with the elements it failed on."""

    id: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]
    html: tuple[str, ...]

    @property
    def blocking(self) -> bool:
        return self.impact in BLOCKING

    def __str__(self) -> str:
        lines = [f"{self.id} ({self.impact}): {self.help} <{self.help_url}>"]
        lines += [f"    {t}: {h[:200]}" for t, h in zip(self.targets, self.html, strict=True)]
        return "\n".join(lines)


_AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact || "", help: v.help, help_url: v.helpUrl,
        targets: v.nodes.map(n => n.target.join(" ")),
        html: v.nodes.map(n => n.html),
    }));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source: str) -> Callable[[Page], list[Violation]]:
    """``axe(page)``: the WCAG 2.0/2.1 A and AA violations axe-core finds on the page.

    The source is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy (no inline or evaluated script) does not govern,
    so the page is checked exactly as users get it, policy and all.
    """

    def run(page: Page) -> list[Violation]:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        found = page.evaluate(_AXE_RUN, WCAG_TAGS)
        return [
            Violation(
                id=v["id"],
                impact=v["impact"],
                help=v["help"],
                help_url=v["help_url"],
                targets=tuple(v["targets"]),
                html=tuple(v["html"]),
            )
            for v in found
        ]

    return run
