"""The issue's "done when": a newcomer adds a second internet provider and sees the risk drop.

Log in as the CISO of Gemeente Voorbeeld, find the single points of failure of
the benefits process ("uitkeringen"), add a second internet line the way the
sample's measure ``tweede-internetprovider`` describes it, through the node
forms, and see the risk of the fibre-cut scenario go down.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

UITKERINGEN = "Uitkeringen Participatiewet"
#: What the town hall's only lines run over: single points of failure until the second line.
GLASNET = (
    "Internettoegang via GlasNet",
    "Glasvezelverbinding gemeentehuis - Datacenter Oost",
    "Regionale glasvezelring GlasNet",
    "Regionaal internetknooppunt Oost",
)
SCENARIO = "Graafschade aan de regionale glasvezelring"
#: A new id: the sample's measure already reserves its own id for this line.
SECOND_LINE = "tweede-internetlijn"


def menu(page: Page, entry: str) -> None:
    page.get_by_role("navigation", name="Risicokaart").get_by_role("link", name=entry).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(entry)


def single_points(page: Page, process: str) -> str:
    """The single points of failure of a vital process, as the criticality page lists them."""
    menu(page, "Criticaliteit")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=process))
    return row.get_by_role("cell").last.inner_text()


def impact_score(page: Page, scenario: str) -> float:
    """A scenario's impact score from the risk diagram's table (Dutch number format)."""
    menu(page, "Risicodiagram")
    headers = page.locator("table thead th").all_inner_texts()
    column = next(i for i, h in enumerate(headers) if h.strip() == "Impactscore")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=scenario))
    text = row.locator("th, td").nth(column).inner_text().strip()
    return float(text.replace(".", "").replace(",", "."))


def add_alternative(page: Page, demo: Any, node: str, requirement: str, alternative: str) -> None:
    """On the node's form, turn one requirement into a group with an alternative."""
    page.goto(demo.url("maps:node", node_id=node))
    page.get_by_role("link", name="Wijzigen").click()
    rows = page.locator("input[name^='req-'][name$='-members']")
    row = next(r for r in rows.all() if r.input_value().strip() == requirement)
    row.fill(f"{requirement}, {alternative}")
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(re.escape(demo.url("maps:node", node_id=node)) + "$"))
    expect(page.get_by_role("cell", name=re.compile("^een van:"))).to_contain_text(
        "Tweede internetlijn (KabelNet)"
    )


def test_it_lowers_the_risk_with_a_second_internet_provider(
    page: Page, demo: Any, logged_in: Any, problems: Any
) -> None:
    logged_in(page, demo.ciso)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Voorbeeld")

    before = single_points(page, UITKERINGEN)
    assert all(point in before for point in GLASNET), before
    risk_before = impact_score(page, SCENARIO)
    assert risk_before > 0

    # The new line: a service of KabelNet on its own fixed network.
    menu(page, "Knooppunten")
    page.get_by_role("link", name="Knooppunt toevoegen").click()
    page.get_by_label("Id", exact=True).fill(SECOND_LINE)
    page.get_by_label("Naam", exact=True).fill("Tweede internetlijn (KabelNet)")
    page.get_by_label("Soort", exact=True).select_option("service")
    page.get_by_label("Partij", exact=True).select_option("kabelnet")
    page.locator("input[name='req-0-members']").fill("kabelnet-netwerk")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede internetlijn (KabelNet)")

    # As the measure has it: the gateway's internet and the workplaces' line
    # to the data centre get the new line as an alternative. (The measure also
    # backs up server rack C's line, which the benefits process does not need.)
    add_alternative(page, demo, "internetgateway-gemeentehuis", "internet-glasnet", SECOND_LINE)
    add_alternative(page, demo, "werkplekken", "datalijn-gemeentehuis-dc", SECOND_LINE)

    after = single_points(page, UITKERINGEN)
    assert not any(point in after for point in GLASNET), after
    risk_after = impact_score(page, SCENARIO)
    assert risk_after < risk_before
    assert not problems.csp and not problems.errors, problems
