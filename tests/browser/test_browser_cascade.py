"""Run a scenario and watch its cascade: the player, its live text and the down list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SCENARIO = "Uitval van het regionale internetknooppunt"
#: Needs the workplaces, which need the town hall's only internet line; 8 hours' slack.
VITAL = "★ Uitkeringen Participatiewet"


def open_player(page: Page, demo: Any, *, from_list: bool = True) -> None:
    if from_list:
        page.goto(demo.url("scenarios:list"))
        page.get_by_role("link", name=SCENARIO).click()
    else:  # the list runs every scenario; one test going through it is enough
        page.goto(demo.url("scenarios:detail", scenario_id="uitval-internetknooppunt"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SCENARIO)
    # The script swaps the no-script form for the player once the run has loaded.
    expect(page.locator("#wb-player-controls")).to_be_visible()
    expect(page.locator("#wb-player-fallback")).to_be_hidden()


def test_it_steps_through_the_cascade(page: Page, demo: Any, signed_in: Any, problems: Any) -> None:
    signed_in(page, demo.ciso)
    open_player(page, demo)
    now, down = page.locator("#wb-now"), page.locator("#wb-down-list")
    expect(now).to_have_attribute("aria-live", "polite")
    expect(now).to_contain_text("T: ")
    expect(down).to_contain_text("Regionaal internetknooppunt Oost")
    expect(down).not_to_contain_text(VITAL)
    start = now.inner_text()

    # "Next change" until the cascade reaches the vital process.
    forward = page.get_by_role("button", name="Volgende verandering")
    for _ in range(20):
        if VITAL in down.inner_text():
            break
        forward.click()
    expect(down).to_contain_text(VITAL)
    expect(now).not_to_have_text(start)
    expect(now).to_contain_text(re.compile(r"waarvan \d+ vita(al proces|le processen)"))

    # The slider is the same clock: back to the start by keyboard.
    slider = page.get_by_role("slider", name="Tijdstip")
    slider.focus()
    page.keyboard.press("Home")
    expect(now).to_have_text(start)
    expect(down).not_to_contain_text(VITAL)
    assert not problems.csp and not problems.errors, problems


def test_it_plays_and_pauses_the_cascade(page: Page, demo: Any, signed_in: Any) -> None:
    signed_in(page, demo.ciso)
    open_player(page, demo, from_list=False)
    play = page.locator("#wb-play")  # its name changes to "Pauzeren" while playing
    slider = page.get_by_role("slider", name="Tijdstip")
    expect(slider).to_have_attribute("aria-valuetext", "T")
    play.click()
    expect(play).to_have_text("Pauzeren")
    # The clock moves, and the slider says the moment in words each tick.
    expect(slider).not_to_have_attribute("aria-valuetext", "T")
    play.click()
    expect(play).to_have_text("Afspelen")
    paused = slider.input_value()
    page.wait_for_timeout(700)  # two ticks of the player: nothing moves when paused
    assert slider.input_value() == paused
    # What is down now is what the player says is down.
    expect(page.locator("#wb-now")).to_contain_text(slider.get_attribute("aria-valuetext") or "?")


def test_it_groups_a_large_count_as_the_page_does(page: Page, demo: Any, signed_in: Any) -> None:
    # The demo's cascades are small: the player is handed one of 1,234 more
    # components down from the start, as a regional map could have.
    def inflate(route: Any) -> None:
        data = route.fetch().json()
        for i in range(1234):
            data["simulation"]["down"][f"extra-{i}"] = [[0, None]]
            data["nodes"][f"extra-{i}"] = {"label": f"Extra {i}", "kind": "system", "vital": False}
        route.fulfill(json=data)

    result = demo.url("scenarios:result", scenario_id="uitval-internetknooppunt")
    page.route(re.compile(re.escape(result) + r"$"), inflate)
    signed_in(page, demo.ciso)
    open_player(page, demo, from_list=False)
    grouped = re.compile(r"T: 1\.2\d\d onderdelen uitgevallen")  # 1.2xx, not 12xx
    expect(page.locator("#wb-now")).to_contain_text(grouped)
