"""Add a dependency through the node form and see it in the dependency graph."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

#: Cytoscape keeps its instance on the container; the page's script draws into #wb-graph.
DRAWN = """() => {
    const reg = document.getElementById("wb-graph")._cyreg;
    return Boolean(reg && reg.cy && reg.cy.nodes().length);
}"""
EDGES = """() => document.getElementById("wb-graph")._cyreg.cy.edges()
    .map(e => [e.source().id(), e.target().id()])"""


def drawn_edges(page: Page, url: str) -> set[tuple[str, str]]:
    """Open the graph page and return the edges Cytoscape drew, as (needed, needing)."""
    page.goto(url)
    page.wait_for_function(DRAWN)
    return {(source, target) for source, target in page.evaluate(EDGES)}


def free_row(page: Page) -> Locator:
    """The first empty "Heeft nodig" input of the node form's requirement rows."""
    rows = page.locator("input[name^='req-'][name$='-members']")
    empty = next(i for i in range(rows.count()) if not rows.nth(i).input_value())
    return rows.nth(empty)


def test_it_shows_a_new_dependency_in_the_graph(
    page: Page, demo: Any, signed_in: Any, problems: Any
) -> None:
    signed_in(page, demo.ciso)
    graph = demo.url("graph:graph")
    before = drawn_edges(page, graph)
    assert ("cloudplatform-wolkdienst", "website-gemeente") in before
    assert ("website-gemeente", "begraven") not in before

    # As a user would: the node's page, "Wijzigen", a free row under "Heeft nodig".
    page.goto(demo.url("maps:node", node_id="begraven"))
    page.get_by_role("link", name="Wijzigen").click()
    free_row(page).fill("website-gemeente")
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(re.escape(demo.url("maps:node", node_id="begraven")) + "$"))
    needs = page.get_by_role("table").first
    expect(needs.get_by_role("link", name="Website gemeente Voorbeeld")).to_be_visible()

    edges = drawn_edges(page, graph)
    assert ("website-gemeente", "begraven") in edges
    # The table under the drawing, the text alternative, says the same.
    row = page.locator("#wb-dep-table tr[data-node='begraven']")
    expect(row.locator("td").nth(2)).to_contain_text("Website gemeente Voorbeeld")
    assert not problems.csp and not problems.errors, problems
