"""The riskmap report: the whole HTML document."""

from __future__ import annotations

import re
import time
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from weerbaar.model import RiskMap, load_map, parse_map
from weerbaar.report import render_report

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gemeente-voorbeeld.yaml"

MAP = """
weerbaar: 1
name: "Testgemeente <script>alert(1)</script>"
horizon: 10d
parties:
  - {id: gemeente, name: Gemeente Test, kind: gemeente, maturity: 3}
  - {id: netbeheer, name: Netbeheer Zuid, kind: netbeheerder, maturity: 4}
  - {id: hoster, name: "Hoster <script>x()</script> BV", kind: leverancier, maturity: 2}
  - {id: telco-a, name: Telco A, kind: telecomaanbieder}
  - {id: telco-b, name: Telco B, kind: telecomaanbieder}
nodes:
  - {id: stroom, kind: infrastructure, name: Stroomnet, party: netbeheer}
  - {id: dc, kind: infrastructure, name: Datacenter, party: hoster, requires: [stroom]}
  - {id: internet-a, kind: service, name: Internet A, party: telco-a, requires: [stroom]}
  - {id: internet-b, kind: service, name: Internet B, party: telco-b}
  - id: suite
    name: "Suite <script>alert('x')</script>"
    party: hoster
    restart: 8h
    requires: [dc, {any: [internet-a, internet-b]}]
  - id: uitkeringen
    kind: process
    name: Uitbetalen uitkeringen
    party: gemeente
    vital: true
    mtpd: 2d
    requires: [suite]
    impact:
      per_day: {costs: 100000}
      steps: [{after: 1d, daily_life: 2400}]
  - id: loket
    kind: process
    name: Publieksbalie
    party: gemeente
    vital: true
    mtpd: 1d
    requires: [{node: stroom, tolerance: 4h}]
    impact: {steps: [{after: 0h, daily_life: 500}]}
  - {id: koeling, name: Koeling serverruimte, requires: [pomp]}
  - {id: pomp, name: Pomp, requires: [koeling]}
scenarios:
  - id: ransomware
    name: Ransomware bij de hoster
    theme: ransomware
    likelihood: C
    failures: [{node: dc, duration: 5d}]
  - id: stroomstoring
    name: Stroomstoring in de regio
    theme: stroomstoring
    likelihood: B
    failures: [{node: stroom, duration: 12h}]
  - id: lus
    name: Koeling valt uit
    failures: [{node: koeling, duration: 1d}]
measures:
  - id: tweede-dc
    name: Tweede datacenter
    cost: 20000
    changes:
      - add_node: {id: dc-2, kind: infrastructure, name: Datacenter 2, party: hoster}
      - add_alternative: {node: suite, requirement: dc, alternative: dc-2}
  - id: buffer
    name: Papieren noodprocedure
    cost: 2000
    changes: [{add_tolerance: {node: uitkeringen, requirement: suite, tolerance: 3d}}]
  - id: niets
    name: Poster in de kantine
    cost: 500
    changes: [{restart: {node: stroom, restart: 0h}}]
"""

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
# SVG elements written self-closing in the report.
SVG_EMPTY = {"line", "rect", "circle", "polygon", "path"}


class _Document(HTMLParser):
    """Checks that tags nest properly and collects tables by caption."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += attrs

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]} at {self.getpos()}")
            return
        self.stack.pop()
        if tag in ("td", "th") and self._rows is not None and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption or ""] = [r for r in self._rows if r]
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self.stack and self.stack[-1] == "caption" and self._caption is not None:
            self._caption += " ".join(data.split())


@pytest.fixture(scope="module")
def small_map() -> RiskMap:
    return parse_map(MAP)


@pytest.fixture(scope="module")
def html(small_map: RiskMap) -> str:
    return render_report(small_map, generated=datetime(2025, 6, 3))


@pytest.fixture(scope="module")
def doc(html: str) -> _Document:
    parser = _Document()
    parser.feed(html)
    parser.close()
    return parser


def _body_rows(doc: _Document, caption: str) -> list[list[str]]:
    return doc.tables[caption][1:]  # without the header row


# -- the whole document ----------------------------------------------------------


def test_it_writes_well_formed_dutch_html(html: str, doc: _Document) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    assert doc.errors == [] and doc.stack == []
    ids = [value for name, value in doc.attrs if name == "id"]
    assert len(ids) == len(set(ids))
    assert "3 juni 2025" in html


def test_it_is_self_contained(html: str, doc: _Document) -> None:
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html.lower() and "<link" not in html.lower()
    for name, value in doc.attrs:
        if name in ("src", "href"):
            assert value is not None and value.startswith("#"), (name, value)


def test_it_escapes_map_text(html: str) -> None:
    assert "<script>" not in html
    assert "Testgemeente &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Hoster &lt;script&gt;x()&lt;/script&gt; BV" in html


def test_it_has_a_section_and_a_timeline_per_scenario(small_map: RiskMap, html: str) -> None:
    articles = re.findall(r'<article class="scenario".*?</article>', html, re.S)
    assert len(articles) == len(small_map.scenarios)
    for sc in small_map.scenarios:
        (article,) = [a for a in articles if f". {sc.name}</h3>" in a]
        assert article.count("<svg") == 1
        assert 'role="img"' in article and "<title" in article and "<desc" in article
    assert html.count("<svg") == len(small_map.scenarios) + 1  # plus the risk diagram


def test_it_lists_the_scenarios_by_expected_risk(doc: _Document) -> None:
    rows = _body_rows(doc, "Scenario's, gesorteerd op verwacht risico")
    assert [r[1] for r in rows] == [
        "Ransomware bij de hoster",
        "Stroomstoring in de regio",
        "Koeling valt uit",
    ]
    assert rows[2][3] == "onbekend"


def test_it_scores_criteria_and_mtpd_breaches(html: str, doc: _Document) -> None:
    breaches = _body_rows(doc, "Vitale processen die langer uitvallen dan zij kunnen verdragen")
    assert breaches[0][:3] == ["Uitbetalen uitkeringen", "2 dagen", "5 dagen 8 uur"]
    assert breaches[0][4] == "T + 2 dagen"
    assert "5.1 Verstoring van het dagelijks leven" in html
    assert "€ 533.333" in html  # 100.000 per day for 5 days 8 hours


def test_it_warns_about_a_recovery_deadlock(html: str) -> None:
    article = re.search(r"<article[^>]*scenario-lus.*?</article>", html, re.S)
    assert article is not None
    assert "herstelimpasse" in article.group(0)
    assert "Koeling serverruimte" in article.group(0) and "Pomp" in article.group(0)
    assert "Niet in het diagram" in html and "Koeling valt uit" in html


def test_it_names_the_single_points_of_failure_per_process(doc: _Document) -> None:
    rows = {r[0]: r for r in _body_rows(doc, "Enkelvoudige faalpunten")}
    count, spofs = rows["Uitbetalen uitkeringen"][1:]
    assert count == "3"
    assert "Netbeheer Zuid: Stroomnet" in spofs
    assert "Datacenter; Suite <script>alert('x')</script>" in spofs  # text, as a reader sees it
    assert "Internet" not in spofs  # redundant: neither provider alone takes it down
    assert rows["Publieksbalie"][1:] == ["1", "Netbeheer Zuid: Stroomnet"]


def test_it_ranks_chain_partners_by_vital_processes(doc: _Document) -> None:
    rows = _body_rows(doc, "Ketenpartners naar afhankelijkheid van de vitale processen")
    assert [(r[0], r[3]) for r in rows] == [
        ("Gemeente Test", "2"),
        ("Netbeheer Zuid", "2"),
        ("Hoster <script>x()</script> BV", "1"),
        ("Telco A", "0"),
        ("Telco B", "0"),
    ]
    assert rows[1][2] == "4 van 5" and rows[3][2] == "onbekend"
    assert rows[2][4] == "Uitbetalen uitkeringen"


def test_it_ranks_the_most_critical_nodes(doc: _Document) -> None:
    rows = _body_rows(doc, "Onderdelen naar het aantal vitale processen dat met hen uitvalt")
    assert rows[0][1:] == ["Stroomnet", "infrastructuur", "Netbeheer Zuid", "2", "5"]
    assert [r[1] for r in rows[1:3]] == ["Datacenter", "Suite <script>alert('x')</script>"]


def test_it_sorts_measures_by_reduction_per_euro(doc: _Document) -> None:
    rows = _body_rows(doc, "Maatregelen naar rendement")
    assert [r[0] for r in rows] == [
        "Papieren noodprocedure",
        "Tweede datacenter",
        "Poster in de kantine",
    ]
    assert rows[0][1] == "€ 2.000" and rows[2][2] == "0"
    effect = _body_rows(doc, "Effect per scenario")
    assert effect[0][0] == "Ransomware bij de hoster"


def test_it_shows_the_methodology_profile(html: str) -> None:
    footer = html[html.index("<footer>") :]
    assert "Nationale Risicobeoordeling" in footer and "Herkomst" in footer


def test_it_caps_long_timelines_but_keeps_vital_processes() -> None:
    chain = [{"id": "n0"}] + [{"id": f"n{i}", "requires": [f"n{i - 1}"]} for i in range(1, 50)]
    lines = [f"  - {{id: {n['id']}, requires: {n.get('requires', [])}}}" for n in chain]
    lines.append("  - {id: proces, kind: process, vital: true, mtpd: 1h, requires: [n49]}")
    m = parse_map(
        "weerbaar: 1\nnodes:\n"
        + "\n".join(lines)
        + "\nscenarios: [{id: s, likelihood: A, failures: [{node: n0, duration: 2d}]}]\n"
    )
    html = render_report(m, generated=datetime(2025, 1, 1))
    timeline = re.search(r"<svg.*?</svg>", html[html.index("<article") :], re.S)
    assert timeline is not None
    assert timeline.group(0).count('class="bar"') == 40
    assert "★ proces" in timeline.group(0)
    assert "nog 11" in html  # 51 nodes down, 40 shown


@pytest.mark.skipif(not SAMPLE.exists(), reason="examples/gemeente-voorbeeld.yaml is absent")
def test_it_renders_the_sample_map_quickly_and_compactly() -> None:
    m = load_map(SAMPLE)
    start = time.perf_counter()
    html = render_report(m)
    assert time.perf_counter() - start < 10
    assert len(html.encode()) < 5 * 1024 * 1024
    assert all(sc.label in html for sc in m.scenarios)
    assert "http://" not in html and "https://" not in html


def test_it_states_the_span_each_timeline_shows(html: str) -> None:
    captions = {
        title: " ".join(caption.split())
        for title, caption in re.findall(
            r"<h3[^>]*>\d+\. ([^<]*)</h3>.*?<figcaption>(.*?)</figcaption>", html, re.S
        )
    }
    # The data centre is back after 5 days, the suite 8 hours later: zoomed.
    assert "de eerste 6 dagen van de doorgerekende 10 dagen" in captions["Ransomware bij de hoster"]
    assert "de eerste 24 uur van" in captions["Stroomstoring in de regio"]
    # A recovery deadlock stays down at the horizon: the whole period.
    assert "de hele doorgerekende periode van 10 dagen" in captions["Koeling valt uit"]


ONE_OF_EACH = """
weerbaar: 1
horizon: 30d
parties: [{id: net, name: Netbeheer, kind: netbeheerder}]
nodes:
  - {id: stroom, kind: infrastructure, name: Stroomnet, party: net}
  - id: zorg
    kind: process
    name: Acute zorg
    vital: true
    mtpd: 20d
    requires: [stroom]
    impact: {steps: [{after: 0h, deaths: 1}]}
scenarios:
  - {id: storing, name: Stroomstoring, likelihood: C, failures: [{node: stroom, duration: 30h}]}
measures:
  - {id: accu, name: Accu, cost: 100, changes: [{restart: {node: stroom, restart: 0h}}]}
"""


def test_it_uses_the_singular_for_one() -> None:
    html = render_report(parse_map(ONE_OF_EACH), generated=datetime(2025, 1, 1))
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    plural_after_one = re.findall(
        r"(?<![\d,.]) 1 (personen|dagen|onderdelen|vitale processen|knooppunten|scenario's|"
        r"ketenpartners|maatregelen|overschrijdingen|rijen)\b",
        text,
    )
    assert plural_after_one == []
    assert "1 persoon" in text
    assert "Uitgevallen: 2 onderdelen, waarvan 1 vitaal proces" in text
    assert "<dt>vitaal proces</dt><dd>1</dd>" in html  # the cover's counts
    assert "<dt>scenario</dt><dd>1</dd>" in html and "<dt>maatregel</dt><dd>1</dd>" in html
    assert "Risicodiagram van 1 scenario." in text
    assert "Het enige vitale proces heeft minstens één enkelvoudig faalpunt." in text
    # 30 hours of outage in 30 days: the timeline shows 36 hours.
    assert "de eerste 36 uur van de doorgerekende 30 dagen" in text
    assert "Bij 1 vitaal proces valt de MTPD-grens later" in text
