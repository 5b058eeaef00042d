"""axe-core on every main page: no serious or critical WCAG 2.0/2.1 A/AA violation.

Each page is checked as the CISO of Gemeente Voorbeeld sees it (the sample
map, so tables and drawings are full), after its script has drawn what it
draws, under the page's real Content-Security-Policy. Minor and moderate
findings are printed (``pytest -rA``) but do not fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class MainPage:
    name: str
    kwargs: tuple[tuple[str, str], ...] = ()
    query: str = ""
    #: A selector that is visible once the page's script has finished drawing.
    ready: str = ""
    login: bool = True

    def path(self, demo: Any) -> str:
        if not self.login:
            return reverse(self.name)
        return demo.url(self.name, **dict(self.kwargs)) + self.query


PAGES = {
    "login": MainPage("login", login=False),
    "overview": MainPage("maps:overview"),
    "nodes": MainPage("maps:nodes"),
    "node": MainPage("maps:node", (("node_id", "uitkeringen"),)),
    "node-form": MainPage("maps:node_edit", (("node_id", "uitkeringen"),)),
    "graph": MainPage("graph:graph", query="?node=uitkeringen", ready="#wb-graph canvas"),
    "geo": MainPage(
        "geo:geo", query="?scenario=regionale-stroomstoring&t=6", ready=".wb-marker__pill"
    ),
    "scenarios": MainPage("scenarios:list"),
    "scenario": MainPage(
        "scenarios:detail",
        (("scenario_id", "regionale-stroomstoring"),),
        ready="#wb-mini-holder svg",
    ),
    "risk": MainPage("insight:risk"),
    "criticality": MainPage("insight:criticality"),
    "partners": MainPage("insight:partners"),
    "measures": MainPage("insight:measures"),
    "dashboard": MainPage("insight:dashboard"),
    "history": MainPage("maps:history"),
    "transfer": MainPage("maps:transfer"),
    "api-documentation": MainPage("api:documentation", login=False, ready=".swagger-ui .opblock"),
}


@pytest.mark.parametrize("key", list(PAGES))
def test_it_has_no_serious_accessibility_violations(
    key: str, page: Page, demo: Any, signed_in: Any, axe: Any, problems: Any
) -> None:
    main = PAGES[key]
    if main.login:
        signed_in(page, demo.ciso)
    response = page.goto(main.path(demo))
    assert response is not None and response.status == 200, f"{key}: {response}"
    if main.ready:
        expect(page.locator(main.ready).first).to_be_visible()

    found = axe(page)
    for violation in found:
        if not violation.blocking:
            print(f"{key}: {violation}")
    serious = [str(v) for v in found if v.blocking]
    assert not serious, f"axe-core on {key} ({page.url}):\n" + "\n".join(serious)
    # A page that leans on something its policy forbids is broken for users too.
    assert not problems.csp, "\n".join(problems.csp)
    assert not problems.errors, "\n".join(problems.errors)


def test_it_has_no_serious_accessibility_violations_on_the_lockout_page(
    page: Page, demo: Any, signed_in: Any, axe: Any, problems: Any, client: Any
) -> None:
    from django.contrib.auth import get_user_model

    from weerbaar.web.accounts.models import Membership, Role

    beheerder = get_user_model().objects.create_user(username="beheer", password="x" * 16)
    Membership.objects.create(
        user=beheerder, organisation=demo.record.organisation, role=Role.BEHEERDER
    )
    for _ in range(5):  # a row in the table, with its button
        client.post(reverse("login"), {"username": "ciso", "password": "wrong"})
        # ... and the unnamed row of unknown usernames from the same address.
        client.post(reverse("login"), {"username": "gok", "password": "wrong"})
    signed_in(page, beheerder)
    response = page.goto(reverse("accounts:lockouts"))
    assert response is not None and response.status == 200
    expect(page.get_by_role("button", name="Blokkade van ciso opheffen")).to_be_visible()
    unnamed = re.compile(r"Blokkade van onbekende gebruikersnamen vanaf .+ opheffen")
    expect(page.get_by_role("button", name=unnamed)).to_be_visible()
    serious = [str(v) for v in axe(page) if v.blocking]
    assert not serious, "axe-core on the lockout page:\n" + "\n".join(serious)
    assert not problems.csp, "\n".join(problems.csp)


def test_it_reports_what_it_should(page: Page, demo: Any, axe: Any, problems: Any) -> None:
    # The checks above pass on silence, so make sure they can hear: axe finds
    # an image without text, and an inline script is refused and recorded.
    page.goto(reverse("login"))
    page.evaluate("""() => {
        const img = document.createElement("img");
        img.src = "/static/vendor/leaflet-1.9.4/images/marker-icon.png";
        document.querySelector("main").append(img);
    }""")
    found = {v.id: v for v in axe(page)}
    assert "image-alt" in found and found["image-alt"].blocking
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="window.inline = true;")
    assert page.evaluate("() => window.inline") is None
    assert problems.csp, "the refused inline script was not recorded"


def test_it_has_no_serious_accessibility_violations_in_the_report(
    page: Page, demo: Any, signed_in: Any, axe: Any, tmp_path: Path
) -> None:
    # The council's HTML report is a download, read outside the site.
    signed_in(page, demo.ciso)
    page.goto(demo.url("maps:overview"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Rapport (HTML)").click()
    report = tmp_path / info.value.suggested_filename
    info.value.save_as(report)
    page.goto(report.as_uri())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeente Voorbeeld")
    serious = [str(v) for v in axe(page) if v.blocking]
    assert not serious, "axe-core on the HTML report:\n" + "\n".join(serious)
